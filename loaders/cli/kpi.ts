import { parse, UsageError, dbOption } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { monthlyKpis, type MonthKpis } from "../kpi/monthly.ts";
import { formatMinutes, formatMonth, formatNumber, formatPercent, shiftMonth } from "../../src/components/format.js";

export const kpiHelp = `haumai kpi --month YYYY-MM [tùy chọn]

Các chỉ số của một tháng (báo cáo tổng kết tháng): thời gian đáp ứng, thời gian sửa chữa,
tỷ lệ sửa chữa triệt để, chỉ số hài lòng, tồn đọng, tỷ lệ khiếu nại — so với tháng trước,
cùng kỳ năm trước và mục tiêu (data/targets.json).

  --month YYYY-MM  tháng cần xem (mặc định: tháng gần nhất có dữ liệu)
  --db PATH        cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --json           in JSON
`;

export async function kpiCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { ...dbOption, month: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(kpiHelp);
    return 0;
  }
  if (values.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError("--month phải có dạng YYYY-MM, ví dụ 2026-10");
  const warehouse = await Warehouse.open(resolveDbPath(values.db), { readOnly: true });
  let months: MonthKpis[];
  try {
    months = await monthlyKpis(warehouse);
  } finally {
    warehouse.close();
  }
  const month = values.month ?? months[months.length - 1]?.month;
  const current = months.find((m) => m.month === month);
  if (!current) {
    process.stderr.write(`✘ Không có phiếu nào trong tháng ${month}. Dữ liệu có từ ${months[0]?.month ?? "–"} đến ${months[months.length - 1]?.month ?? "–"}.\n`);
    return 1;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(current, null, 2) + "\n");
    return 0;
  }
  const previous = months.find((m) => m.month === shiftMonth(month!, -1));
  const lastYear = months.find((m) => m.month === shiftMonth(month!, -12));
  process.stdout.write(renderTable(current, previous, lastYear));
  return 0;
}

const verdict = (met: boolean | null) => (met === null ? "–" : met ? "đạt" : "không đạt");

function renderTable(m: MonthKpis, prev?: MonthKpis, year?: MonthKpis): string {
  const rows: [string, (k: MonthKpis) => string, boolean | null][] = [
    ["Phiếu tiếp nhận", (k) => formatNumber(k.tickets_received), null],
    ["Đáp ứng: trung vị (giờ làm việc)", (k) => formatMinutes(k.response_time.median_working_minutes), null],
    [`Đáp ứng trong ${formatMinutes(m.response_time.target_working_minutes)}`, (k) => formatPercent(k.response_time.within_target_share), m.response_time.met],
    ["Sửa chữa: trung vị (giờ làm việc)", (k) => formatMinutes(k.repair_time.median_working_minutes), null],
    [`Sửa chữa trong ${formatMinutes(m.repair_time.target_working_minutes)}`, (k) => formatPercent(k.repair_time.within_target_share), m.repair_time.met],
    [`Sửa chữa triệt để (${m.fix_rate.window_days} ngày)`, (k) => formatPercent(k.fix_rate.share) + (k.fix_rate.provisional ? "*" : ""), m.fix_rate.met],
    ["Chỉ số hài lòng (4–5 điểm)", (k) => formatPercent(k.satisfaction.index), m.satisfaction.met],
    ["Tỷ lệ khiếu nại", (k) => formatPercent(k.complaint_rate), m.complaint_met],
    ["Tồn đọng cuối tháng", (k) => formatNumber(k.backlog_end), m.backlog_met],
  ];
  const table = [["Chỉ số", formatMonth(m.month), "Tháng trước", "Cùng kỳ", "Mục tiêu"], ...rows.map(([label, f, met]) => [label, f(m), prev ? f(prev) : "–", year ? f(year) : "–", verdict(met)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => [...r[i]].length)));
  const lines = table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("  "));
  const note = m.fix_rate.provisional ? `\n* tạm tính: ${formatNumber(m.fix_rate.in_window)} thiết bị còn trong ${m.fix_rate.window_days} ngày theo dõi.\n` : "\n";
  return lines.join("\n") + "\n" + note;
}
