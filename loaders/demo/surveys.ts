import { Random } from "./random.ts";
import type { DemoCustomer } from "./customers.ts";
import type { SurveyDefinition } from "../survey/definition.ts";

export interface DemoResponse {
  customer: DemoCustomer;
  respondent: string;
  submittedAt: Date;
  answers: Record<string, number | undefined>;
  overall?: number;
  nps?: number;
  comment?: string;
}

const firstNames = [
  "Anh",
  "Bình",
  "Chi",
  "Dũng",
  "Giang",
  "Hà",
  "Hải",
  "Hương",
  "Khánh",
  "Linh",
  "Mai",
  "Minh",
  "Ngọc",
  "Phúc",
  "Quân",
  "Thảo",
  "Trang",
  "Tuấn",
  "Vy",
  "Yến",
];
const lastNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];

const commentsByDimension: Record<string, [string, string]> = {
  product_quality: ["Sản phẩm chất lượng ổn định, ít hỏng vặt", "Máy in hay kẹt giấy, chất lượng chưa tương xứng"],
  price: ["Giá hợp lý so với thị trường", "Giá cao hơn đối thủ, cần thêm chiết khấu cho khách hàng thân thiết"],
  delivery: ["Giao hàng đúng hẹn, đóng gói cẩn thận", "Giao hàng trễ hẹn nhiều lần"],
  warranty_service: ["Bảo hành nhanh, kỹ thuật viên tận tình", "Thời gian bảo hành quá lâu, máy sửa xong lại hỏng"],
  staff_attitude: ["Nhân viên thân thiện, hỗ trợ nhiệt tình", "Nhân viên phản hồi chậm, thái độ chưa tốt"],
  documents: ["Hóa đơn chứng từ đầy đủ, kịp thời", "Hóa đơn xuất chậm, đối chiếu công nợ mất thời gian"],
};

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

/**
 * One wave of the twice-yearly survey: most customers answer, each answer follows the
 * customer's mood and the wave's mood of each dimension (warranty service dips in a
 * bad wave, so the analysis has something to find), some answers are left empty.
 */
export function generateWave(
  random: Random,
  definition: SurveyDefinition,
  customers: DemoCustomer[],
  fieldwork: Date,
  dimensionShift: Record<string, number>,
): DemoResponse[] {
  const responses: DemoResponse[] = [];
  for (const customer of customers) {
    if (!random.chance(0.72)) continue;
    const answers: Record<string, number | undefined> = {};
    let sum = 0;
    let n = 0;
    let worst = { dimension: "", score: 6 };
    for (const q of definition.questions) {
      if (random.chance(0.04)) continue; // left empty: missing, not zero
      const score = clamp(
        3.9 + customer.mood * 0.8 + (dimensionShift[q.dimension] ?? 0) + (random.next() - 0.5) * 1.8,
        1,
        5,
      );
      answers[q.id] = score;
      sum += score * (q.dimension === "warranty_service" ? 2 : 1);
      n += q.dimension === "warranty_service" ? 2 : 1;
      if (score < worst.score) worst = { dimension: q.dimension, score };
    }
    const mean = n ? sum / n : 3.5;
    const overall = clamp(mean + (random.next() - 0.5) * 0.8, 1, 5);
    const nps = clamp((mean - 1) * 2.5 + (random.next() - 0.5) * 2, 0, 10);
    const commentary =
      random.chance(0.45) && worst.dimension
        ? commentsByDimension[worst.dimension][worst.score <= 3 ? 1 : 0]
        : undefined;
    responses.push({
      customer,
      respondent: `${random.pick(lastNames)} ${random.pick(["Văn", "Thị", "Minh", "Thu", "Đức"])} ${random.pick(firstNames)}`,
      submittedAt: new Date(
        fieldwork.getTime() + random.int(0, 20) * 86_400_000 + random.int(8 * 60, 17 * 60) * 60_000,
      ),
      answers,
      overall: random.chance(0.02) ? undefined : overall,
      nps,
      comment: commentary,
    });
  }
  return responses;
}
