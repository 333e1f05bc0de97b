import type { Warehouse } from "../warehouse/database.ts";
import type { ExportSpec } from "./fields.ts";
import type { ColumnPlan, Mapping } from "./mapping.ts";
import { lookupTable, vocabularies } from "./vocabulary.ts";
import { naiveFormats } from "./parseSql.ts";
import { cleanCellSql, type Staged } from "./stage.ts";
import { foldKey, sqlString } from "../text/foldKey.ts";

/**
 * What the staged columns hold, learnt before the typed SELECT is built so that it does
 * less per row: the few distinct spellings of each coded column, mapped once in JS, and
 * the date-time form each timestamp column mostly uses, tried first.
 */
export interface ColumnProfile {
  /** Coded field → exact cleaned cell text → canonical value, for the spellings the sample holds. */
  codes: Map<string, Map<string, string>>;
  /** Timestamp field → its dominant naive format. */
  dateFormats: Map<string, string>;
}

/** Rows looked at: enough to see a column's usual spellings and date form; the rest fall back to the full parse. */
const sampleRows = 20000;

export async function profileColumns(warehouse: Warehouse, spec: ExportSpec, plan: ColumnPlan, staged: Pick<Staged, "needsNfc" | "needsTrim">, mapping?: Mapping): Promise<ColumnProfile> {
  const profile: ColumnProfile = { codes: new Map(), dateFormats: new Map() };
  for (const field of spec.fields) {
    const column = plan.fields.get(field.name);
    if (!column) continue;
    const cell = cleanCellSql(`c${column.index}`, staged);
    if (field.type === "coded") {
      const values = await warehouse.all<{ v: string }>(`SELECT DISTINCT v FROM (SELECT ${cell} AS v FROM stage LIMIT ${sampleRows}) WHERE v IS NOT NULL`);
      const table = lookupTable(vocabularies[field.vocabulary], mapping?.values?.[field.vocabulary]);
      const codes = new Map<string, string>();
      for (const { v } of values) {
        const canonical = table.get(foldKey(v));
        if (canonical) codes.set(v, canonical);
      }
      profile.codes.set(field.name, codes);
    } else if (field.type === "timestamp") {
      const counts = naiveFormats.map((f, i) => `count(try_strptime(v, ${sqlString(f)})) AS f${i}`).join(", ");
      const row = await warehouse.one<Record<string, number>>(`SELECT ${counts} FROM (SELECT ${cell} AS v FROM stage WHERE ${cell} IS NOT NULL LIMIT 1000)`);
      const best = naiveFormats.map((format, i) => ({ format, n: Number(row?.[`f${i}`] ?? 0) })).sort((a, b) => b.n - a.n)[0];
      if (best.n > 0) profile.dateFormats.set(field.name, best.format);
    }
  }
  return profile;
}
