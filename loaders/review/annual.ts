import type { MonthKpis } from "../kpi/monthly.ts";
import type { Targets } from "../kpi/targets.ts";
import { pChart, xmrChart, type ControlChart, type Signal } from "./control.ts";
import { formatMinutes, formatNumber, formatPercent } from "../../src/components/format.js";

/** One month of one KPI: its value, and for rates the counts behind it. */
export interface MonthPoint {
  value: number | null;
  x?: number;
  n?: number;
  met: boolean | null;
}

/** How a KPI is reviewed: its chart, which direction is better, its target. */
export interface ReviewDefinition {
  id: string;
  name: string;
  chart: "p" | "xmr";
  better: "higher" | "lower";
  unit: "share" | "minutes" | "count";
  target: number | null;
  point: (m: MonthKpis) => MonthPoint;
}

export function reviewDefinitions(targets: Targets): ReviewDefinition[] {
  const within = (share: number | null, n: number) => (share === null ? undefined : Math.round(share * n));
  return [
    { id: "response_time", name: `Đáp ứng trong ${formatMinutes(targets.response_time.withinWorkingMinutes)}`, chart: "p", better: "higher", unit: "share", target: targets.response_time.withinShare,
      point: (m) => ({ value: m.response_time.within_target_share, x: within(m.response_time.within_target_share, m.response_time.n), n: m.response_time.n, met: m.response_time.met }) },
    { id: "repair_time", name: `Sửa xong trong ${formatMinutes(targets.repair_time.withinWorkingMinutes)}`, chart: "p", better: "higher", unit: "share", target: targets.repair_time.withinShare,
      point: (m) => ({ value: m.repair_time.within_target_share, x: within(m.repair_time.within_target_share, m.repair_time.n), n: m.repair_time.n, met: m.repair_time.met }) },
    { id: "fix_rate", name: "Tỷ lệ sửa chữa triệt để", chart: "p", better: "higher", unit: "share", target: targets.fix_rate.share,
      point: (m) => ({ value: m.fix_rate.share, x: m.fix_rate.repaired_thoroughly, n: m.fix_rate.repairs, met: m.fix_rate.met }) },
    { id: "satisfaction", name: "Chỉ số hài lòng", chart: "p", better: "higher", unit: "share", target: targets.satisfaction.index,
      point: (m) => ({ value: m.satisfaction.index, x: m.satisfaction.satisfied, n: m.satisfaction.rated, met: m.satisfaction.met }) },
    { id: "complaint_rate", name: "Tỷ lệ khiếu nại", chart: "p", better: "lower", unit: "share", target: targets.complaint_rate.max,
      point: (m) => ({ value: m.complaint_rate, x: m.complaints, n: m.tickets_received, met: m.complaint_met }) },
    { id: "backlog", name: "Tồn đọng quá 30 ngày (cuối tháng)", chart: "xmr", better: "lower", unit: "count", target: targets.backlog.maxOver30Days,
      point: (m) => ({ value: m.backlog_bands[">30"], met: m.backlog_met }) },
    { id: "response_median", name: "Thời gian đáp ứng (trung vị, giờ làm việc)", chart: "xmr", better: "lower", unit: "minutes", target: null,
      point: (m) => ({ value: m.response_time.median_working_minutes, met: null }) },
    { id: "repair_median", name: "Thời gian sửa chữa (trung vị, giờ làm việc)", chart: "xmr", better: "lower", unit: "minutes", target: null,
      point: (m) => ({ value: m.repair_time.median_working_minutes, met: null }) },
  ];
}

export interface ReviewedKpi {
  id: string;
  name: string;
  unit: ReviewDefinition["unit"];
  better: ReviewDefinition["better"];
  months: (number | null)[];
  target: number | null;
  months_met: number;
  months_with_data: number;
  annual: number | null;
  previous_annual: number | null;
  control: ControlChart;
  verdict: "keep" | "change";
  reason: string;
}

/** The written rule: what "suitable over the year" means. Shown on the page and in the JSON. */
export const verdictRule =
  "Phù hợp (giữ chính sách) khi: giá trị cả năm đạt mục tiêu, ít nhất 9/12 tháng đạt mục tiêu (năm thiếu tháng: ít nhất 75% số tháng có dữ liệu, và cần từ 6 tháng dữ liệu), " +
  "và biểu đồ kiểm soát không có tín hiệu xấu đi bất thường (điểm ngoài giới hạn, 8 tháng liên tiếp về phía xấu của đường trung tâm, 6 tháng liên tiếp xấu dần). Chỉ số không có mục tiêu chỉ xét tín hiệu.";

export const minimumMonths = 6;

/** The year's value: pooled for rates (Σx / Σn), the mean of the months otherwise. */
function annualOf(def: Pick<ReviewDefinition, "chart">, points: MonthPoint[]): number | null {
  if (def.chart === "p") {
    const n = points.reduce((s, p) => s + (p.n ?? 0), 0);
    return n ? points.reduce((s, p) => s + (p.n ? p.x ?? 0 : 0), 0) / n : null;
  }
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

const signalText: Record<Signal["rule"], string> = {
  outside_limits: "điểm ngoài giới hạn kiểm soát",
  run_of_8: "8 tháng liên tiếp cùng phía đường trung tâm",
  trend_of_6: "6 tháng liên tiếp đi một chiều",
};

/** Review one KPI over a year's 12 points (null value: no data that month). */
export function reviewKpi(def: Omit<ReviewDefinition, "point">, points: MonthPoint[], previous: MonthPoint[] = []): ReviewedKpi {
  const values = points.map((p) => p.value);
  const control = def.chart === "p" ? pChart(points.map((p) => (p.n ? p.x ?? null : null)), points.map((p) => p.n ?? null)) : xmrChart(values);
  const withData = points.filter((p) => p.value !== null).length;
  const monthsMet = points.filter((p) => p.met === true).length;
  const annual = annualOf(def, points);
  const meets = (v: number) => (def.better === "higher" ? v >= def.target! : v <= def.target!);
  const bad = def.better === "higher" ? "down" : "up";
  const worsening = control.signals.filter((s) => s.direction === bad);
  const format = (v: number | null) => (def.unit === "share" ? formatPercent(v) : def.unit === "minutes" ? formatMinutes(v) : formatNumber(v));

  const failures: string[] = [];
  if (withData < minimumMonths) failures.push(`chỉ có ${withData} tháng dữ liệu, chưa đủ để kết luận`);
  if (def.target !== null && withData >= minimumMonths) {
    if (annual === null || !meets(annual)) failures.push(`giá trị cả năm ${format(annual)} chưa đạt mục tiêu ${def.better === "higher" ? "≥" : "≤"} ${format(def.target)}`);
    const needed = withData >= 12 ? 9 : Math.ceil(0.75 * withData);
    if (monthsMet < needed) failures.push(`chỉ đạt ${monthsMet}/${withData} tháng (cần ${needed})`);
  }
  if (worsening.length) {
    const month = (i: number) => `T${i + 1}`;
    failures.push(`có tín hiệu xấu đi: ${worsening.map((s) => `${signalText[s.rule]} (${s.months.length > 1 ? `${month(s.months[0])}–${month(s.months[s.months.length - 1])}` : month(s.months[0])})`).join("; ")}`);
  }
  const reason = failures.length
    ? `Chưa phù hợp: ${failures.join("; ")}.`
    : def.target === null
      ? `Phù hợp: không có tín hiệu xấu đi bất thường trong ${withData} tháng (trung bình ${format(annual)}).`
      : `Phù hợp: cả năm ${format(annual)} đạt mục tiêu ${def.better === "higher" ? "≥" : "≤"} ${format(def.target)}, đạt ${monthsMet}/${withData} tháng, không có tín hiệu xấu đi bất thường.`;
  return {
    id: def.id,
    name: def.name,
    unit: def.unit,
    better: def.better,
    months: values,
    target: def.target,
    months_met: monthsMet,
    months_with_data: withData,
    annual,
    previous_annual: previous.length ? annualOf(def, previous) : null,
    control,
    verdict: failures.length ? "change" : "keep",
    reason,
  };
}

function yearPoints(def: ReviewDefinition, months: MonthKpis[], year: number): MonthPoint[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return Array.from({ length: 12 }, (_, i) => {
    const m = byMonth.get(`${year}-${String(i + 1).padStart(2, "0")}`);
    return m ? def.point(m) : { value: null, met: null };
  });
}

export interface AnnualReview {
  year: number;
  rule: string;
  kpis: ReviewedKpi[];
}

export function annualReview(months: MonthKpis[], year: number, targets: Targets): AnnualReview {
  return {
    year,
    rule: verdictRule,
    kpis: reviewDefinitions(targets).map((def) => reviewKpi(def, yearPoints(def, months, year), yearPoints(def, months, year - 1).filter((p) => p.value !== null))),
  };
}

/** Years that have at least one month of tickets. */
export function reviewYears(months: MonthKpis[]): number[] {
  return [...new Set(months.filter((m) => m.tickets_received > 0).map((m) => Number(m.month.slice(0, 4))))].sort();
}
