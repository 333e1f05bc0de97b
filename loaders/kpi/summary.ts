import type { MonthKpis } from "./monthly.ts";
import { shiftMonth } from "@haumai/vi";
import type { Targets } from "./targets.ts";
import type { Target } from "./registry.ts";
import { judgeMonth, type Change, type KpiJudgement, type MonthSignal } from "./noise.ts";
import { decomposeShare, type Contribution, type Decomposition, type GroupCounts } from "./decompose.ts";

/**
 * The executive summary of a month (Tóm tắt cho Ban Giám đốc), as data: which headline KPIs missed their
 * target, which changed beyond noise against last month and the same month last year (noise.ts), and for a
 * share that did, the groups that drove it (decompose.ts). No language model: the items are codes and the
 * figures the page shows elsewhere; `@haumai/vi` (summaryText) words them, one sentence an item (the KPIs not
 * measured join the sentence on targets). A KPI not measured is never a miss; a partial month is compared with
 * nothing.
 */

/** Dimensions a change is traced through, in the order a tie is broken. */
export const driverDimensions = ["channel", "product_category", "technician", "region"] as const;
export type DriverDimension = (typeof driverDimensions)[number];

/** A KPI's groups in one month, per dimension: what `measureGroups` returns, reduced to counts. */
export type MonthGroups = Map<string, Map<DriverDimension, GroupCounts[]>>;

/** Sentences at most (the issue: 4–8); changes named in full at most; groups named for a change at most. */
const maxSentences = 8;
const maxChanges = 3;
const maxDrivers = 2;
/** A group is named when its effect beyond its share of the change is at least this part of the change. */
const minExcess = 0.25;
/**
 * A dimension explains a change only when its groups are the same people in both months: the groups found in
 * both cover this much of each month's cases, and the empty group ("(trống)") no more than `maxBlank`.
 * (An export that starts filling the technician column would otherwise read as every technician being new.)
 */
const minCommon = 0.8;
const maxBlank = 0.2;
const blank = "(trống)";

export interface ChangeAnalysis {
  id: string;
  /** The month's figure counts cases still in their follow-up window (fix rate): it can still change. */
  provisional: boolean;
  change: Change;
  signal: MonthSignal | null;
  /** Months the limits were computed from (0: a share judged on the two months alone). */
  baseline: number;
  /** The dimension whose groups explain the change, its decomposition, and the groups named. */
  dimension: DriverDimension | null;
  decomposition: Decomposition | null;
  drivers: Contribution[];
  /** Traced, and no group stands out: the change is spread over the groups. */
  spread: boolean;
}

export type SummaryItem =
  | { code: "volume"; month: string; tickets: number; coverage: MonthKpis["coverage"] }
  | { code: "missed"; kpis: { id: string; value: number; target: Target; provisional: boolean }[] }
  | { code: "all_met" }
  | { code: "not_measured"; ids: string[] }
  | { code: "unsettled"; ids: string[] }
  | { code: "change"; analysis: ChangeAnalysis }
  | { code: "last_year"; analyses: ChangeAnalysis[] }
  | { code: "last_year_quiet"; month: string }
  | { code: "signals"; kpis: { id: string; signal: MonthSignal }[] }
  /** Changes from last month: `more` beyond noise but not told above, `quiet` within it, `unknown` no limit yet. */
  | { code: "noise"; more: string[]; quiet: string[]; unknown: string[]; told: boolean };

export interface MonthSummary {
  month: string;
  items: SummaryItem[];
  /** Every change beyond noise with its decomposition (against last month and the same month last year). */
  analyses: ChangeAnalysis[];
}

function eligible(decomposition: Decomposition): boolean {
  if (decomposition.groups.length < 2) return false;
  const share = (pick: (g: Contribution) => number, total: number, keep: (g: Contribution) => boolean) =>
    decomposition.groups.filter(keep).reduce((s, g) => s + pick(g), 0) / total;
  const common = (g: Contribution) => g.n_from > 0 && g.n_to > 0;
  const empty = (g: Contribution) => g.key === blank;
  return (
    share((g) => g.n_from, decomposition.n_from, common) >= minCommon &&
    share((g) => g.n_to, decomposition.n_to, common) >= minCommon &&
    share((g) => g.n_from, decomposition.n_from, empty) <= maxBlank &&
    share((g) => g.n_to, decomposition.n_to, empty) <= maxBlank
  );
}

/**
 * A change traced through each dimension's groups: the dimension with the group that pushes hardest beyond its
 * share of the change wins, and its groups that do so clearly are named (never the empty group).
 */
function trace(
  change: Change,
  groups: MonthGroups,
  month: string,
): Pick<ChangeAnalysis, "dimension" | "decomposition" | "drivers" | "spread"> {
  const sign = Math.sign(change.delta);
  const push = (c: Contribution) => (c.key === blank ? 0 : c.excess * sign);
  let best: { dimension: DriverDimension; decomposition: Decomposition; top: number } | null = null;
  let traced = false;
  for (const dimension of driverDimensions) {
    const decomposition = decomposeShare(
      groups.get(change.month)?.get(dimension) ?? [],
      groups.get(month)?.get(dimension) ?? [],
    );
    if (!decomposition || !eligible(decomposition)) continue;
    traced = true;
    const top = Math.max(...decomposition.groups.map(push));
    if (!best || top > best.top) best = { dimension, decomposition, top };
  }
  const size = Math.abs(change.delta);
  if (!best || best.top < minExcess * size)
    return { dimension: null, decomposition: null, drivers: [], spread: traced };
  const drivers = best.decomposition.groups
    .filter((g) => push(g) >= minExcess * size)
    .sort((a, b) => push(b) - push(a))
    .slice(0, maxDrivers);
  return { dimension: best.dimension, decomposition: best.decomposition, drivers, spread: false };
}

/**
 * The month's summary. `groupsByKpi.get(id)` holds each share KPI's groups by month and dimension; `phases` the
 * months a Board change took effect, per KPI (noise.ts).
 */
export function monthSummary(
  months: MonthKpis[],
  month: string,
  targets: Targets,
  groupsByKpi: Map<string, MonthGroups>,
  phases: Readonly<Record<string, readonly string[]>> = {},
): MonthSummary | null {
  const current = months.find((m) => m.month === month);
  if (!current) return null;
  const judged = judgeMonth(months, month, targets, phases).filter((j) => j.role === "headline");
  const analyses: ChangeAnalysis[] = [];
  const items: SummaryItem[] = [
    { code: "volume", month, tickets: current.kpis.tickets_received?.value ?? 0, coverage: current.coverage },
  ];

  const measured = judged.filter((j) => j.status !== "not_measured");
  const missed = measured.filter((j) => j.status === "missed");
  const provisional = (id: string) => current.kpis[id]?.provisional === true;
  if (missed.length)
    items.push({
      code: "missed",
      kpis: missed.map((j) => ({ id: j.id, value: j.value!, target: j.target!, provisional: provisional(j.id) })),
    });
  else if (measured.some((j) => j.target)) items.push({ code: "all_met" });
  const notMeasured = judged.filter((j) => j.status === "not_measured").map((j) => j.id);
  if (notMeasured.length) items.push({ code: "not_measured", ids: notMeasured });
  // A partial month is compared with nothing (the volume sentence says so); a figure with many cases still in
  // their window is not compared either.
  if (current.coverage.partial) return { month, items, analyses };
  const unsettled = judged.filter((j) => j.unjudged === "provisional").map((j) => j.id);
  if (unsettled.length) items.push({ code: "unsettled", ids: unsettled });

  const analyse = (j: KpiJudgement, change: Change): ChangeAnalysis => {
    const groups = groupsByKpi.get(j.id);
    const traced =
      j.unit === "share" && groups
        ? trace(change, groups, month)
        : { dimension: null, decomposition: null, drivers: [], spread: false };
    return {
      id: j.id,
      provisional: change.provisional,
      change,
      signal: j.signal,
      baseline: change.basis === "chart" ? j.baseline : 0,
      ...traced,
    };
  };
  // Strongest first: how many times its noise limit the change is. Volume is context, not a policy's result.
  const strength = (c: Change) => (c.limit ? Math.abs(c.delta) / c.limit : 0);
  const policy = judged.filter((j) => j.better !== "neutral");
  const beyond = (against: Change["against"]) =>
    policy
      .flatMap((j) => j.changes.filter((c) => c.against === against && c.beyond).map((c) => ({ j, c })))
      .sort((a, b) => strength(b.c) - strength(a.c));

  const monthly = beyond("previous_month").map(({ j, c }) => analyse(j, c));
  const yearly = beyond("last_year").map(({ j, c }) => analyse(j, c));
  analyses.push(...monthly, ...yearly);
  const changed = policy.filter((j) => j.changes.some((c) => c.against === "previous_month"));
  const judgedYear = policy.some((j) => j.changes.some((c) => c.against === "last_year" && c.limit !== null));

  // Sentences beyond the fixed ones, most important first, within the cap: the changes from last month named in
  // full (what is cut joins the closing sentence), last year's, the signals, the rest.
  const fixed = items.filter(
    (i) => i.code !== "not_measured" || !items.some((x) => x.code === "missed" || x.code === "all_met"),
  ).length;
  const signals = judged.filter((j) => j.signal?.worse && !monthly.some((a) => a.id === j.id));
  const tail = (yearly.length || judgedYear ? 1 : 0) + (signals.length ? 1 : 0) + (changed.length ? 1 : 0);
  const named = monthly.slice(0, Math.max(1, Math.min(maxChanges, maxSentences - fixed - tail)));
  for (const analysis of named) items.push({ code: "change", analysis });
  if (yearly.length) items.push({ code: "last_year", analyses: yearly.slice(0, maxChanges) });
  else if (judgedYear)
    items.push({ code: "last_year_quiet", month: yearly[0]?.change.month ?? shiftMonth(month, -12) });
  if (signals.length) items.push({ code: "signals", kpis: signals.map((j) => ({ id: j.id, signal: j.signal! })) });
  if (changed.length) {
    const told = new Set(named.map((a) => a.id));
    const step = (j: KpiJudgement) => j.changes.find((c) => c.against === "previous_month")!;
    items.push({
      code: "noise",
      more: monthly.filter((a) => !told.has(a.id)).map((a) => a.id),
      quiet: changed.filter((j) => step(j).limit !== null && !step(j).beyond).map((j) => j.id),
      unknown: changed.filter((j) => step(j).limit === null).map((j) => j.id),
      told: told.size > 0,
    });
  }
  return { month, items, analyses };
}

/** `measureGroups` rows (month, dimension, key, `<id>:n`, `<id>:x`) as each share KPI's groups by month and dimension. */
export function groupsFromRows(rows: Record<string, unknown>[], ids: string[]): Map<string, MonthGroups> {
  const out = new Map<string, MonthGroups>(ids.map((id) => [id, new Map()]));
  for (const row of rows) {
    const dimension = row.dimension as DriverDimension;
    if (!driverDimensions.includes(dimension)) continue;
    for (const id of ids) {
      const n = Number(row[`${id}:n`] ?? 0);
      if (!n) continue;
      const byMonth = out.get(id)!;
      const month = String(row.month);
      if (!byMonth.has(month)) byMonth.set(month, new Map());
      const byDimension = byMonth.get(month)!;
      if (!byDimension.has(dimension)) byDimension.set(dimension, []);
      byDimension.get(dimension)!.push({ key: String(row.key), n, x: Number(row[`${id}:x`] ?? 0) });
    }
  }
  return out;
}
