import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

/**
 * A hand-made centre for the funnel and Pareto tests. March 2026, completed repairs by technician:
 *
 *   technician  repairs  fixed for good  returned (within 30 days)
 *   An             48         48              0
 *   Bình           25         16              9
 *   Cường           2          1              1
 *   Dũng           25         25              0
 *   total         100         90             10     → p̄ = 0.9
 *
 * February 2026: Cường, 2 repairs, both fixed for good (the twelve months to March: 102 repairs, 92 fixed).
 * Every repair takes 2 working hours except Bình's, which take 3 working days (target: 1 working day).
 * Faults of the ten repairs that came back: Kẹt giấy × 6 (Bình 5, Cường 1), Mờ bản in × 3, none × 1.
 * Complaints in March: "Giao hàng chậm" × 2, "Thái độ nhân viên" × 1, one with no fault.
 */
export const header = [
  "Mã phiếu",
  "Ngày tiếp nhận",
  "Phân loại",
  "Số serial",
  "Nơi sửa chữa",
  "Ngày nhận máy",
  "Ngày sửa xong",
  "Ngày trả máy",
  "Kết quả",
  "Kỹ thuật viên",
  "Model",
  "Lỗi",
];

/** A repair at the centre received on `day` 08:00; quick: repaired 10:00 the same day, else three working days later. */
function repair(id: string, day: string, technician: string, model: string, fault: string, quick: boolean): string[] {
  const [d, m, y] = day.split("/").map(Number);
  const repaired = quick
    ? `${day} 10:00`
    : `${String(d + 3).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y} 08:00`;
  return [
    id,
    `${day} 08:00`,
    "Bảo hành",
    `S-${id}`,
    "Trung tâm",
    `${day} 08:00`,
    repaired,
    repaired,
    "Đã sửa",
    technician,
    model,
    fault,
  ];
}
/** The same serial back with a new warranty ticket on 25/03/2026 (within 30 days of any March delivery). */
const back = (id: string) => [
  `${id}-B`,
  "25/03/2026 08:00",
  "Bảo hành",
  `S-${id}`,
  "Trung tâm",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
];
const complaint = (id: string, fault: string, model: string) => [
  id,
  "10/03/2026 09:00",
  "Khiếu nại",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  model,
  fault,
];

export function fixtureRows({ complaintFaults = true } = {}): string[][] {
  const rows: string[][] = [];
  // Monday 02/03/2026 (a working day); Bình's repairs end Thursday 05/03.
  for (let i = 1; i <= 48; i++) rows.push(repair(`AN${i}`, "02/03/2026", "An", "M-100", "Kẹt giấy", true));
  for (let i = 1; i <= 25; i++) {
    const fault = i <= 5 ? "Kẹt giấy" : i <= 8 ? "Mờ bản in" : i === 9 ? "" : "Kẹt giấy";
    rows.push(repair(`BI${i}`, "02/03/2026", "Bình", "M-200", fault, false));
    if (i <= 9) rows.push(back(`BI${i}`));
  }
  rows.push(repair("CU1", "02/03/2026", "Cường", "M-200", "Kẹt giấy", true), back("CU1"));
  rows.push(repair("CU2", "02/03/2026", "Cường", "M-100", "Hỏng pin", true));
  for (let i = 1; i <= 25; i++) rows.push(repair(`DU${i}`, "02/03/2026", "Dũng", "M-100", "Hỏng pin", true));
  rows.push(repair("CU0a", "02/02/2026", "Cường", "M-100", "Hỏng pin", true));
  rows.push(repair("CU0b", "02/02/2026", "Cường", "M-100", "Hỏng pin", true));
  const f = (fault: string) => (complaintFaults ? fault : "");
  rows.push(
    complaint("K1", f("Giao hàng chậm"), "M-100"),
    complaint("K2", f("Giao hàng chậm"), "M-200"),
    complaint("K3", f("Thái độ nhân viên"), "M-100"),
    complaint("K4", "", ""),
  );
  return rows;
}

/** Repair time target: one working day (480 working minutes). */
export const fixtureTargets = {
  ...defaultTargets,
  repair_time: { withinWorkingMinutes: 480, withinShare: 0.85 },
};

export async function fixtureWarehouse(options: { complaintFaults?: boolean } = {}): Promise<Warehouse> {
  const scratch = scratchDir();
  try {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("phieu.csv", csv([header, ...fixtureRows(options)])));
    await installFacts(w, fixtureTargets.repeatWindowDays);
    return w;
  } finally {
    scratch.remove();
  }
}
