import type { Warehouse } from "../warehouse/database.ts";
import { monthlyKpis, type KpiOptions, type MonthKpis } from "./monthly.ts";
import { loadTargets } from "./targets.ts";
import { countedRepairSql, dataEndSql, inList, repairTypes } from "./facts.ts";
import { kpiRegistry } from "./registry.ts";
import { evaluate, measureGroups } from "./measure.ts";
import { intLiteral, quoteLiteral, raw, sql } from "../sql/compose.ts";
import { reasonMessage } from "../ingest/rejectReasons.ts";
import { driverDimensions, groupsFromRows, monthSummary, type MonthSummary } from "./summary.ts";

/** The dimensions the monthly report breaks volumes and times down by, with their Vietnamese labels. */
export const breakdownDimensions = {
  request_type: "Loại yêu cầu",
  channel: "Kênh tiếp nhận",
  product_category: "Nhóm sản phẩm",
  technician: "Kỹ thuật viên",
  service_location: "Nơi sửa chữa",
  customer_segment: "Nhóm khách hàng",
  region: "Khu vực",
} as const;

/** Histogram bins in working hours: response time, then repair time (a working day is 8 hours). */
export const responseBins = [0, 1, 2, 4, 8, 16, 40];
export const repairBins = [0, 4, 8, 16, 24, 40, 80];

type Row = Record<string, unknown>;

/** Everything the monthly summary report shows beyond the headline KPIs, for every month, aggregated (no ticket lists beyond the top 10 cases). */
export interface MonthlyReportData {
  asOf: string | null;
  months: MonthKpis[];
  /** Each month's executive summary and the decompositions behind it (summary.ts). */
  summaries: MonthSummary[];
  breakdowns: Row[];
  daily: Row[];
  distributions: Row[];
  exceptions: { repeats: Row[]; longestRepairs: Row[]; responseBreaches: Row[]; openComplaints: Row[] };
  quality: { rejects: Row[]; missing: Row[] };
}

/** Cases listed per month on the page: the worst ten; the report's workbook asks for all of them. */
const pageCases = 10;

function binSql(column: string, bins: number[]): string {
  const arms = bins
    .slice(1)
    .map((b, i) => `WHEN ${column} < ${b * 60} THEN ${i}`)
    .join(" ");
  return `CASE ${arms} ELSE ${bins.length - 1} END`;
}

/**
 * The report's tables, for all months at once (a page switches months without reloading).
 * Depends on the views `monthlyKpis` installs (ticket_facts, repair_returns).
 */
export async function monthlyReportData(
  warehouse: Warehouse,
  options: KpiOptions & { cases?: number; month?: string } = {},
): Promise<MonthlyReportData> {
  const top = intLiteral(options.cases ?? pageCases);
  // One month's case lists only, when the caller prints one month (the workbook asks for every case of it).
  if (options.month !== undefined && !/^\d{4}-\d{2}$/.test(options.month)) throw new Error(`month ${options.month}`);
  const only = (column: string) => (options.month ? ` AND ${column} = ${quoteLiteral(options.month)}` : "");
  const targets = options.targets ?? loadTargets();
  const months = await monthlyKpis(warehouse, { ...options, targets, materialize: true });
  const asOf = (await warehouse.one<{ t: Date | null }>(`SELECT ${dataEndSql} AS t`))?.t ?? null;

  // Each figure follows its KPI's month rule (registry.ts): volume and response by received month,
  // repair time and fix rate by repaired month, ratings by closed month; the same measures as the month's KPIs.
  const breakdownSpecs = kpiRegistry.filter((k) => k.breakdown);
  // The summary traces changes of the headline shares through their groups: the same query measures them.
  const summarySpecs = kpiRegistry.filter((k) => k.role === "headline" && k.unit === "share");
  const groupSpecs = [...new Set([...breakdownSpecs, ...summarySpecs])];
  const everyColumn = new Set(breakdownSpecs.flatMap((k) => k.needs.flat()));
  // A group's figure is shown with its n and judged against nothing: the month's minimum of cases does not apply.
  const anyCount = { ...targets, minimumCases: 0 };
  const groupRows = await measureGroups(warehouse, targets, Object.keys(breakdownDimensions), groupSpecs);
  const groups = groupsFromRows(
    groupRows.filter((r) => (driverDimensions as readonly unknown[]).includes(r.dimension)),
    summarySpecs.map((k) => k.id),
  );
  const summaries = months
    .map((m) => monthSummary(months, m.month, targets, groups))
    .filter((s): s is MonthSummary => s !== null);
  const breakdowns = groupRows
    .map((row) => {
      const figures: Record<string, unknown> = { month: row.month, dimension: row.dimension, key: row.key };
      for (const spec of breakdownSpecs) {
        const result = evaluate(spec, row, anyCount, everyColumn);
        figures[spec.id] = result.value;
        figures[`${spec.id}_n`] = result.n;
      }
      return figures;
    })
    .sort(
      (a, b) =>
        String(a.month).localeCompare(String(b.month)) ||
        String(a.dimension).localeCompare(String(b.dimension)) ||
        Number(b.tickets_received) - Number(a.tickets_received) ||
        String(a.key).localeCompare(String(b.key)),
    );

  const daily =
    await warehouse.all(`SELECT received_month AS month, strftime(received_at, '%Y-%m-%d') AS day, count(*) AS tickets,
      count(*) FILTER (WHERE request_type = 'complaint') AS complaints FROM ticket_facts GROUP BY ALL ORDER BY day`);

  const distributions = await warehouse.all(`
    SELECT received_month AS month, 'response' AS kpi, ${binSql("response_working_minutes", responseBins)} AS bin, count(*) AS n
      FROM ticket_facts WHERE response_working_minutes >= 0 GROUP BY ALL
    UNION ALL
    SELECT repaired_month, 'repair', ${binSql("repair_working_minutes", repairBins)}, count(*)
      FROM ticket_facts WHERE ${countedRepairSql} GROUP BY ALL
    ORDER BY 1, 2, 3`);

  const repeats =
    await warehouse.all(`SELECT repaired_month AS month, ticket_id, return_ticket_id, serial_no, product_model, technician,
      date_diff('day', back_at, returned_at) AS days_to_return
    FROM repair_returns WHERE returned_at IS NOT NULL${only("repaired_month")}
    QUALIFY row_number() OVER (PARTITION BY repaired_month ORDER BY days_to_return, ticket_id) <= ${top} ORDER BY month, days_to_return, ticket_id`);
  const longestRepairs =
    await warehouse.all(`SELECT repaired_month AS month, ticket_id, product_category, product_model, technician, service_location,
      repair_working_minutes, repair_calendar_minutes FROM ticket_facts WHERE repair_working_minutes >= 0${only("repaired_month")}
    QUALIFY row_number() OVER (PARTITION BY repaired_month ORDER BY repair_working_minutes DESC, ticket_id) <= ${top} ORDER BY month, repair_working_minutes DESC, ticket_id`);
  // The target is a targets.json value: bound, never spliced.
  const responseBreaches =
    await warehouse.all(sql`SELECT received_month AS month, ticket_id, channel, request_type, response_working_minutes,
      count(*) OVER (PARTITION BY received_month) AS breaches
    FROM ticket_facts WHERE response_working_minutes > ${targets.response_time.withinWorkingMinutes}${raw(only("received_month"))}
    QUALIFY row_number() OVER (PARTITION BY received_month ORDER BY response_working_minutes DESC, ticket_id) <= ${top} ORDER BY month, response_working_minutes DESC, ticket_id`);
  const openComplaints =
    await warehouse.all(`WITH months AS (SELECT DISTINCT received_month AS month, CAST(received_month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH AS month_end FROM ticket_facts WHERE true${only("received_month")})
    SELECT m.month, t.ticket_id, t.channel, t.customer_id, strftime(t.received_at, '%Y-%m-%d %H:%M') AS received_at, date_diff('day', t.received_at, m.month_end) AS age_days,
      count(*) OVER (PARTITION BY m.month) AS open
    FROM months m JOIN tickets t ON t.request_type = 'complaint' AND t.received_at < m.month_end AND (t.closed_at IS NULL OR t.closed_at >= m.month_end)
    QUALIFY row_number() OVER (PARTITION BY m.month ORDER BY t.received_at, t.ticket_id) <= ${top} ORDER BY m.month, t.received_at, t.ticket_id`);

  // Rejected rows have no trustworthy month (a bad date is one reason): they are reported for the whole warehouse.
  // Why rows were rejected (their causes, not the other problems they also had), in the reason's words.
  const rejects = (
    await warehouse.all(`SELECT r.reason, count(DISTINCT (r.import_id, r.line)) AS rows, count(DISTINCT r.import_id) AS files
      FROM rejects r JOIN import_log l USING (import_id) WHERE l.kind = 'tickets' AND r.cause GROUP BY ALL ORDER BY rows DESC, r.reason`)
  ).map((r) => ({ reason: r.reason, message: reasonMessage(String(r.reason)), rows: r.rows, files: r.files }));
  const missing =
    await warehouse.all(`SELECT received_month AS month, count(*) FILTER (WHERE first_response_at IS NULL AND closed_at IS NOT NULL) AS closed_without_response,
      count(*) FILTER (WHERE request_type IN (${inList(repairTypes)}) AND outcome IS NOT NULL AND repaired_at IS NULL) AS outcome_without_repair_time,
      count(*) FILTER (WHERE request_type IN (${inList(repairTypes)}) AND serial_no IS NULL) AS repairs_without_serial,
      count(*) FILTER (WHERE request_type IS NULL) AS unclassified
    FROM ticket_facts GROUP BY ALL ORDER BY month`);

  return {
    asOf: asOf ? new Date(asOf).toISOString() : null,
    months,
    summaries,
    breakdowns,
    daily,
    distributions,
    exceptions: { repeats, longestRepairs, responseBreaches, openComplaints },
    quality: { rejects, missing },
  };
}
