import type { Warehouse } from "../warehouse/database.ts";
import type { ExportSpec } from "./fields.ts";
import type { ColumnPlan } from "./mapping.ts";
import { lookupTable, vocabularies } from "./vocabulary.ts";
import type { ValueSpellings } from "./spellings.ts";
import { classify } from "./classify.ts";
import { dmyShape, naiveFormats, offsetFormats, strptimeSql, type DateContext } from "./parseSql.ts";
import { cleanCellSql, type Staged } from "./stage.ts";

/**
 * What the staged columns hold, learnt before the typed SELECT is built: every distinct
 * spelling of each coded column, classified once in JS (classify.ts) into a lookup table
 * the SELECT joins; the day/month order of the file's dates; the date-time form each
 * timestamp column mostly uses, tried first.
 */
export interface ColumnProfile {
  /** Coded field → the temp table of its spellings (raw → code, reason). */
  lookups: Map<string, { table: string }>;
  /** Timestamp field → its dominant naive format. */
  dateFormats: Map<string, string>;
  dates: DateContext;
  /** How many d/m/y-shaped cells prove each order (a part over 12 can only be the day). */
  dateEvidence: { dayFirst: number; monthFirst: number };
}

/** Rows of each date column read to learn the file's day/month order. */
const orderSampleRows = 50_000;

export async function profileColumns(
  warehouse: Warehouse,
  spec: ExportSpec,
  plan: ColumnPlan,
  staged: Pick<Staged, "needsNfc" | "needsTrim">,
  spellings: ValueSpellings,
  today: string,
): Promise<ColumnProfile> {
  const lookups: ColumnProfile["lookups"] = new Map();
  const cellOf = (name: string) => cleanCellSql(`c${plan.fields.get(name)!.index}`, staged);
  const present = spec.fields.filter((f) => plan.fields.has(f.name));

  for (const field of present) {
    if (field.type !== "coded") continue;
    const table = `codes_${field.name}`;
    const values = await warehouse.all<{ v: string }>(
      `SELECT DISTINCT ${cellOf(field.name)} AS v FROM stage WHERE v IS NOT NULL`,
    );
    const known = lookupTable(vocabularies[field.vocabulary], spellings[field.vocabulary]);
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${table} (raw VARCHAR, code VARCHAR, reason VARCHAR)`);
    const appender = await warehouse.connection.createAppender(table, "main", "temp");
    for (const { v } of values) {
      const result = classify(v, known);
      appender.appendVarchar(v);
      if (result.code) appender.appendVarchar(result.code);
      else appender.appendNull();
      appender.appendVarchar("reason" in result ? result.reason : "classified");
      appender.endRow();
    }
    appender.closeSync();
    lookups.set(field.name, { table });
  }

  // Day/month order: a d/m/y-shaped date whose first part is over 12 proves day-first, whose
  // second part is over 12 proves month-first. Vietnamese exports are day-first unless proven.
  const timestamps = present.filter((f) => f.type === "timestamp");
  let dayFirst = 0;
  let monthFirst = 0;
  if (timestamps.length) {
    // The first rows of each column are evidence enough (a month of day-first dates has days 13–31);
    // a cell further down that contradicts the order found still gets its own reason at parse time.
    // A cheap test of the separator's position skips ISO dates before the regex.
    const parts = timestamps.map(
      (
        f,
      ) => `SELECT TRY_CAST(regexp_extract(v, '${dmyShape}', 1) AS INTEGER) AS a, TRY_CAST(regexp_extract(v, '${dmyShape}', 2) AS INTEGER) AS b
              FROM (SELECT ${cellOf(f.name)} AS v FROM stage LIMIT ${orderSampleRows})
              WHERE (substr(v, 2, 1) IN ('/', '-', '.') OR substr(v, 3, 1) IN ('/', '-', '.')) AND regexp_matches(v, '${dmyShape}')`,
    );
    const row = await warehouse.one<{ d: number; m: number }>(
      `SELECT count(*) FILTER (WHERE a > 12 AND b <= 12) AS d, count(*) FILTER (WHERE b > 12 AND a <= 12) AS m FROM (${parts.join(" UNION ALL ")})`,
    );
    dayFirst = Number(row?.d ?? 0);
    monthFirst = Number(row?.m ?? 0);
  }
  const dates: DateContext = { order: monthFirst > dayFirst ? "mdy" : "dmy", today };

  const dateFormats = new Map<string, string>();
  // ISO times with an offset (event logs: "2010-03-31T15:59:42+01:00") are guessed too: the full
  // parse tries every naive form first, which costs seconds on a million events.
  const formats = [...naiveFormats(dates.order), ...offsetFormats];
  for (const field of timestamps) {
    const counts = formats.map((f, i) => `count(${strptimeSql("v", f)}) AS f${i}`).join(", ");
    const row = await warehouse.one<Record<string, number>>(
      `SELECT ${counts} FROM (SELECT ${cellOf(field.name)} AS v FROM stage WHERE v IS NOT NULL LIMIT 1000)`,
    );
    const best = formats.map((format, i) => ({ format, n: Number(row?.[`f${i}`] ?? 0) })).sort((a, b) => b.n - a.n)[0];
    if (best.n > 0) dateFormats.set(field.name, best.format);
  }
  return { lookups, dateFormats, dates, dateEvidence: { dayFirst, monthFirst } };
}

export async function dropLookups(warehouse: Warehouse, profile: ColumnProfile | undefined): Promise<void> {
  for (const { table } of profile?.lookups.values() ?? []) await warehouse.run(`DROP TABLE IF EXISTS ${table}`);
}
