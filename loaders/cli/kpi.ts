import { parse, dbOption } from "./args.ts";
import { checkMonthFlag, monthKpisOf } from "./monthKpis.ts";
import type { MonthKpis } from "../kpi/monthly.ts";
import {
  coverageNotes,
  formatKpiAgainst,
  formatMonth,
  formatNumber,
  formatTarget,
  notMeasuredText,
  shiftMonth,
  statusLabels,
} from "@haumai/vi";
import { kpiCatalogue, type KpiInfo } from "../kpi/registry.ts";
import { loadTargets, type Targets } from "../kpi/targets.ts";

export const kpiHelp = `haumai kpi --month YYYY-MM [tùy chọn]

Mọi chỉ số của một tháng (báo cáo tổng kết tháng), theo danh mục chỉ số (loaders/kpi/registry.ts): phiếu tiếp
nhận, thời gian đáp ứng, sửa chữa, giải quyết, trả máy, trả máy đúng hẹn, sửa chữa triệt để, chỉ số hài lòng,
tỷ lệ khiếu nại, tồn đọng — so với tháng trước, cùng kỳ năm trước và mục tiêu (data/targets.json).
Chỉ số thiếu cột dữ liệu hoặc có ít hơn minimumCases trường hợp ghi "chưa đo được" kèm lý do.
Tháng thiếu dữ liệu hoặc chưa có ngày lễ được cảnh báo (stderr).

  --month YYYY-MM  tháng cần xem (mặc định: tháng gần nhất có dữ liệu)
  --db PATH        cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --json           in JSON (mỗi chỉ số: value, n, x, status, not_measured, details; coverage của tháng)
`;

export async function kpiCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { ...dbOption, month: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(kpiHelp);
    return 0;
  }
  checkMonthFlag(values.month);
  const targets = loadTargets();
  const found = await monthKpisOf(values.db, targets, values.month);
  if (!found) return 1;
  const { months, month, current } = found;
  if (values.json) {
    process.stdout.write(JSON.stringify(current, null, 2) + "\n");
    return 0;
  }
  const previous = months.find((m) => m.month === shiftMonth(month!, -1));
  const lastYear = months.find((m) => m.month === shiftMonth(month!, -12));
  // Working time without the year's holidays overstates durations: say so where it is read, and on stderr.
  for (const note of coverageNotes(current.coverage)) process.stderr.write(`⚠ ${note}\n`);
  process.stdout.write(renderTable(current, previous, lastYear, targets));
  return 0;
}

/** One line a KPI of the registry: this month, last month, the same month last year, the target and the status. */
function renderTable(m: MonthKpis, prev: MonthKpis | undefined, year: MonthKpis | undefined, targets: Targets): string {
  const catalogue = kpiCatalogue(targets);
  const shown = (k: KpiInfo, month: MonthKpis | undefined) => {
    const r = month?.kpis[k.id];
    if (!r) return "–";
    if (r.status === "not_measured") return "chưa đo được";
    return formatKpiAgainst(k.unit, r.value, k.target) + (r.provisional ? "*" : "");
  };
  const table = [
    ["Chỉ số", formatMonth(m.month), "Tháng trước", "Cùng kỳ", "Mục tiêu", "Đánh giá"],
    ...catalogue.map((k) => [
      k.label,
      shown(k, m),
      shown(k, prev),
      shown(k, year),
      formatTarget(k.target, k.unit),
      statusLabels[m.kpis[k.id].status],
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => [...r[i]].length)));
  const lines = table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("  "));
  const notes = catalogue
    .filter((k) => m.kpis[k.id].status === "not_measured")
    .map((k) => `${k.label}: chưa đo được — ${notMeasuredText(m.kpis[k.id].not_measured)}.`);
  if (m.provisional)
    notes.push(
      `* tạm tính: ${formatNumber(m.kpis.fix_rate.details.in_window)} thiết bị còn trong ${targets.repeatWindowDays} ngày theo dõi.`,
    );
  return lines.join("\n") + "\n" + (notes.length ? "\n" + notes.join("\n") + "\n" : "");
}
