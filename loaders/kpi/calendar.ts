import { fileURLToPath } from "node:url";
import type { Warehouse } from "../warehouse/database.ts";
import { sql } from "../sql/compose.ts";

/**
 * The company's working time: Monday to Saturday, 07:30–11:30 and 13:00–17:00,
 * Asia/Ho_Chi_Minh, minus the public holidays in data/calendar/holidays.csv.
 */
export const workingHours = {
  days: "Thứ Hai – Thứ Bảy",
  shifts: [
    { from: "07:30", to: "11:30" },
    { from: "13:00", to: "17:00" },
  ],
} as const;

export const defaultHolidaysPath = fileURLToPath(new URL("../../data/calendar/holidays.csv", import.meta.url));

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
export const workingMinutesPerDay = workingHours.shifts.reduce(
  (sum, s) => sum + minutesOf(s.to) - minutesOf(s.from),
  0,
);

/**
 * Build `work_calendar` (one row a day: working or not, working minutes before it) and
 * the macro `work_clock(t)`: working minutes from the calendar's start to `t`. A working
 * duration is then `work_clock(b) - work_clock(a)`, exact across lunch, nights, Sundays
 * and holidays.
 */
export async function installWorkCalendar(warehouse: Warehouse, holidaysPath = defaultHolidaysPath): Promise<void> {
  await warehouse.run(sql`CREATE OR REPLACE TEMP TABLE holidays AS
    SELECT CAST(date AS DATE) AS date, name FROM read_csv(${holidaysPath}, header = true, columns = {'date': 'VARCHAR', 'name': 'VARCHAR'})`);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE work_calendar AS
    WITH days AS (SELECT CAST(d AS DATE) AS d FROM range(TIMESTAMP '2000-01-01', TIMESTAMP '2041-01-01', INTERVAL 1 DAY) t(d)),
    flags AS (SELECT d, dayofweek(d) <> 0 AND d NOT IN (SELECT date FROM holidays) AS working FROM days)
    SELECT d, working, coalesce(sum(CASE WHEN working THEN ${workingMinutesPerDay} ELSE 0 END)
      OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS minutes_before
    FROM flags`);
  const within = workingHours.shifts
    .map((s) => `least(greatest(m - ${minutesOf(s.from)}, 0), ${minutesOf(s.to) - minutesOf(s.from)})`)
    .join(" + ");
  await warehouse.run(`CREATE OR REPLACE TEMP MACRO work_clock_at(minutes_before, working, m) AS
    minutes_before + CASE WHEN working THEN ${within} ELSE 0 END`);
}

/** SQL for a timestamp column's working clock, given the alias of its joined work_calendar row. */
export function workClockSql(column: string, calendarAlias: string): string {
  return `work_clock_at(${calendarAlias}.minutes_before, ${calendarAlias}.working, hour(${column}) * 60 + minute(${column}) + second(${column}) / 60)`;
}
