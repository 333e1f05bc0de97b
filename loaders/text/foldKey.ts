import { foldKey as fold } from "@haumai/vi";

/** See src/components/fold.js: one folding for ingest and for the pages' search. */
export const foldKey: (text: string) => string = fold;

/** The same folding as {@link foldKey}, as a DuckDB SQL expression over `expr`. */
export function foldKeySql(expr: string): string {
  return `trim(regexp_replace(strip_accents(replace(lower(nfc_normalize(${expr})), 'đ', 'd')), '[^a-z0-9]+', ' ', 'g'))`;
}

/**
 * Quoting for SQL text the code base writes itself (field names, reason codes, formats). Values
 * from files and configs are bound instead: see loaders/sql/compose.ts, where these live.
 */
export { quoteLiteral as sqlString, quoteIdent as sqlIdent } from "../sql/compose.ts";
