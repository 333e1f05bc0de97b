import type { Warehouse } from "../warehouse/database.ts";
import type { Mapping } from "./mapping.ts";
import type { CodedField } from "./vocabulary.ts";
import { foldKey } from "../text/foldKey.ts";
import { sql } from "../sql/compose.ts";

/** Value spellings per coded field, folded spelling → canonical code (beyond the built-in vocabulary). */
export type ValueSpellings = Partial<Record<CodedField, Record<string, string>>>;

/**
 * The spellings this warehouse has been taught by mapping files (table `value_aliases`, newest
 * wins), with the given mapping's on top. Every import and every re-derivation reads them, so a
 * value mapped once stays mapped for later exports that do not carry the mapping.
 */
export async function valueSpellings(warehouse: Warehouse, mapping?: Mapping): Promise<ValueSpellings> {
  const spellings: ValueSpellings = {};
  const stored = await warehouse.all<{ field: CodedField; spelling: string; code: string }>(
    "SELECT field, spelling, arg_max(code, added_at) AS code FROM value_aliases GROUP BY field, spelling",
  );
  for (const { field, spelling, code } of stored) (spellings[field] ??= {})[spelling] = code;
  for (const [field, table] of Object.entries(mapping?.values ?? {})) {
    for (const [spelling, code] of Object.entries(table ?? {}))
      (spellings[field as CodedField] ??= {})[foldKey(spelling)] = code;
  }
  return spellings;
}

/** Store a mapping's value spellings in the warehouse (inside the caller's transaction). */
export async function rememberSpellings(warehouse: Warehouse, mapping?: Mapping): Promise<void> {
  for (const [field, table] of Object.entries(mapping?.values ?? {})) {
    for (const [spelling, code] of Object.entries(table ?? {})) {
      await warehouse.run(sql`DELETE FROM value_aliases WHERE field = ${field} AND spelling = ${foldKey(spelling)}`);
      await warehouse.run(
        sql`INSERT INTO value_aliases VALUES (${field}, ${foldKey(spelling)}, ${code}, ${mapping?.path ?? null}, now())`,
      );
    }
  }
}
