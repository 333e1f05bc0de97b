import type { Warehouse } from "../warehouse/database.ts";
import { shiftMonth } from "@haumai/vi";
import type { Targets } from "./targets.ts";
import { kpiById, type Better } from "./registry.ts";
import { columnsWithData, evaluate, measureGroups, type NotMeasured } from "./measure.ts";

/**
 * Funnel plots: is a technician's (or a product model's) share really different from the centre's, or is it the
 * noise of a small number of cases? Each group's share x/n is set against the centre's overall share
 * p̄ = Σx / Σn with limits that narrow as n grows:
 *
 *   p̄ ± z · sqrt(p̄ (1 − p̄) / n),  z = 1.959964 (95%) and z = 3.090232 (99.8%), clamped to [0, 1].
 *
 * Method: the normal approximation to the binomial around the centre's rate (Spiegelhalter, "Funnel plots for
 * comparing institutional performance", 2005). Chosen because the limits are then one formula the reader can
 * check by hand, the chart draws them as smooth curves across n, and for the rates these KPIs run at (80–99%)
 * with the group sizes of a month or a year the exact binomial limits differ from it by less than one case. At very
 * small n the approximation is loose (the limits clamp at 0 or 1): a group of a few cases then sits inside,
 * which is the point of the funnel — too few cases to call it different. A group outside 95% is a signal to look at;
 * outside 99.8% it is very unlikely to be noise (about 1 in 500 groups by chance).
 *
 * The shares are the registry's: `fix_rate` (repairs not followed by a return within the repeat window) and
 * `repair_time` (repairs done within the working-time target), counted by `measureGroups` with the registry's own
 * conditions, in the month their basis assigns them to. Nothing here defines a KPI a second time.
 */

/** The dimensions compared, with their Vietnamese names for the pages. */
export const funnelDimensions = { technician: "Kỹ thuật viên", product_model: "Model sản phẩm" } as const;
export type FunnelDimension = keyof typeof funnelDimensions;
/** The registry KPIs compared: both are shares (x of n). */
export const funnelKpis = ["fix_rate", "repair_time"] as const;
export type FunnelKpi = (typeof funnelKpis)[number];
/** Two-sided 95% and 99.8% standard normal quantiles. */
export const funnelZ = { z95: 1.959964, z998: 3.090232 } as const;
/** One month, or the twelve months ending with it. */
export type Period = "month" | "year";
export const periodMonths: Record<Period, number> = { month: 1, year: 12 };

export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** Where a group's share falls: inside the 95% limits, outside 95% only, or outside 99.8% too. */
export type Position = "inside" | "above_95" | "below_95" | "above_998" | "below_998";
/** Whether the side a group is out on is the KPI's better side; null when it is inside. */
export type Side = "better" | "worse" | null;

export interface FunnelGroup {
  key: string;
  n: number;
  x: number;
  rate: number;
  limits: FunnelLimits;
  position: Position;
  side: Side;
}

export interface Funnel {
  kpi: FunnelKpi;
  dimension: FunnelDimension;
  period: Period;
  /** The month the period ends with (YYYY-MM), and the first month it covers. */
  month: string;
  from: string;
  /** The centre's cases and successes over the period, and its overall rate p̄ (null when not measured). */
  n: number;
  x: number;
  centre: number | null;
  /** For the fix rate: repairs still inside their follow-up window, so the figure can still change. */
  in_window: number;
  not_measured?: NotMeasured;
  /** Groups with at least one case, most cases first. */
  groups: FunnelGroup[];
}

export interface FunnelData {
  months: string[];
  z: typeof funnelZ;
  funnels: Funnel[];
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** The 95% and 99.8% limits around the centre's rate `p` for a group of `n` cases (n > 0). */
export function funnelLimits(p: number, n: number): FunnelLimits {
  const se = Math.sqrt((p * (1 - p)) / n);
  return {
    lower95: clamp(p - funnelZ.z95 * se),
    upper95: clamp(p + funnelZ.z95 * se),
    lower998: clamp(p - funnelZ.z998 * se),
    upper998: clamp(p + funnelZ.z998 * se),
  };
}

/** Where `rate` falls against `limits` (strictly outside counts as outside), and whether that side is better. */
export function funnelPosition(rate: number, limits: FunnelLimits, better: Better): { position: Position; side: Side } {
  const position: Position =
    rate > limits.upper998
      ? "above_998"
      : rate < limits.lower998
        ? "below_998"
        : rate > limits.upper95
          ? "above_95"
          : rate < limits.lower95
            ? "below_95"
            : "inside";
  if (position === "inside" || better === "neutral") return { position, side: null };
  const above = position.startsWith("above");
  return { position, side: above === (better === "higher") ? "better" : "worse" };
}

/** A funnel from the groups' counts: p̄ = Σx / Σn, each group's limits at its n and its position. */
export function funnelOf(
  groups: { key: string; n: number; x: number }[],
  better: Better,
): { n: number; x: number; centre: number | null; groups: FunnelGroup[] } {
  const counted = groups.filter((g) => g.n > 0);
  const n = counted.reduce((s, g) => s + g.n, 0);
  const x = counted.reduce((s, g) => s + g.x, 0);
  if (!n) return { n, x, centre: null, groups: [] };
  const centre = x / n;
  return {
    n,
    x,
    centre,
    groups: counted
      .map((g) => {
        const rate = g.x / g.n;
        const limits = funnelLimits(centre, g.n);
        return { key: g.key, n: g.n, x: g.x, rate, limits, ...funnelPosition(rate, limits, better) };
      })
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key)),
  };
}

/** Every month from the first to the last in which a ticket was received or a device repaired. */
export async function dataMonths(warehouse: Warehouse): Promise<string[]> {
  const row = await warehouse.one<{ first: string | null; last: string | null }>(
    `SELECT least(min(received_month), min(repaired_month)) AS first,
       greatest(max(received_month), max(repaired_month)) AS last FROM ticket_facts`,
  );
  if (!row?.first || !row.last) return [];
  const months: string[] = [];
  for (let m = row.first; m <= row.last; m = shiftMonth(m, 1)) months.push(m);
  return months;
}

/**
 * Every month's funnels, for one month and for the twelve months ending with it, of each KPI and dimension.
 * Needs the facts views (installFacts). A KPI the data cannot measure over a period (a column missing, no case, fewer
 * cases than the month's minimum) has a funnel with `not_measured` and no group.
 */
export async function funnelData(
  warehouse: Warehouse,
  targets: Targets,
  dimensions: FunnelDimension[] = Object.keys(funnelDimensions) as FunnelDimension[],
): Promise<FunnelData> {
  const specs = funnelKpis.map(kpiById);
  const rows = await measureGroups(warehouse, targets, dimensions, specs);
  const present = await columnsWithData(warehouse);
  const months = await dataMonths(warehouse);
  // Counts per KPI, dimension, month and group; a period adds its months' counts (n and x are counts).
  const counts = new Map<string, Map<string, { n: number; x: number; in_window: number }>>();
  for (const row of rows)
    for (const spec of specs) {
      const n = Number(row[`${spec.id}:n`] ?? 0);
      if (!n) continue;
      const id = `${spec.id}\u0000${row.dimension}\u0000${row.month}`;
      const groups = counts.get(id) ?? new Map();
      counts.set(id, groups);
      groups.set(String(row.key), {
        n,
        x: Number(row[`${spec.id}:x`] ?? 0),
        in_window: Number(row[`${spec.id}:in_window`] ?? 0),
      });
    }
  const funnels: Funnel[] = [];
  for (const month of months)
    for (const period of Object.keys(periodMonths) as Period[]) {
      const span = Array.from({ length: periodMonths[period] }, (_, i) => shiftMonth(month, -i)).filter(
        (m) => m >= months[0],
      );
      for (const spec of specs)
        for (const dimension of dimensions) {
          const summed = new Map<string, { key: string; n: number; x: number }>();
          let inWindow = 0;
          for (const m of span)
            for (const [key, c] of counts.get(`${spec.id}\u0000${dimension}\u0000${m}`) ?? []) {
              const g = summed.get(key) ?? { key, n: 0, x: 0 };
              summed.set(key, { key, n: g.n + c.n, x: g.x + c.x });
              inWindow += c.in_window;
            }
          const funnel = funnelOf([...summed.values()], spec.better);
          // The centre is the KPI over the period: judged measurable by the registry's own rule.
          const result = evaluate(spec, { [`${spec.id}:n`]: funnel.n, [`${spec.id}:x`]: funnel.x }, targets, present);
          const base = {
            kpi: spec.id as FunnelKpi,
            dimension,
            period,
            month,
            from: span[span.length - 1],
            n: funnel.n,
            x: funnel.x,
            in_window: inWindow,
          };
          funnels.push(
            result.not_measured
              ? { ...base, centre: null, not_measured: result.not_measured, groups: [] }
              : { ...base, centre: funnel.centre, groups: funnel.groups },
          );
        }
    }
  return { months, z: funnelZ, funnels };
}
