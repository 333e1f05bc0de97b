import { foldKey as fold } from "../../src/components/fold.js";

/** See src/components/fold.js: one folding for ingest and for the pages' search. */
export const foldKey: (text: string) => string = fold;

/** The same folding as {@link foldKey}, as a DuckDB SQL expression over `expr`. */
export function foldKeySql(expr: string): string {
  return `trim(regexp_replace(strip_accents(replace(lower(nfc_normalize(${expr})), 'đ', 'd')), '[^a-z0-9]+', ' ', 'g'))`;
}

/** Quote a string as a SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Quote an identifier for DuckDB. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
