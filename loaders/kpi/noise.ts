import type { MonthKpis } from "./monthly.ts";
import type { KpiStatus } from "./measure.ts";
import type { Targets } from "./targets.ts";
import { kpiCatalogue, type KpiInfo, type Target } from "./registry.ts";
import { signals, xmrFactor, type SignalRule } from "../review/control.ts";
import { shiftMonth } from "@haumai/vi";

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
 * A Board change (decisions.csv, its effective month) starts a new phase, as SPC practice does: once the new phase
 * has `baselineMonths` months, the baseline is those months only; before that the old limits stay, so the first
 * months under a new policy are judged against the process it replaced (which is how its effect shows).
 * The monthly summary, `haumai check` and the page all read these judgements.
 */

/** Months of baseline needed before a limit means anything (the annual review asks the same). */
export const baselineMonths = 6;
/** Moving ranges an XmR baseline needs: MR̄ from fewer says little about month-to-month variation. */
export const baselineRanges = 5;
/** A provisional share (fix rate) with at least this part of its cases still in their window is not judged. */
export const unsettledShare = 0.1;
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
  /** Where the limit comes from: the baseline's control chart, or (a share, too little history) the two months. */
  basis: "chart" | "pair" | null;
  beyond: boolean;
  direction: "better" | "worse" | "neutral";
  /** A figure of either month still counts cases inside their follow-up window (a few: it is judged anyway). */
  provisional: boolean;
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
  /** Months in the baseline (at most 12): measured, whole, settled. */
  baseline: number;
  /**
   * Why the month is compared with nothing: its data does not cover it whole (a partial month's medians and
   * shares lean to the quick cases), or its figure is provisional with many cases still in their window.
   */
  unjudged: "partial" | "provisional" | null;
  signal: MonthSignal | null;
  changes: Change[];
}

interface Point {
  value: number;
  x?: number;
  n: number;
  provisional: boolean;
}

/** Why a month's figure cannot be compared: see KpiJudgement.unjudged. */
function unjudgedOf(m: MonthKpis, id: string): KpiJudgement["unjudged"] {
  if (m.coverage.partial) return "partial";
  const r = m.kpis[id];
  if (r?.provisional && r.n && (r.details.in_window ?? 0) / r.n >= unsettledShare) return "provisional";
  return null;
}

/** A month's figure to compare: measured, of a whole month, settled; null otherwise. */
function pointOf(months: Map<string, MonthKpis>, month: string, id: string, partialToo = false): Point | null {
  const m = months.get(month);
  const r = m?.kpis[id];
  if (!m || !r || r.status === "not_measured" || r.value === null) return null;
  const why = unjudgedOf(m, id);
  if (why && !(partialToo && why === "partial")) return null;
  return { value: r.value, x: r.x, n: r.n, provisional: r.provisional === true };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The baseline's centre and the spread that sets its limits: p̄ for a share, mean and MR̄ otherwise. */
function baselineOf(points: (Point | null)[], share: boolean): { centre: number; spread: number } | null {
  const present = points.filter((p): p is Point => p !== null);
  if (present.length < baselineMonths) return null;
  // A limit of zero would call every change a signal: a share always 0% or 100%, a median that never moved.
  if (share) {
    const n = present.reduce((s, p) => s + p.n, 0);
    const centre = n ? present.reduce((s, p) => s + (p.x ?? 0), 0) / n : 0;
    return centre > 0 && centre < 1 ? { centre, spread: 0 } : null;
  }
  const ranges: number[] = [];
  for (let i = 1; i < points.length; i++)
    if (points[i] && points[i - 1]) ranges.push(Math.abs(points[i]!.value - points[i - 1]!.value));
  if (ranges.length < baselineRanges || mean(ranges) === 0) return null;
  return { centre: mean(present.map((p) => p.value)), spread: mean(ranges) };
}

function directionOf(better: KpiInfo["better"], delta: number): Change["direction"] {
  if (better === "neutral" || delta === 0) return "neutral";
  return delta > 0 === (better === "higher") ? "better" : "worse";
}

/** The months of `history` (the 12 before `month`, oldest first) in the newest phase, when it has enough of them. */
function currentPhase(history: (Point | null)[], month: string, starts: readonly string[] = []): (Point | null)[] {
  const start = [...starts]
    .filter((s) => s <= month)
    .sort()
    .pop();
  if (!start) return history;
  const inPhase = history.map((p, i) => (shiftMonth(month, i - 12) >= start ? p : null));
  return inPhase.filter((p) => p !== null).length >= baselineMonths ? inPhase : history;
}

/**
 * Every KPI of `month` judged against its target and its last twelve months; `phases` gives, per KPI id, the
 * months (YYYY-MM) a Board change took effect.
 */
export function judgeMonth(
  months: MonthKpis[],
  month: string,
  targets: Targets,
  phases: Readonly<Record<string, readonly string[]>> = {},
  /**
   * `monthToDate`: the month may be the one under way (`haumai check` every morning): judge it on the data so far,
   * against whole months. The report never does: a month's summary waits for the month.
   */
  { monthToDate = false }: { monthToDate?: boolean } = {},
): KpiJudgement[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const current = byMonth.get(month);
  if (!current) return [];
  return kpiCatalogue(targets).map((info) => {
    const share = info.unit === "share";
    const result = current.kpis[info.id];
    const measured = result && result.status !== "not_measured" && result.value !== null;
    const why = measured ? unjudgedOf(current, info.id) : null;
    const unjudged = monthToDate && why === "partial" ? null : why;
    const now = pointOf(byMonth, month, info.id, monthToDate);
    const history = currentPhase(
      Array.from({ length: 12 }, (_, i) => pointOf(byMonth, shiftMonth(month, i - 12), info.id)),
      month,
      phases[info.id],
    );
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
      let limit: number | null = null;
      let basis: Change["basis"] = null;
      if (share) {
        const p = base?.centre ?? ((now.x ?? 0) + (then.x ?? 0)) / (now.n + then.n);
        if (p > 0 && p < 1) {
          limit = 3 * Math.sqrt(p * (1 - p) * (1 / now.n + 1 / then.n));
          basis = base ? "chart" : "pair";
        }
      } else if (base) {
        limit = rangeFactor * base.spread;
        basis = "chart";
      }
      changes.push({
        against,
        month: ref,
        from: then.value,
        to: now.value,
        delta,
        limit,
        basis,
        beyond: limit !== null && Math.abs(delta) > limit,
        direction: directionOf(info.better, delta),
        provisional: now.provisional || then.provisional,
      });
    }
    return {
      id: info.id,
      label: info.label,
      unit: info.unit,
      better: info.better,
      role: info.role,
      status: result?.status ?? "not_measured",
      value: measured ? result.value : null,
      target: info.target,
      baseline: base ? history.filter((p) => p !== null).length : 0,
      unjudged,
      signal,
      changes,
    };
  });
}
