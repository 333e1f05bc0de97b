import type { Warehouse } from "../warehouse/database.ts";
import { dataEndSql } from "./facts.ts";

/**
 * What a month's figures stand on. A month the data does not cover from its first to its last
 * day is partial (an export that ends on the 6th); a month of a year the holiday file does not
 * list is measured in working time without holidays, which overstates working time.
 */
export interface MonthCoverage {
  month: string;
  /** First and last day of the month that the data covers (YYYY-MM-DD). */
  from: string;
  to: string;
  partial: boolean;
  holidays_known: boolean;
}

/**
 * Every month from the first to the last received ticket, with its coverage. Installs the
 * temporary table `kpi_months` (month, month_start, month_end) the month-end KPIs join to.
 * Needs the work calendar's `holidays` and `work_calendar` tables (installFacts).
 */
export async function monthCoverage(warehouse: Warehouse): Promise<MonthCoverage[]> {
  // measured_at: the month's end, or the data's last moment when the data stops before it.
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE kpi_months AS
    SELECT strftime(m, '%Y-%m') AS month, m AS month_start, m + INTERVAL 1 MONTH AS month_end,
      least(m + INTERVAL 1 MONTH, ${dataEndSql} + INTERVAL 1 SECOND) AS measured_at
    FROM range((SELECT date_trunc('month', min(received_at)) FROM tickets),
      (SELECT max(received_at) FROM tickets) + INTERVAL 1 SECOND, INTERVAL 1 MONTH) t(m)`);
  // A month is whole when the data reaches its first and its last working day: an export that starts on
  // Monday the 2nd because the 1st was a Sunday is not partial.
  const rows = await warehouse.all<{
    month: string;
    from: string;
    to: string;
    partial: boolean;
    holidays_known: boolean;
  }>(`
    WITH span AS (SELECT CAST(min(received_at) AS DATE) AS first_day, CAST(${dataEndSql} AS DATE) AS last_day FROM tickets),
    working AS (SELECT strftime(d, '%Y-%m') AS month, min(d) AS first_working, max(d) AS last_working
      FROM work_calendar WHERE working GROUP BY 1)
    SELECT m.month,
      strftime(greatest(CAST(m.month_start AS DATE), s.first_day), '%Y-%m-%d') AS "from",
      strftime(least(CAST(m.month_end AS DATE) - 1, s.last_day), '%Y-%m-%d') AS "to",
      s.first_day > w.first_working OR s.last_day < w.last_working AS partial,
      year(m.month_start) IN (SELECT DISTINCT year(date) FROM holidays) AS holidays_known
    FROM kpi_months m CROSS JOIN span s JOIN working w USING (month) ORDER BY m.month`);
  return rows.map((r) => ({ ...r, partial: Boolean(r.partial), holidays_known: Boolean(r.holidays_known) }));
}
