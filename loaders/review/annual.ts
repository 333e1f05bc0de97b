import type { MonthKpis } from "../kpi/monthly.ts";
import { shiftMonth } from "@haumai/vi";
import type { Targets } from "../kpi/targets.ts";
import { kpiCatalogue, type KpiInfo, type Target } from "../kpi/registry.ts";
import { pPhases, xmrPhases, xmrFactor, type ControlChart, type Signal } from "./control.ts";
import type { BoardDecision } from "./decisions.ts";

/** One month of one KPI: its value, and for rates the counts behind it. A month not measured has no value. */
export interface MonthPoint {
  value: number | null;
  x?: number;
  n?: number;
  met: boolean | null;
  /** The month still has cases inside their follow-up window (the fix rate): its value can still change. */
  provisional?: boolean;
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
    ...(r.provisional ? { provisional: true } : {}),
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
  /** The year's control chart; split into phases where a Board change takes effect inside the year. */
  control: ControlChart;
  /** Before vs after the change the Board decided at the previous year's review; null when it decided none. */
  change: ChangeEffect | null;
  /** keep / change, or not_measured: too few measured months to suggest either. */
  verdict: "keep" | "change" | "not_measured";
  reasons: ReviewReason[];
}

/**
 * The written rule: what "suitable over the year" means. Shown on the page and in the JSON. A change taking
 * effect inside the year splits the chart into phases: the year's verdict then reads signals against the limits
 * of the process that ran at the time (a deliberate change is not a special cause of the old process), which
 * keeps "an unusual worsening" meaning what it meant; a year without a change is reviewed exactly as before.
 */
export const verdictRule =
  "Phù hợp (giữ chính sách) khi: giá trị cả năm đạt mục tiêu, ít nhất 9/12 tháng đạt mục tiêu (năm thiếu tháng: ít nhất 75% số tháng đo được), " +
  "và biểu đồ kiểm soát không có tín hiệu xấu đi bất thường (điểm ngoài giới hạn, 8 tháng liên tiếp về phía xấu của đường trung tâm, 6 tháng liên tiếp xấu dần). " +
  "Chỉ số không có mục tiêu chỉ xét tín hiệu. Cần từ 6 tháng đo được; ít hơn thì chưa đo được và không đề xuất giữ hay thay đổi. " +
  "Khi một thay đổi của Ban Giám đốc có hiệu lực trong năm, biểu đồ kiểm soát chia giai đoạn tại tháng hiệu lực: tín hiệu xét trong từng giai đoạn, so với giới hạn của chính giai đoạn đó. " +
  "Chỉ số đã quyết định thay đổi ở kỳ xem xét năm trước được so sánh trước / sau ngày hiệu lực ở mức 3 sigma: chênh lệch vượt ngưỡng là tín hiệu thật (cải thiện hoặc xấu đi), trong ngưỡng là dao động ngẫu nhiên.";

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
export function reviewKpi(
  def: ReviewDefinition,
  points: MonthPoint[],
  previous: MonthPoint[] = [],
  breaks: number[] = [],
): ReviewedKpi {
  const values = points.map((p) => p.value);
  const control =
    def.chart === "p"
      ? pPhases(
          points.map((p) => (p.n ? (p.x ?? null) : null)),
          points.map((p) => p.n ?? null),
          breaks,
        )
      : xmrPhases(values, breaks);
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
    change: null,
    verdict,
    reasons,
  };
}

/** A KPI's points over `count` months from `first` (yyyy-mm); a month without data has no value. */
function pointsFrom(id: string, months: MonthKpis[], first: string, count: number): MonthPoint[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return Array.from({ length: Math.max(0, count) }, (_, i) => {
    const m = byMonth.get(shiftMonth(first, i));
    return m ? monthPoint(m, id) : { value: null, met: null };
  });
}

function yearPoints(id: string, months: MonthKpis[], year: number): MonthPoint[] {
  return pointsFrom(id, months, `${year}-01`, 12);
}

/** One side of a change: its months (yyyy-mm, the first and last with a value) and the pooled value. */
export interface ChangeSide {
  from: string;
  to: string;
  /** Months with a value in the span. */
  months: number;
  /** p-chart KPIs: the pooled share Σx / Σn; others: the mean of the months. */
  value: number | null;
  /** p-chart KPIs: the cases behind the share (Σn). */
  n?: number;
  /** XmR KPIs: the mean moving range of the side's months (the before side's sets the limit). */
  mr?: number | null;
  /** Provisional months left out (their follow-up window is still open, so their value would still change). */
  provisional: number;
}

/**
 * Before vs after a change the Board decided: is the shift a real signal or noise?
 *
 * Method (3-sigma, the same level as the control limits):
 * - p-chart KPIs (shares): two-proportion comparison. p̄ = (Σx before + Σx after) / (n before + n after);
 *   limit = 3·√(p̄(1 − p̄)(1/n_before + 1/n_after)); a signal when |p_after − p_before| > limit.
 * - XmR KPIs (times, counts): the month-to-month variation σ̂ = MR̄ / 1.128 of the before phase (the process
 *   the change was meant to alter); the difference of the two phase means has σ̂·√(1/k_b + 1/k_a), so
 *   limit = 2.66·MR̄·√(1/k_before + 1/k_after) (2.66 = 3 / 1.128, the XmR factor); a signal when
 *   |mean_after − mean_before| > limit.
 * A signal is "improved" or "worsened" by the KPI's better direction; within the limit it is "noise". Each
 * side needs at least {@link minimumSideMonths} months with a value (and the before side a moving range),
 * otherwise "not_measured". Provisional months are left out of both sides (see ChangeSide.provisional).
 */
export interface ChangeEffect {
  /** The reviewed year whose review decided the change (the year before the one reviewed now). */
  decision_year: number;
  note: string;
  effective: string;
  effective_given: boolean;
  /** The month the after side starts: the month of the effective day. */
  effective_month: string;
  method: "two_proportions" | "xmr_means";
  before: ChangeSide;
  after: ChangeSide;
  /** after − before, in the KPI's unit (a share as a fraction). */
  delta: number | null;
  /** The 3-sigma limit |delta| is compared to. */
  limit: number | null;
  signal: "improved" | "worsened" | "noise" | "not_measured";
}

export const minimumSideMonths = 3;

/** Before (up to 12 months before the effective month) and after (from it, up to 12 and at most to `lastMonth`). */
export function changeEffect(
  def: Pick<ReviewDefinition, "id" | "chart" | "better">,
  months: MonthKpis[],
  decision: Pick<BoardDecision, "year" | "note" | "effective" | "effective_given">,
  lastMonth: string,
): ChangeEffect {
  const start = decision.effective!.slice(0, 7);
  const afterCount = Math.min(12, monthsBetween(start, lastMonth) + 1);
  // A provisional month (fix rate: repairs still inside their follow-up window) reads better than it will end:
  // it is left out, as a gap, so that it cannot make a change look like an improvement.
  const settled = (points: MonthPoint[]) => points.map((p) => (p.provisional ? { value: null, met: null } : p));
  const provisional = (points: MonthPoint[]) => points.filter((p) => p.provisional && p.value !== null).length;
  const beforeAll = pointsFrom(def.id, months, shiftMonth(start, -12), 12);
  const afterAll = pointsFrom(def.id, months, start, afterCount);
  const before = settled(beforeAll);
  const after = settled(afterAll);
  const result = compareSides(def, before, after);
  return {
    decision_year: decision.year,
    note: decision.note,
    effective: decision.effective!,
    effective_given: decision.effective_given,
    effective_month: start,
    method: def.chart === "p" ? "two_proportions" : "xmr_means",
    before: { ...span(shiftMonth(start, -12), before), ...result.before, provisional: provisional(beforeAll) },
    after: { ...span(start, after), ...result.after, provisional: provisional(afterAll) },
    delta: result.delta,
    limit: result.limit,
    signal: result.signal,
  };
}

/** The first and last month with a value among `points` (from `first` on); `first` alone when none has one. */
function span(first: string, points: MonthPoint[]): { from: string; to: string } {
  const present = points.flatMap((p, i) => (p.value === null ? [] : [i]));
  if (!present.length) return { from: first, to: first };
  return { from: shiftMonth(first, present[0]), to: shiftMonth(first, present[present.length - 1]) };
}

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** The comparison of {@link ChangeEffect} over two runs of monthly points (in month order, gaps as null values). */
export function compareSides(
  def: Pick<ReviewDefinition, "chart" | "better">,
  before: MonthPoint[],
  after: MonthPoint[],
): Pick<ChangeEffect, "delta" | "limit" | "signal"> & {
  before: Omit<ChangeSide, "from" | "to" | "provisional">;
  after: Omit<ChangeSide, "from" | "to" | "provisional">;
} {
  const side = (points: MonthPoint[]) => {
    const present = points.filter((p) => p.value !== null);
    if (def.chart === "p") {
      const n = present.reduce((s, p) => s + (p.n ?? 0), 0);
      const x = present.reduce((s, p) => s + (p.n ? (p.x ?? 0) : 0), 0);
      return { months: present.length, value: n ? x / n : null, n, x };
    }
    const ranges: number[] = [];
    for (let i = 1; i < points.length; i++)
      if (points[i].value !== null && points[i - 1].value !== null)
        ranges.push(Math.abs(points[i].value! - points[i - 1].value!));
    return {
      months: present.length,
      value: present.length ? present.reduce((s, p) => s + p.value!, 0) / present.length : null,
      mr: ranges.length ? ranges.reduce((s, r) => s + r, 0) / ranges.length : null,
    };
  };
  const b = side(before);
  const a = side(after);
  const shown = (s: typeof b) => {
    const { x: _x, ...rest } = s as typeof s & { x?: number };
    return rest;
  };
  let limit: number | null = null;
  if (b.months >= minimumSideMonths && a.months >= minimumSideMonths && b.value !== null && a.value !== null) {
    if (def.chart === "p") {
      const bp = b as { n: number; x: number };
      const ap = a as { n: number; x: number };
      const pooled = (bp.x + ap.x) / (bp.n + ap.n);
      limit = 3 * Math.sqrt(pooled * (1 - pooled) * (1 / bp.n + 1 / ap.n));
    } else if ((b as { mr: number | null }).mr !== null) {
      limit = xmrFactor * (b as { mr: number }).mr * Math.sqrt(1 / b.months + 1 / a.months);
    }
  }
  const delta = b.value !== null && a.value !== null ? a.value - b.value : null;
  let signal: ChangeEffect["signal"] = "not_measured";
  if (limit !== null && delta !== null)
    signal = Math.abs(delta) <= limit ? "noise" : delta > 0 === (def.better !== "lower") ? "improved" : "worsened";
  return { before: shown(b), after: shown(a), delta, limit, signal };
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

/**
 * The year's review. `decisions` (the Board's, all years) do two things: a change taking effect inside the
 * year, after January, splits the KPI's control chart into phases there (the verdict's signals are read inside
 * the phase, against its own limits); and a change decided at the previous year's review is shown before vs
 * after (see {@link ChangeEffect}), with the after side ending at the reviewed year's December.
 */
export function annualReview(
  months: MonthKpis[],
  year: number,
  targets: Targets,
  decisions: readonly BoardDecision[] = [],
): AnnualReview {
  const inYear = months.filter((m) => m.month.startsWith(`${year}-`));
  const familyOf = new Map(kpiCatalogue(targets).map((k) => [k.id, k.family]));
  return {
    year,
    rule: verdictRule,
    coverage: {
      months: inYear.length,
      holidays_known: inYear.every((m) => m.coverage.holidays_known),
      partial_months: inYear.filter((m) => m.coverage.partial).map((m) => m.month),
    },
    kpis: reviewDefinitions(targets).map((def) => {
      // A change to one KPI of a family (response time and its median…) starts a phase on all of them.
      const family = familyOf.get(def.id) ?? def.id;
      const changes = decisions.filter(
        (d) => (familyOf.get(d.kpi) ?? d.kpi) === family && d.decision === "change" && d.effective,
      );
      const breaks = changes
        .filter((d) => d.effective!.startsWith(`${year}-`))
        .map((d) => Number(d.effective!.slice(5, 7)) - 1);
      const reviewed = reviewKpi(
        def,
        yearPoints(def.id, months, year),
        yearPoints(def.id, months, year - 1).filter((p) => p.value !== null),
        breaks,
      );
      const decided = changes.find((d) => d.year === year - 1 && d.kpi === def.id);
      if (decided) reviewed.change = changeEffect(def, months, decided, `${year}-12`);
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
