import type { Warehouse } from "../warehouse/database.ts";
import { countedRepairSql, installFacts, satisfiedFrom } from "./facts.ts";
import { loadTargets, type Targets } from "./targets.ts";
import { wilson } from "./stats.ts";
import { raw, sql } from "../sql/compose.ts";

export interface DurationKpi {
  n: number;
  median_working_minutes: number | null;
  median_calendar_minutes: number | null;
  p90_working_minutes: number | null;
  within_target_share: number | null;
  target_working_minutes: number;
  met: boolean | null;
}

/** One month of the monthly summary report's headline KPIs (design.md §4). */
export interface MonthKpis {
  month: string;
  tickets_received: number;
  complaints: number;
  complaint_rate: number | null;
  complaint_met: boolean | null;
  response_time: DurationKpi;
  repair_time: DurationKpi;
  turnaround: { n: number; median_working_minutes: number | null; median_calendar_minutes: number | null };
  fix_rate: { repairs: number; repaired_thoroughly: number; returned: number; share: number | null; window_days: number; provisional: boolean; in_window: number; met: boolean | null };
  satisfaction: { rated: number; satisfied: number; index: number | null; mean: number | null; ci95: [number, number] | null; met: boolean | null };
  backlog_end: number;
  backlog_bands: { "0-2": number; "3-7": number; "8-14": number; "15-30": number; ">30": number };
  backlog_met: boolean;
}

export interface KpiOptions {
  targets?: Targets;
  holidaysPath?: string;
}

type Row = Record<string, number | string | null>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Every month's KPIs, from the first to the last month with tickets. A ticket counts in
 * the month of its local received time; a repair in the month it was repaired; a rating
 * in the month the ticket closed; backlog at each month's last moment.
 */
export async function monthlyKpis(warehouse: Warehouse, options: KpiOptions = {}): Promise<MonthKpis[]> {
  const targets = options.targets ?? loadTargets();
  const N = targets.repeatWindowDays;
  await installFacts(warehouse, N, options.holidaysPath);
  const rt = targets.response_time.withinWorkingMinutes;
  const pt = targets.repair_time.withinWorkingMinutes;
  // Targets come from targets.json: they travel as bound parameters, never as SQL text.
  const rows = await warehouse.all<Row>(sql`
    WITH months AS (
      SELECT strftime(m, '%Y-%m') AS month, m AS month_start, m + INTERVAL 1 MONTH AS month_end
      FROM range((SELECT date_trunc('month', min(received_at)) FROM tickets), (SELECT max(received_at) FROM tickets) + INTERVAL 1 SECOND, INTERVAL 1 MONTH) t(m)),
    received AS (
      SELECT received_month AS month, count(*) AS tickets_received, count(*) FILTER (WHERE request_type = 'complaint') AS complaints,
        count(response_working_minutes) FILTER (WHERE response_working_minutes >= 0) AS response_n,
        median(response_working_minutes) FILTER (WHERE response_working_minutes >= 0) AS response_median_w,
        median(response_calendar_minutes) FILTER (WHERE response_working_minutes >= 0) AS response_median_c,
        quantile_cont(response_working_minutes, 0.9) FILTER (WHERE response_working_minutes >= 0) AS response_p90_w,
        avg(CASE WHEN response_working_minutes <= ${rt} THEN 1 ELSE 0 END) FILTER (WHERE response_working_minutes >= 0) AS response_within,
        count(turnaround_working_minutes) AS turnaround_n,
        median(turnaround_working_minutes) AS turnaround_median_w, median(turnaround_calendar_minutes) AS turnaround_median_c
      FROM ticket_facts GROUP BY 1),
    repaired AS (
      SELECT repaired_month AS month, count(repair_working_minutes) AS repair_n,
        median(repair_working_minutes) AS repair_median_w, median(repair_calendar_minutes) AS repair_median_c,
        quantile_cont(repair_working_minutes, 0.9) AS repair_p90_w,
        avg(CASE WHEN repair_working_minutes <= ${pt} THEN 1 ELSE 0 END) AS repair_within
      FROM ticket_facts WHERE ${raw(countedRepairSql)} GROUP BY 1),
    fixes AS (
      SELECT repaired_month AS month, count(*) AS repairs, count(returned_at) AS returned,
        count(*) FILTER (WHERE returned_at IS NULL AND window_open) AS in_window
      FROM repair_returns GROUP BY 1),
    rated AS (
      SELECT closed_month AS month, count(csat) AS rated, count(*) FILTER (WHERE csat >= ${satisfiedFrom}) AS satisfied, avg(csat) AS csat_mean
      FROM ticket_facts WHERE csat IS NOT NULL GROUP BY 1),
    backlog AS (
      SELECT m.month, count(t.ticket_id) AS backlog_end,
        count(*) FILTER (WHERE date_diff('day', t.received_at, m.month_end) <= 2) AS b0,
        count(*) FILTER (WHERE date_diff('day', t.received_at, m.month_end) BETWEEN 3 AND 7) AS b3,
        count(*) FILTER (WHERE date_diff('day', t.received_at, m.month_end) BETWEEN 8 AND 14) AS b8,
        count(*) FILTER (WHERE date_diff('day', t.received_at, m.month_end) BETWEEN 15 AND 30) AS b15,
        count(*) FILTER (WHERE date_diff('day', t.received_at, m.month_end) > 30) AS b30
      FROM months m LEFT JOIN tickets t ON t.received_at < m.month_end AND (t.closed_at IS NULL OR t.closed_at >= m.month_end)
      GROUP BY m.month)
    SELECT * FROM months
      LEFT JOIN received USING (month) LEFT JOIN repaired USING (month) LEFT JOIN fixes USING (month)
      LEFT JOIN rated USING (month) LEFT JOIN backlog USING (month)
    ORDER BY month`);

  return rows.map((r) => {
    const tickets = Number(r.tickets_received ?? 0);
    const complaints = Number(r.complaints ?? 0);
    const repairs = Number(r.repairs ?? 0);
    const returned = Number(r.returned ?? 0);
    const ratedN = Number(r.rated ?? 0);
    const satisfied = Number(r.satisfied ?? 0);
    const fixShare = repairs ? (repairs - returned) / repairs : null;
    const index = ratedN ? satisfied / ratedN : null;
    const responseWithin = num(r.response_within);
    const repairWithin = num(r.repair_within);
    const over30 = Number(r.b30 ?? 0);
    return {
      month: String(r.month),
      tickets_received: tickets,
      complaints,
      complaint_rate: tickets ? complaints / tickets : null,
      complaint_met: tickets ? complaints / tickets <= targets.complaint_rate.max : null,
      response_time: {
        n: Number(r.response_n ?? 0),
        median_working_minutes: num(r.response_median_w),
        median_calendar_minutes: num(r.response_median_c),
        p90_working_minutes: num(r.response_p90_w),
        within_target_share: responseWithin,
        target_working_minutes: rt,
        met: responseWithin === null ? null : responseWithin >= targets.response_time.withinShare,
      },
      repair_time: {
        n: Number(r.repair_n ?? 0),
        median_working_minutes: num(r.repair_median_w),
        median_calendar_minutes: num(r.repair_median_c),
        p90_working_minutes: num(r.repair_p90_w),
        within_target_share: repairWithin,
        target_working_minutes: pt,
        met: repairWithin === null ? null : repairWithin >= targets.repair_time.withinShare,
      },
      turnaround: { n: Number(r.turnaround_n ?? 0), median_working_minutes: num(r.turnaround_median_w), median_calendar_minutes: num(r.turnaround_median_c) },
      fix_rate: {
        repairs,
        repaired_thoroughly: repairs - returned,
        returned,
        share: fixShare,
        window_days: N,
        provisional: Number(r.in_window ?? 0) > 0,
        in_window: Number(r.in_window ?? 0),
        met: fixShare === null ? null : fixShare >= targets.fix_rate.share,
      },
      satisfaction: { rated: ratedN, satisfied, index, mean: num(r.csat_mean), ci95: wilson(satisfied, ratedN), met: index === null ? null : index >= targets.satisfaction.index },
      backlog_end: Number(r.backlog_end ?? 0),
      backlog_bands: { "0-2": Number(r.b0 ?? 0), "3-7": Number(r.b3 ?? 0), "8-14": Number(r.b8 ?? 0), "15-30": Number(r.b15 ?? 0), ">30": over30 },
      backlog_met: over30 <= targets.backlog.maxOver30Days,
    };
  });
}
