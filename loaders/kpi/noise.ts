import type { MonthKpis } from "./monthly.ts";
import type { KpiStatus } from "./measure.ts";
import type { Targets } from "./targets.ts";
import { kpiCatalogue, type KpiInfo, type Target } from "./registry.ts";
import { signals, xmrFactor, type SignalRule } from "../review/control.ts";

/**
 * Is a month's figure, or its change from another month, more than noise? The same control limits the annual
 * review draws (p-chart for shares, XmR for times and counts, 3 sigma), computed on the twelve months before the
 * judged month (the baseline):
 * - a signal: the month's point is outside the baseline's limits, or ends a run of 8 on one side of its centre
 *   or a trend of 6 (control.ts);
 * - a change from the previous month or the same month last year is beyond noise when it is wider than the limit
 *   of a difference: for a share, 3·√(p̄(1−p̄)(1/n₁+1/n₂)) around the baseline's p̄ (the two months' own pooled
 *   share when the baseline has too few months); for times and counts, the upper limit of the moving-range chart,
 *   3,268·MR̄ (D₄ for ranges of two), the largest month-to-month step ordinary variation makes.
 * The monthly summary, `haumai check` and the page all read these judgements.
 */

/** Months of baseline needed before a limit means anything (the annual review asks the same). */
export const baselineMonths = 6;
/** D₄ for moving ranges of two: the moving-range chart's upper limit is D₄·MR̄. */
export const rangeFactor = 3.268;

export interface MonthSignal {
  rule: SignalRule;
  direction: "up" | "down";
  /** The KPI moved the way that is worse (never for a neutral KPI). */
  worse: boolean;
  centre: number;
  lower: number | null;
  upper: number | null;
}

export interface Change {
  against: "previous_month" | "last_year";
  /** The month compared with. */
  month: string;
  from: number;
  to: number;
  delta: number;
  /** Half-width of the noise band of the difference; null: too little history to tell. */
  limit: number | null;
  beyond: boolean;
  direction: "better" | "worse" | "neutral";
}

export interface KpiJudgement {
  id: string;
  label: string;
  unit: KpiInfo["unit"];
  better: KpiInfo["better"];
  role: KpiInfo["role"];
  status: KpiStatus;
  value: number | null;
  target: Target | null;
  /** Measured months in the baseline (at most 12). */
  baseline: number;
  signal: MonthSignal | null;
  changes: Change[];
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

interface Point {
  value: number;
  x?: number;
  n: number;
}

function pointOf(months: Map<string, MonthKpis>, month: string, id: string): Point | null {
  const r = months.get(month)?.kpis[id];
  if (!r || r.status === "not_measured" || r.value === null) return null;
  return { value: r.value, x: r.x, n: r.n };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The baseline's centre and the spread that sets its limits: p̄ for a share, mean and MR̄ otherwise. */
function baselineOf(points: (Point | null)[], share: boolean): { centre: number; spread: number } | null {
  const present = points.filter((p): p is Point => p !== null);
  if (present.length < baselineMonths) return null;
  if (share) {
    const n = present.reduce((s, p) => s + p.n, 0);
    return n ? { centre: present.reduce((s, p) => s + (p.x ?? 0), 0) / n, spread: 0 } : null;
  }
  const ranges: number[] = [];
  for (let i = 1; i < points.length; i++)
    if (points[i] && points[i - 1]) ranges.push(Math.abs(points[i]!.value - points[i - 1]!.value));
  return { centre: mean(present.map((p) => p.value)), spread: ranges.length ? mean(ranges) : 0 };
}

function directionOf(better: KpiInfo["better"], delta: number): Change["direction"] {
  if (better === "neutral" || delta === 0) return "neutral";
  return delta > 0 === (better === "higher") ? "better" : "worse";
}

/** Every KPI of `month` judged against its target and its last twelve months. */
export function judgeMonth(months: MonthKpis[], month: string, targets: Targets): KpiJudgement[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const current = byMonth.get(month);
  if (!current) return [];
  return kpiCatalogue(targets).map((info) => {
    const share = info.unit === "share";
    const result = current.kpis[info.id];
    const now = pointOf(byMonth, month, info.id);
    const history = Array.from({ length: 12 }, (_, i) => pointOf(byMonth, shiftMonth(month, i - 12), info.id));
    const base = baselineOf(history, share);

    let signal: MonthSignal | null = null;
    if (now && base) {
      const series = [...history.map((p) => p?.value ?? null), now.value];
      const limits = [...history, now].map((p) => {
        if (!p) return [null, null] as const;
        const half = share ? 3 * Math.sqrt((base.centre * (1 - base.centre)) / p.n) : xmrFactor * base.spread;
        return [Math.max(0, base.centre - half), share ? Math.min(1, base.centre + half) : base.centre + half] as const;
      });
      const found = signals(
        series,
        base.centre,
        limits.map((l) => l[0]),
        limits.map((l) => l[1]),
      ).filter((s) => s.months.includes(12));
      const first = found.find((s) => s.rule === "outside_limits") ?? found[0];
      if (first)
        signal = {
          rule: first.rule,
          direction: first.direction,
          worse: info.better !== "neutral" && (first.direction === "up") === (info.better === "lower"),
          centre: base.centre,
          lower: limits[12][0],
          upper: limits[12][1],
        };
    }

    const changes: Change[] = [];
    for (const [against, by] of [
      ["previous_month", -1],
      ["last_year", -12],
    ] as const) {
      const ref = shiftMonth(month, by);
      const then = pointOf(byMonth, ref, info.id);
      if (!now || !then) continue;
      const delta = now.value - then.value;
      let limit: number | null;
      if (share) {
        const p = base?.centre ?? ((now.x ?? 0) + (then.x ?? 0)) / (now.n + then.n);
        limit = 3 * Math.sqrt(p * (1 - p) * (1 / now.n + 1 / then.n));
      } else limit = base ? rangeFactor * base.spread : null;
      changes.push({
        against,
        month: ref,
        from: then.value,
        to: now.value,
        delta,
        limit,
        beyond: limit !== null && Math.abs(delta) > limit,
        direction: directionOf(info.better, delta),
      });
    }
    return {
      id: info.id,
      label: info.label,
      unit: info.unit,
      better: info.better,
      role: info.role,
      status: result?.status ?? "not_measured",
      value: now?.value ?? null,
      target: info.target,
      baseline: history.filter((p) => p !== null).length,
      signal,
      changes,
    };
  });
}
