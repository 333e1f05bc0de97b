import { parse, UsageError, dbOption } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { monthlyKpis } from "../kpi/monthly.ts";
import { loadTargets } from "../kpi/targets.ts";
import { annualReview, reviewYears, verdictRule } from "../review/annual.ts";
import { loadDecisions } from "../review/decisions.ts";
import type { Phase } from "../review/control.ts";
import { changeEffectText, formatDay, formatKpi, reviewCoverageNotes, verdictText } from "@haumai/vi";

export const reviewHelp = `haumai review --year YYYY [tùy chọn]

Xem xét chính sách hậu mãi năm cho Ban Giám đốc: với mỗi chỉ số, 12 tháng so với mục tiêu,
số tháng đạt, giá trị cả năm so với năm trước, biểu đồ kiểm soát (XmR hoặc p) với các tín hiệu
bất thường, và đề xuất: giữ chính sách hay thay đổi, kèm lý do. Quyết định của Ban Giám đốc
đọc từ data/decisions/decisions.csv; chỉ số Ban Giám đốc quyết định thay đổi ở kỳ xem xét năm trước
có so sánh trước / sau ngày hiệu lực (tín hiệu thật hay dao động ngẫu nhiên), và biểu đồ kiểm soát
chia giai đoạn tại tháng thay đổi có hiệu lực.

  --year YYYY   năm xem xét (mặc định: năm gần nhất có dữ liệu)
  --db PATH     cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --json        in JSON
`;

/** "T2–T12, trung tâm 95,6%" for a phase of the year's chart. */
const phaseSpan = (p: Phase) => (p.to - p.from > 1 ? `T${p.from + 1}–T${p.to}` : `T${p.from + 1}`);

export async function reviewCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { ...dbOption, year: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(reviewHelp);
    return 0;
  }
  if (values.year && !/^\d{4}$/.test(values.year)) throw new UsageError("--year phải là năm 4 chữ số, ví dụ 2025");
  const targets = loadTargets();
  const warehouse = await Warehouse.open(resolveDbPath(values.db), { readOnly: true });
  let months;
  try {
    months = await monthlyKpis(warehouse, { targets });
  } finally {
    warehouse.close();
  }
  const years = reviewYears(months);
  const year = values.year ? Number(values.year) : years[years.length - 1];
  if (!years.includes(year)) {
    process.stderr.write(`✘ Không có dữ liệu năm ${year}. Các năm có dữ liệu: ${years.join(", ") || "không có"}.\n`);
    return 1;
  }
  const allDecisions = loadDecisions();
  const review = annualReview(months, year, targets, allDecisions);
  const decisions = allDecisions.filter((d) => d.year === year);
  if (values.json) {
    const kpis = review.kpis.map((k) => ({ ...k, decision: decisions.find((d) => d.kpi === k.id) ?? null }));
    process.stdout.write(JSON.stringify({ ...review, kpis }, null, 2) + "\n");
    return 0;
  }
  for (const note of reviewCoverageNotes(year, review.coverage)) process.stderr.write(`⚠ ${note}\n`);
  process.stdout.write(`Xem xét chính sách hậu mãi năm ${year}\n${verdictRule}\n\n`);
  for (const k of review.kpis) {
    const phaseText = (p: Phase) => `${phaseSpan(p)} (trung tâm ${formatKpi(k.unit, p.centre)})`;
    const decision = decisions.find((d) => d.kpi === k.id);
    process.stdout.write(
      `${k.verdict === "keep" ? "✔" : k.verdict === "change" ? "✘" : "–"} ${k.label}: cả năm ${formatKpi(k.unit, k.annual)} (năm trước ${formatKpi(k.unit, k.previous_annual)})${k.target === null ? "" : `, đạt ${k.months_met}/${k.months_with_data} tháng`}\n` +
        `   ${verdictText(k)}\n` +
        (k.control.phases
          ? `   Biểu đồ kiểm soát chia giai đoạn: ${k.control.phases.map(phaseText).join(" | ")}\n`
          : "") +
        (k.change ? `   Trước / sau: ${changeEffectText(k.change, k.unit)}\n` : "") +
        (decision
          ? `   Quyết định của Ban Giám đốc (${decision.date}): ${decision.decision === "keep" ? "giữ chính sách" : `thay đổi, hiệu lực ${formatDay(decision.effective)}`}${decision.note ? ` — ${decision.note}` : ""}\n`
          : ""),
    );
  }
  return 0;
}
