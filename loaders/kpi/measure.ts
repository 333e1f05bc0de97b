import type { Warehouse } from "../warehouse/database.ts";
import type { Targets } from "./targets.ts";
import { kpiRegistry, type Aggregate, type Basis, type KpiSpec } from "./registry.ts";
import { join, raw, sql, type Sql } from "../sql/compose.ts";
import { wilson } from "./stats.ts";
import { dataEndSql } from "./facts.ts";

/**
 * The registry's measures as SQL: one query per basis computes every KPI counted on it, for
 * every month, or for every month and group of a breakdown. Rows come from the facts tables
 * that `installFacts` builds, each tagged with the month its basis assigns it to.
 */
const sources: Record<Basis, string> = {
  received: "SELECT received_month AS month, * FROM ticket_facts",
  repaired: "SELECT repaired_month AS month, * FROM repair_facts",
  closed: "SELECT closed_month AS month, * FROM ticket_facts WHERE closed_month IS NOT NULL",
  delivered: "SELECT delivered_month AS month, * FROM ticket_facts WHERE delivered_month IS NOT NULL",
  // Promises due by the data's last moment, or already kept: a later promise not yet kept is not late yet.
  promised: `SELECT promised_month AS month, * FROM ticket_facts WHERE promised_at IS NOT NULL
    AND (delivered_at IS NOT NULL OR promise_due <= ${dataEndSql})`,
  // Open at the month's last moment (or the data's last moment, when the data stops before the month ends):
  // received before it, not closed (nor delivered) by then.
  month_end: `SELECT m.month, t.*, date_diff('day', t.received_at, m.measured_at) AS age_days
    FROM kpi_months m JOIN ticket_facts t ON t.received_at < m.measured_at
      AND (coalesce(t.closed_at, t.delivered_at) IS NULL OR coalesce(t.closed_at, t.delivered_at) >= m.measured_at)`,
};

function aggregateSql(where: Sql, aggregate: Aggregate): Sql {
  if ("count" in aggregate) return sql`count(*) FILTER (WHERE (${where}) AND (${aggregate.count}))`;
  if ("median" in aggregate) return sql`median(${aggregate.median}) FILTER (WHERE ${where})`;
  if ("p90" in aggregate) return sql`quantile_cont(${aggregate.p90}, 0.9) FILTER (WHERE ${where})`;
  return sql`avg(${aggregate.mean}) FILTER (WHERE ${where})`;
}

/** Column names of a KPI's figures in the query result: `<id>:n`, `<id>:x`, `<id>:value`, `<id>:<detail>`. */
const column = (id: string, part: string) => raw(`"${id}:${part}"`);

function selectList(specs: KpiSpec[], targets: Targets): Sql {
  return join(
    specs.flatMap((spec) => {
      const m = spec.measure(targets);
      const parts = [sql`count(*) FILTER (WHERE ${m.where}) AS ${column(spec.id, "n")}`];
      if (m.x) parts.push(sql`${aggregateSql(m.where, { count: m.x })} AS ${column(spec.id, "x")}`);
      if (m.value) parts.push(sql`${aggregateSql(m.where, m.value)} AS ${column(spec.id, "value")}`);
      for (const [name, aggregate] of Object.entries(m.details ?? {}))
        parts.push(sql`${aggregateSql(m.where, aggregate)} AS ${column(spec.id, name)}`);
      return parts;
    }),
  );
}

type Row = Record<string, unknown>;

/** Every month's raw figures of the given KPIs, one row per month, keyed `<id>:<part>`. */
export async function measureMonths(
  warehouse: Warehouse,
  targets: Targets,
  specs = kpiRegistry,
): Promise<Map<string, Row>> {
  const byMonth = new Map<string, Row>();
  for (const basis of Object.keys(sources) as Basis[]) {
    const onBasis = specs.filter((s) => s.basis === basis);
    if (!onBasis.length) continue;
    const rows = await warehouse.all<Row>(
      sql`SELECT month, ${selectList(onBasis, targets)} FROM (${raw(sources[basis])}) WHERE month IS NOT NULL GROUP BY month`,
    );
    for (const row of rows) byMonth.set(String(row.month), { ...byMonth.get(String(row.month)), ...row });
  }
  return byMonth;
}

/**
 * KPIs per month and group of each dimension (by default the breakdown KPIs); `key` is '(trống)' where the
 * group is empty.
 */
export async function measureGroups(
  warehouse: Warehouse,
  targets: Targets,
  dimensions: string[],
  specs = kpiRegistry.filter((s) => s.breakdown),
): Promise<Row[]> {
  const merged = new Map<string, Row>();
  for (const basis of Object.keys(sources) as Basis[]) {
    const onBasis = specs.filter((s) => s.basis === basis);
    if (!onBasis.length) continue;
    const select = selectList(onBasis, targets);
    // One scan for every dimension (grouping sets), not one per dimension; GROUPING() tells which dimension a row
    // groups by, so an empty group of it ('(trống)') is not mistaken for another dimension's row.
    const ids = dimensions.map((d) => raw(`"${d}"`));
    const which = join(
      dimensions.map((d, i) => sql`WHEN GROUPING(${ids[i]}) = 0 THEN ${d}`),
      " ",
    );
    const key = join(
      dimensions.map((_, i) => sql`WHEN GROUPING(${ids[i]}) = 0 THEN coalesce(CAST(${ids[i]} AS VARCHAR), '(trống)')`),
      " ",
    );
    const sets = join(
      ids.map((id) => sql`(month, ${id})`),
      ", ",
    );
    const query = sql`SELECT month, CASE ${which} END AS dimension, CASE ${key} END AS key, ${select}
        FROM (${raw(sources[basis])}) WHERE month IS NOT NULL GROUP BY GROUPING SETS (${sets})`;
    for (const row of await warehouse.all<Row>(query)) {
      const id = `${row.month}\u0000${row.dimension}\u0000${row.key}`;
      merged.set(id, { ...merged.get(id), ...row });
    }
  }
  return [...merged.values()];
}

/** Why a KPI has no verdict this month: a column the data lacks, no case at all, or too few cases. */
export type NotMeasured =
  | { reason: "missing_column"; columns: string[] }
  | { reason: "no_cases" }
  | { reason: "too_few"; n: number; min: number };

export type KpiStatus = "met" | "missed" | "no_target" | "not_measured";

export interface KpiResult {
  value: number | null;
  /** Cases measured; for a share, its denominator. */
  n: number;
  /** For a share, its numerator. */
  x?: number;
  status: KpiStatus;
  not_measured?: NotMeasured;
  /** For a share: the 95% Wilson interval (null when not measured). */
  ci95?: [number, number] | null;
  /** Cases still inside their follow-up window (a detail `in_window` above 0): the figure can still change. */
  provisional?: boolean;
  details: Record<string, number | null>;
}

/** The columns a KPI needs that the data lacks ("a / b" when either would do): it cannot be measured without them. */
export function missingColumns(spec: KpiSpec, present: Set<string>): string[] {
  return spec.needs
    .filter((need) => !(Array.isArray(need) ? need : [need]).some((c) => present.has(c)))
    .map((need) => (Array.isArray(need) ? need.join(" / ") : need));
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Columns of `tickets` that hold at least one value: what the data can measure at all. */
export async function columnsWithData(warehouse: Warehouse): Promise<Set<string>> {
  const needed = [...new Set(kpiRegistry.flatMap((k) => k.needs.flat()))];
  const row = await warehouse.one<Row>(
    `SELECT ${needed.map((c) => `count("${c}") > 0 AS "${c}"`).join(", ")} FROM tickets`,
  );
  return new Set(needed.filter((c) => row?.[c] === true));
}

/** One KPI's result from its raw figures: value, counts, and whether it is met, missed or not measured. */
export function evaluate(spec: KpiSpec, row: Row | undefined, targets: Targets, present: Set<string>): KpiResult {
  const measure = spec.measure(targets);
  const n = Number(row?.[`${spec.id}:n`] ?? 0);
  const x = measure.x ? Number(row?.[`${spec.id}:x`] ?? 0) : undefined;
  const raw = num(row?.[`${spec.id}:value`]);
  const value = spec.unit === "share" ? (n ? x! / n : null) : spec.unit === "count" ? (raw ?? 0) : raw;
  // A count of no row is 0; a median of no row has no value.
  const details = Object.fromEntries(
    Object.entries(measure.details ?? {}).map(([d, aggregate]) => {
      const v = num(row?.[`${spec.id}:${d}`]);
      return [d, "count" in aggregate ? (v ?? 0) : v];
    }),
  );
  const missing = missingColumns(spec, present);
  const min = spec.minCases(targets);
  const notMeasured: NotMeasured | undefined = missing.length
    ? { reason: "missing_column", columns: missing }
    : min !== null && n < min
      ? n === 0
        ? { reason: "no_cases" }
        : { reason: "too_few", n, min }
      : undefined;
  const target = spec.target(targets);
  const status: KpiStatus = notMeasured
    ? "not_measured"
    : !target || value === null
      ? "no_target"
      : (target.bound === "min" ? value >= target.value : value <= target.value)
        ? "met"
        : "missed";
  // Not measured has no value, on every surface that reads the result; n, x and the details stay, as counts.
  return {
    value: notMeasured ? null : value,
    n,
    ...(x === undefined ? {} : { x, ci95: notMeasured ? null : wilson(x, n) }),
    status,
    ...(notMeasured ? { not_measured: notMeasured } : {}),
    ...("in_window" in details ? { provisional: (details.in_window ?? 0) > 0 } : {}),
    details,
  };
}
