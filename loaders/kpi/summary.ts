import type { MonthKpis } from "./monthly.ts";
import type { Targets } from "./targets.ts";
import type { Target } from "./registry.ts";
import { judgeMonth, type Change, type KpiJudgement, type MonthSignal } from "./noise.ts";
import { decomposeShare, type Contribution, type Decomposition, type GroupCounts } from "./decompose.ts";

/**
 * The executive summary of a month (Tóm tắt cho Ban Giám đốc), as data: which headline KPIs missed their
 * target, which changed beyond noise against last month and the same month last year (noise.ts), and for a
 * share that did, the groups that drove it (decompose.ts). No language model: the items are codes and the
 * figures the page shows elsewhere; `@haumai/vi` (summaryText) words them. A KPI not measured is never a miss.
 */

/** Dimensions a change is traced through, in the order a tie is broken. */
export const driverDimensions = ["channel", "product_category", "technician", "region"] as const;
export type DriverDimension = (typeof driverDimensions)[number];

/** A KPI's groups in one month, per dimension: what `measureGroups` returns, reduced to counts. */
export type MonthGroups = Map<string, Map<DriverDimension, GroupCounts[]>>;

/** How far a change is traced: the most a summary names, and the least a named group must account for. */
const maxChanges = 3;
const maxDrivers = 2;
const minDriverShare = 0.25;

export interface ChangeAnalysis {
  id: string;
  /** The month's figure counts cases still in their follow-up window (fix rate): it can still change. */
  provisional: boolean;
  change: Change;
  signal: MonthSignal | null;
  /** The dimension whose groups explain most of the change, its decomposition, and the groups named. */
  dimension: DriverDimension | null;
  decomposition: Decomposition | null;
  drivers: Contribution[];
}

export type SummaryItem =
  | { code: "volume"; month: string; tickets: number }
  | { code: "coverage"; coverage: MonthKpis["coverage"] }
  | { code: "missed"; kpis: { id: string; value: number; target: Target; provisional: boolean }[] }
  | { code: "all_met"; measured: number }
  | { code: "not_measured"; ids: string[] }
  | { code: "change"; analysis: ChangeAnalysis }
  | { code: "last_year"; changes: { id: string; change: Change; provisional: boolean }[] }
  | { code: "signals"; kpis: { id: string; signal: MonthSignal }[] }
  /** `others`: the summary named changes before; these are the rest. */
  | { code: "noise"; ids: string[]; others: boolean };

export interface MonthSummary {
  month: string;
  items: SummaryItem[];
  /** Every change beyond noise with its decompositions (against last month and the same month last year). */
  analyses: ChangeAnalysis[];
}

/** A change traced through each dimension's groups: the dimension whose top group pushes hardest along it wins. */
function trace(
  change: Change,
  groups: MonthGroups,
  month: string,
): Omit<ChangeAnalysis, "id" | "change" | "signal" | "provisional"> {
  const dimensions: { dimension: DriverDimension; decomposition: Decomposition }[] = [];
  for (const dimension of driverDimensions) {
    const before = groups.get(change.month)?.get(dimension) ?? [];
    const after = groups.get(month)?.get(dimension) ?? [];
    const decomposition = decomposeShare(before, after);
    // One group in both months (a column the export leaves empty) explains nothing: it is the whole.
    if (decomposition && decomposition.groups.length > 1) dimensions.push({ dimension, decomposition });
  }
  const sign = Math.sign(change.delta);
  const push = (c: Contribution) => c.effect * sign;
  let best: (typeof dimensions)[number] | null = null;
  for (const d of dimensions) {
    const top = Math.max(...d.decomposition.groups.map(push));
    if (top > 0 && (!best || top > Math.max(...best.decomposition.groups.map(push)))) best = d;
  }
  const drivers = best
    ? best.decomposition.groups
        .filter((g) => push(g) > 0)
        .sort((a, b) => push(b) - push(a))
        .filter((g, i) => i === 0 || push(g) >= minDriverShare * Math.abs(change.delta))
        .slice(0, maxDrivers)
    : [];
  return { dimension: best?.dimension ?? null, decomposition: best?.decomposition ?? null, drivers };
}

/**
 * The month's summary. `groups` holds, for the month, the month before and the same month a year before, each
 * share KPI's groups: `groupsByKpi.get(id)`.
 */
export function monthSummary(
  months: MonthKpis[],
  month: string,
  targets: Targets,
  groupsByKpi: Map<string, MonthGroups>,
): MonthSummary | null {
  const current = months.find((m) => m.month === month);
  if (!current) return null;
  const provisional = (id: string) => current.kpis[id]?.provisional === true;
  const judged = judgeMonth(months, month, targets).filter((j) => j.role === "headline");
  const items: SummaryItem[] = [];
  const analyses: ChangeAnalysis[] = [];

  const volume = judged.find((j) => j.id === "tickets_received");
  if (volume && volume.value !== null) items.push({ code: "volume", month, tickets: volume.value });

  // A month the data does not cover whole, or without its year's holidays: said before any judgement.
  if (current.coverage.partial || !current.coverage.holidays_known)
    items.push({ code: "coverage", coverage: current.coverage });

  const measured = judged.filter((j) => j.status !== "not_measured");
  const missed = measured.filter((j) => j.status === "missed");
  if (missed.length)
    items.push({
      code: "missed",
      kpis: missed.map((j) => ({ id: j.id, value: j.value!, target: j.target!, provisional: provisional(j.id) })),
    });
  else if (measured.some((j) => j.target))
    items.push({ code: "all_met", measured: measured.filter((j) => j.target).length });
  const notMeasured = judged.filter((j) => j.status === "not_measured").map((j) => j.id);
  if (notMeasured.length) items.push({ code: "not_measured", ids: notMeasured });

  const analyse = (j: KpiJudgement, change: Change): ChangeAnalysis => {
    const groups = groupsByKpi.get(j.id);
    const traced =
      j.unit === "share" && groups
        ? trace(change, groups, month)
        : { dimension: null, decomposition: null, drivers: [] };
    return { id: j.id, provisional: provisional(j.id), change, signal: j.signal, ...traced };
  };
  // Strongest first: how many times its noise limit the change is.
  const strength = (c: Change) => (c.limit ? Math.abs(c.delta) / c.limit : 0);
  const beyond = (against: Change["against"]) =>
    judged
      .filter((j) => j.better !== "neutral")
      .flatMap((j) => j.changes.filter((c) => c.against === against && c.beyond).map((c) => ({ j, c })))
      .sort((a, b) => strength(b.c) - strength(a.c));

  const monthly = beyond("previous_month");
  for (const { j, c } of monthly) analyses.push(analyse(j, c));
  for (const a of analyses.slice(0, maxChanges)) items.push({ code: "change", analysis: a });
  const yearly = beyond("last_year");
  for (const { j, c } of yearly) analyses.push(analyse(j, c));
  if (yearly.length)
    items.push({
      code: "last_year",
      changes: yearly.slice(0, maxChanges).map(({ j, c }) => ({ id: j.id, change: c, provisional: provisional(j.id) })),
    });

  // Special causes the month-to-month comparison does not already tell (a run of 8, a trend of 6, a slow drift).
  const told = new Set(monthly.slice(0, maxChanges).map(({ j }) => j.id));
  const signals = judged.filter((j) => j.signal?.worse && !told.has(j.id));
  if (signals.length) items.push({ code: "signals", kpis: signals.map((j) => ({ id: j.id, signal: j.signal! })) });

  const quiet = judged.filter(
    (j) =>
      j.better !== "neutral" && j.changes.some((c) => c.against === "previous_month" && c.limit !== null && !c.beyond),
  );
  if (quiet.length) items.push({ code: "noise", ids: quiet.map((j) => j.id), others: told.size > 0 });
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
