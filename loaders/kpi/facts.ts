import type { Warehouse } from "../warehouse/database.ts";
import { installWorkCalendar, workClockSql } from "./calendar.ts";
import { sql } from "../sql/compose.ts";

/** Request types whose return counts as a repeat repair; consultations, complaints and contracts do not. */
export const returnTypes = ["warranty", "repair"] as const;
/** Outcomes that complete a repair (the denominator of the fix rate). */
export const completedOutcomes = ["fixed", "replaced"] as const;

/** Where a repair's clock starts: on site, when the contact came in; at the centre, when the device arrived. */
export const repairStartSql = (t: string) =>
  `CASE WHEN ${t}.service_location = 'onsite' THEN ${t}.received_at ELSE coalesce(${t}.product_received_at, ${t}.received_at) END`;

/**
 * SQL: the data's last moment — the latest time any ticket records (received, answered, repaired, delivered,
 * resolved, closed). An event log or a later export may close tickets weeks after the last one was received;
 * backlog, open follow-up windows and due promises are measured at this moment, never past it.
 */
export const dataEndSql = `(SELECT greatest(max(received_at), max(first_response_at), max(repaired_at),
  max(delivered_at), max(resolved_at), max(closed_at)) FROM tickets)`;

/** SQL list literal of codes: 'a', 'b'. */
export const inList = (items: readonly string[]) => items.map((i) => `'${i}'`).join(", ");

/** Request types that are repair work: their repair time is the repair-time KPI. */
export const repairTypes = ["warranty", "repair", "maintenance"] as const;
/** SQL condition: a ticket whose repair time counts (repair work, with a non-negative duration). */
export const countedRepairSql = `repair_working_minutes >= 0 AND request_type IN (${inList(repairTypes)})`;

/** The original spellings of coded fields, kept for re-classification: no figure reads them. */
const rawColumns = ["channel_raw", "request_type_raw", "warranty_status_raw", "service_location_raw", "outcome_raw"];

/** A rating counts as satisfied from this score up (1–5 scale): the satisfaction index's one threshold. */
export const satisfiedFrom = 4;

/** SQL: the device was back with the customer by the promised date (a date without time promises the whole day). */
export const onTimeSql = `CASE WHEN CAST(promised_at AS TIME) = TIME '00:00:00'
  THEN CAST(delivered_at AS DATE) <= CAST(promised_at AS DATE) ELSE delivered_at <= promised_at END`;

/** Connections whose facts are materialised, with the settings they were computed for. */
const materialisedOn = new WeakMap<Warehouse, string>();

/**
 * `ticket_facts`: every ticket with its month keys and every duration in both clocks
 * (calendar minutes and working minutes), and `repair_returns`: each completed repair
 * with the first warranty/repair ticket of the same serial within the window.
 * These two are the only place durations and returns are computed.
 */
export async function installFacts(
  warehouse: Warehouse,
  windowDays: number,
  holidaysPath?: string,
  { materialize = false }: { materialize?: boolean } = {},
): Promise<void> {
  // Facts materialised on a read-only connection cannot go stale: every later caller of this connection (the
  // build's precompute runs every page's results on one) reads them instead of computing them again.
  const settings = `${windowDays} ${holidaysPath ?? ""}`;
  if (warehouse.readOnly && materialisedOn.get(warehouse) === settings) return;
  materialisedOn.delete(warehouse);
  await installWorkCalendar(warehouse, holidaysPath);
  const clock = (column: string, alias: string) => workClockSql(column, alias);
  // Views by default: a loader that reads a few figures streams them. The monthly report and the build's precompute,
  // which run many queries over the same facts, materialise them once, leaving out the columns no figure reads (the
  // customer's name, the original spellings, the extra columns) so that the copy stays small and DuckDB can spill it
  // within its limit.
  const kind = materialize ? "TABLE" : "VIEW";
  // A connection may have installed them the other way before: CREATE OR REPLACE cannot turn a view into a table.
  for (const name of ["repair_facts", "repair_returns", "ticket_facts"])
    for (const other of ["VIEW", "TABLE"])
      await warehouse.run(`DROP ${other} IF EXISTS temp.${name}`).catch(() => undefined);
  const columns = materialize
    ? `t.* EXCLUDE (${[...rawColumns, "customer_name", "extra", "source_line"].join(", ")})`
    : "t.*";
  // The window is a targets.json value. DuckDB cannot bind parameters in a view, so the view
  // reads it from a one-row table written with a bound parameter.
  await warehouse.run(
    sql`CREATE OR REPLACE TEMP TABLE kpi_settings AS SELECT CAST(${Math.round(windowDays)} AS INTEGER) AS repeat_window_days`,
  );
  // Materialised, the returns search (a self-join on serial numbers) is paid once, then joined where needed.
  await warehouse.run(`CREATE OR REPLACE TEMP ${kind} repair_returns AS
    WITH repairs AS (
      SELECT ticket_id, serial_no, product_model, technician, repaired_at, strftime(repaired_at, '%Y-%m') AS repaired_month,
             coalesce(delivered_at, repaired_at) AS back_at
      FROM tickets WHERE outcome IN (${inList(completedOutcomes)}) AND repaired_at IS NOT NULL AND serial_no IS NOT NULL),
    returns AS (
      SELECT r.ticket_id, min(n.received_at) AS returned_at, arg_min(n.ticket_id, n.received_at) AS return_ticket_id
      FROM repairs r CROSS JOIN kpi_settings s JOIN tickets n ON n.serial_no = r.serial_no AND n.ticket_id <> r.ticket_id
        AND n.request_type IN (${inList(returnTypes)})
        AND n.received_at > r.back_at AND n.received_at <= r.back_at + to_days(s.repeat_window_days)
      GROUP BY r.ticket_id)
    SELECT r.*, x.returned_at, x.return_ticket_id,
      r.back_at + to_days(s.repeat_window_days) > ${dataEndSql} AS window_open
    FROM repairs r CROSS JOIN kpi_settings s LEFT JOIN returns x USING (ticket_id)`);
  await warehouse.run(`CREATE OR REPLACE TEMP ${kind} ticket_facts AS
    SELECT ${columns},
      strftime(t.received_at, '%Y-%m') AS received_month,
      strftime(t.repaired_at, '%Y-%m') AS repaired_month,
      strftime(coalesce(t.closed_at, t.delivered_at), '%Y-%m') AS closed_month,
      strftime(t.delivered_at, '%Y-%m') AS delivered_month,
      ${repairStartSql("t")} AS repair_start,
      epoch(t.first_response_at - t.received_at) / 60 AS response_calendar_minutes,
      ${clock("t.first_response_at", "cf")} - ${clock("t.received_at", "cr")} AS response_working_minutes,
      epoch(t.repaired_at - ${repairStartSql("t")}) / 60 AS repair_calendar_minutes,
      ${clock("t.repaired_at", "cp")} - ${clock(repairStartSql("t"), "cs")} AS repair_working_minutes,
      epoch(t.delivered_at - t.received_at) / 60 AS turnaround_calendar_minutes,
      ${clock("t.delivered_at", "cd")} - ${clock("t.received_at", "cr")} AS turnaround_working_minutes,
      epoch(t.closed_at - t.received_at) / 60 AS resolution_calendar_minutes,
      ${clock("t.closed_at", "cc")} - ${clock("t.received_at", "cr")} AS resolution_working_minutes,
      strftime(t.promised_at, '%Y-%m') AS promised_month,
      -- Due: the end of a promised day without time, else the promised moment.
      CASE WHEN CAST(t.promised_at AS TIME) = TIME '00:00:00' THEN t.promised_at + INTERVAL 1 DAY ELSE t.promised_at END AS promise_due,
      -- Not delivered yet: late once the promise is due (the basis leaves out promises not due by the data's end).
      CASE WHEN t.promised_at IS NULL THEN NULL WHEN t.delivered_at IS NULL THEN false ELSE ${onTimeSql} END AS on_time
      ${materialize ? ", r.back_at, r.returned_at, r.return_ticket_id, r.window_open" : ""}
    FROM tickets t
    ${materialize ? "LEFT JOIN repair_returns r USING (ticket_id)" : ""}
    LEFT JOIN work_calendar cr ON cr.d = CAST(t.received_at AS DATE)
    LEFT JOIN work_calendar cf ON cf.d = CAST(t.first_response_at AS DATE)
    LEFT JOIN work_calendar cs ON cs.d = CAST(${repairStartSql("t")} AS DATE)
    LEFT JOIN work_calendar cp ON cp.d = CAST(t.repaired_at AS DATE)
    LEFT JOIN work_calendar cd ON cd.d = CAST(t.delivered_at AS DATE)
    LEFT JOIN work_calendar cc ON cc.d = CAST(t.closed_at AS DATE)`);
  // Repairs with their return, for the KPIs counted in the month a device was repaired. Materialised, the return
  // columns are in ticket_facts already (one copy of the tickets, not two).
  if (materialize) {
    await warehouse.run(
      "CREATE OR REPLACE TEMP VIEW repair_facts AS SELECT * FROM ticket_facts WHERE repaired_at IS NOT NULL",
    );
    materialisedOn.set(warehouse, settings);
    return;
  }
  await warehouse.run(`CREATE OR REPLACE TEMP ${kind} repair_facts AS
    SELECT f.*, r.back_at, r.returned_at, r.return_ticket_id, r.window_open
    FROM ticket_facts f LEFT JOIN repair_returns r USING (ticket_id) WHERE f.repaired_at IS NOT NULL`);
}
