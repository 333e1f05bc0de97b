import type { MonthKpis } from "../kpi/monthly.ts";
import type { Targets } from "../kpi/targets.ts";
import { kpiCatalogue, type KpiInfo, type Target } from "../kpi/registry.ts";
import { pChart, xmrChart, type ControlChart, type Signal } from "./control.ts";

/** One month of one KPI: its value, and for rates the counts behind it. A month not measured has no value. */
export interface MonthPoint {
  value: number | null;
  x?: number;
  n?: number;
  met: boolean | null;
}

/** How a KPI is reviewed: the registry's entry (its chart, which direction is better, its target). */
export type ReviewDefinition = Pick<KpiInfo, "id" | "label" | "chart" | "better" | "unit" | "target">;

/** Why the review suggests what it does: codes and figures; pages, CLI and report files word them. */
export type ReviewReason =
  | { code: "too_few_months"; months: number; min: number }
  | { code: "missing_column"; columns: string[] }
  | { code: "annual_short"; annual: number | null; target: Target }
  | { code: "months_short"; met: number; with_data: number; needed: number }
  | { code: "worsening"; signals: Signal[] }
  | { code: "meets"; annual: number | null; target: Target; met: number; with_data: number }
  | { code: "stable"; annual: number | null; with_data: number };

/** A KPI's point of a month: not measured (no data, too few cases) is no point, never a met or a miss. */
export function monthPoint(m: MonthKpis, id: string): MonthPoint {
  const r = m.kpis[id];
  if (!r || r.status === "not_measured" || r.value === null) return { value: null, met: null };
  return {
    value: r.value,
    x: r.x,
    n: r.x === undefined ? undefined : r.n,
    met: r.status === "met" ? true : r.status === "missed" ? false : null,
  };
}

export interface ReviewedKpi {
  id: string;
  label: string;
  unit: ReviewDefinition["unit"];
  better: ReviewDefinition["better"];
  /** The year's 12 values; null: no data that month, or not measured (too few cases, a column missing). */
  months: (number | null)[];
  target: Target | null;
  months_met: number;
  months_with_data: number;
  annual: number | null;
  previous_annual: number | null;
  control: ControlChart;
  /** keep / change, or not_measured: too few measured months to suggest either. */
  verdict: "keep" | "change" | "not_measured";
  reasons: ReviewReason[];
}

/** The written rule: what "suitable over the year" means. Shown on the page and in the JSON. */
export const verdictRule =
  "Phù hợp (giữ chính sách) khi: giá trị cả năm đạt mục tiêu, ít nhất 9/12 tháng đạt mục tiêu (năm thiếu tháng: ít nhất 75% số tháng đo được), " +
  "và biểu đồ kiểm soát không có tín hiệu xấu đi bất thường (điểm ngoài giới hạn, 8 tháng liên tiếp về phía xấu của đường trung tâm, 6 tháng liên tiếp xấu dần). " +
  "Chỉ số không có mục tiêu chỉ xét tín hiệu. Cần từ 6 tháng đo được; ít hơn thì chưa đo được và không đề xuất giữ hay thay đổi.";

export const minimumMonths = 6;

/** The year's value: pooled for rates (Σx / Σn), the mean of the months otherwise. */
function annualOf(def: Pick<ReviewDefinition, "chart">, points: MonthPoint[]): number | null {
  if (def.chart === "p") {
    const n = points.reduce((s, p) => s + (p.n ?? 0), 0);
    return n ? points.reduce((s, p) => s + (p.n ? (p.x ?? 0) : 0), 0) / n : null;
  }
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/** Review one KPI over a year's 12 points (null value: no data that month). */
export function reviewKpi(def: ReviewDefinition, points: MonthPoint[], previous: MonthPoint[] = []): ReviewedKpi {
  const values = points.map((p) => p.value);
  const control =
    def.chart === "p"
      ? pChart(
          points.map((p) => (p.n ? (p.x ?? null) : null)),
          points.map((p) => p.n ?? null),
        )
      : xmrChart(values);
  const withData = points.filter((p) => p.value !== null).length;
  const monthsMet = points.filter((p) => p.met === true).length;
  const annual = annualOf(def, points);
  const target = def.target;
  const meets = (v: number) => (target!.bound === "min" ? v >= target!.value : v <= target!.value);
  const bad = def.better === "higher" ? "down" : "up";
  const worsening = def.better === "neutral" ? [] : control.signals.filter((s) => s.direction === bad);

  let verdict: ReviewedKpi["verdict"];
  const reasons: ReviewReason[] = [];
  if (withData < minimumMonths) {
    verdict = "not_measured";
    reasons.push({ code: "too_few_months", months: withData, min: minimumMonths });
  } else {
    if (target) {
      if (annual === null || !meets(annual)) reasons.push({ code: "annual_short", annual, target });
      const needed = withData >= 12 ? 9 : Math.ceil(0.75 * withData);
      if (monthsMet < needed) reasons.push({ code: "months_short", met: monthsMet, with_data: withData, needed });
    }
    if (worsening.length) reasons.push({ code: "worsening", signals: worsening });
    verdict = reasons.length ? "change" : "keep";
    if (!reasons.length)
      reasons.push(
        target
          ? { code: "meets", annual, target, met: monthsMet, with_data: withData }
          : { code: "stable", annual, with_data: withData },
      );
  }
  return {
    id: def.id,
    label: def.label,
    unit: def.unit,
    better: def.better,
    months: values,
    target,
    months_met: monthsMet,
    months_with_data: withData,
    annual,
    previous_annual: previous.length ? annualOf(def, previous) : null,
    control,
    verdict,
    reasons,
  };
}

function yearPoints(id: string, months: MonthKpis[], year: number): MonthPoint[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return Array.from({ length: 12 }, (_, i) => {
    const m = byMonth.get(`${year}-${String(i + 1).padStart(2, "0")}`);
    return m ? monthPoint(m, id) : { value: null, met: null };
  });
}

export interface AnnualReview {
  year: number;
  rule: string;
  /** The year's months with data, whether the holiday file lists the year, and the months the data does not cover whole. */
  coverage: { months: number; holidays_known: boolean; partial_months: string[] };
  kpis: ReviewedKpi[];
}

/** The KPIs the Board reviews: every KPI of the registry with a better direction (volume is context, not policy). */
export function reviewDefinitions(targets: Targets): ReviewDefinition[] {
  return kpiCatalogue(targets).filter((k) => k.better !== "neutral");
}

export function annualReview(months: MonthKpis[], year: number, targets: Targets): AnnualReview {
  const inYear = months.filter((m) => m.month.startsWith(`${year}-`));
  return {
    year,
    rule: verdictRule,
    coverage: {
      months: inYear.length,
      holidays_known: inYear.every((m) => m.coverage.holidays_known),
      partial_months: inYear.filter((m) => m.coverage.partial).map((m) => m.month),
    },
    kpis: reviewDefinitions(targets).map((def) => {
      const reviewed = reviewKpi(
        def,
        yearPoints(def.id, months, year),
        yearPoints(def.id, months, year - 1).filter((p) => p.value !== null),
      );
      // Not measured because the data lacks a column: say that, not "too few months" (more months will not help).
      const missing = inYear.map((m) => m.kpis[def.id]?.not_measured).find((n) => n?.reason === "missing_column");
      if (reviewed.verdict === "not_measured" && missing?.reason === "missing_column")
        reviewed.reasons = [{ code: "missing_column", columns: missing.columns }];
      return reviewed;
    }),
  };
}

/** Years that have at least one month of tickets. */
export function reviewYears(months: MonthKpis[]): number[] {
  return [
    ...new Set(months.filter((m) => (m.kpis.tickets_received?.value ?? 0) > 0).map((m) => Number(m.month.slice(0, 4)))),
  ].sort();
}
