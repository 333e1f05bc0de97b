import type { FieldSpec } from "./fields.ts";
import { lookupTable, vocabularies } from "./vocabulary.ts";
import type { Mapping } from "./mapping.ts";
import { foldKeySql, sqlString } from "../text/foldKey.ts";

/**
 * SQL that turns one export cell (already NFC, trimmed, '' → NULL) into its canonical
 * value, and the checks that reject it. It runs in two steps so that the costly parse
 * runs once per cell: `parse` reads the raw cell `r` into a helper `p`; `values` and
 * `checks` read `r` and `p`. Reason codes are English identifiers; the Vietnamese message
 * of each is in rejectReasons.ts.
 */
export interface FieldSql {
  parse?: (r: string) => string;
  values: (r: string, p: string) => [string, string][];
  /** [reason, condition, detail?] triples; every true one is reported. */
  checks: (r: string, p: string) => [string, string, string?][];
}

/** Naive date-time forms, tried in order: Vietnamese day-first, then ISO-like. Naive means Asia/Ho_Chi_Minh. */
export const naiveFormats = [
  "%d/%m/%Y %H:%M:%S",
  "%d/%m/%Y %H:%M",
  "%d/%m/%Y",
  "%d-%m-%Y %H:%M:%S",
  "%d-%m-%Y %H:%M",
  "%d-%m-%Y",
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M",
  "%Y-%m-%d",
  "%Y-%m-%dT%H:%M:%S",
  "%Y-%m-%dT%H:%M:%S.%f",
  "%Y-%m-%dT%H:%M",
  "%Y-%m-%d %H:%M:%S.%f",
  "%Y/%m/%d %H:%M:%S",
  "%Y/%m/%d",
];
export const offsetFormats = ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%z"];

const list = (items: string[]) => `[${items.map(sqlString).join(", ")}]`;

/** Excel stores date-times as days since 1899-12-30; accept 1954–2119 so that plain numbers are not taken for dates. */
export function timestampSql(v: string): string {
  return `coalesce(
    try_strptime(${v}, ${list(naiveFormats)}),
    try_strptime(regexp_replace(${v}, 'Z$', '+00:00'), ${list(offsetFormats)}) AT TIME ZONE 'Asia/Ho_Chi_Minh',
    try_strptime(regexp_replace(${v}, '^(\\d{1,2})(st|nd|rd|th) ', '\\1 '), ['%d %B %Y', '%d %b %Y']),
    CASE WHEN regexp_full_match(${v}, '\\d{5}(\\.\\d+)?') AND TRY_CAST(${v} AS DOUBLE) BETWEEN 20000 AND 80000
         THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST(${v} AS DOUBLE) * 86400000000) AS BIGINT)) END)`;
}

/** True when a cell holds a date without a time of day: such milestones are compared by date only. */
export function dateOnlySql(v: string): string {
  return `(NOT contains(${v}, ':') AND NOT regexp_full_match(${v}, '\\d+\\.\\d+'))`;
}

/**
 * Numbers as Vietnamese exports write them: "1.500.000", "1.500.000 đ", "1,500,000" (grouping)
 * or "4,5" (decimal comma).
 */
export function numberSql(v: string): string {
  const bare = `regexp_replace(${v}, '\\s|đ|Đ|₫|(?i:vnd)', '', 'g')`;
  return `CASE WHEN regexp_full_match(${bare}, '-?\\d{1,3}([.,]\\d{3})+') THEN TRY_CAST(regexp_replace(${bare}, '[.,]', '', 'g') AS DOUBLE)
               ELSE TRY_CAST(replace(${bare}, ',', '.') AS DOUBLE) END`;
}

/** "2026-H1", "H1/2026", "2026 H2", "Đợt 1/2026", "1/2026" → YYYY-HN. */
export function waveSql(v: string): string {
  const k = foldKeySql(v);
  return `CASE
    WHEN regexp_full_match(${k}, '(\\d{4}) h?([12])') THEN regexp_extract(${k}, '(\\d{4})', 1) || '-H' || regexp_extract(${k}, '(\\d{4}) h?([12])', 2)
    WHEN regexp_full_match(${k}, '(h|dot|ky)? ?([12]) (nam )?(\\d{4})') THEN regexp_extract(${k}, '(\\d{4})', 1) || '-H' || regexp_extract(${k}, '([12]) (nam )?\\d{4}', 1)
  END`;
}

/** A CASE over folded spellings: the built-in vocabulary plus the mapping file's values. */
export function codedSql(v: string, field: Extract<FieldSpec, { type: "coded" }>, mapping?: Mapping): string {
  const table = lookupTable(vocabularies[field.vocabulary], mapping?.values?.[field.vocabulary]);
  const arms = [...table].map(([spelling, canonical]) => `WHEN ${sqlString(spelling)} THEN ${sqlString(canonical)}`).join(" ");
  return `CASE ${foldKeySql(v)} ${arms} END`;
}

/** Hints learnt from the staged data (profile.ts) that make the same parse cheaper. */
export interface ParseHints {
  /** Exact cell text → canonical code, for the spellings already looked up. */
  codes?: Map<string, string>;
  /** The naive format most cells of a timestamp field use: tried before the others. */
  dateFormat?: string;
}

/** A CASE over the exact spellings a file uses, already mapped (no per-row folding). */
function exactCodesSql(r: string, codes: Map<string, string>, otherwise: string): string {
  // CASE evaluates ELSE only for the rows no WHEN matched (coalesce would fold every row).
  return `CASE ${r} ${[...codes].map(([text, code]) => `WHEN ${sqlString(text)} THEN ${sqlString(code)}`).join(" ")} ELSE ${otherwise} END`;
}

/** Parsing and checks for one field. */
export function fieldSql(field: FieldSpec, mapping?: Mapping, hints: ParseHints = {}): FieldSql {
  const required = "required" in field && field.required === true;
  const missing = (r: string): [string, string, string?][] => (required ? [["missing_required", `${r} IS NULL`]] : []);
  switch (field.type) {
    case "text":
      return { values: (r) => [[field.name, r]], checks: missing };
    case "timestamp":
      return {
        parse: (r) => {
          if (!hints.dateFormat) return timestampSql(r);
          const usual = `try_strptime(${r}, ${sqlString(hints.dateFormat)})`;
          return `CASE WHEN ${usual} IS NOT NULL THEN ${usual} ELSE ${timestampSql(r)} END`;
        },
        values: (_r, p) => [[field.name, p]],
        checks: (r, p) => [...missing(r), ["bad_date", `${r} IS NOT NULL AND ${p} IS NULL`]],
      };
    case "coded":
      return {
        // Exact spellings first; only what they miss is folded row by row.
        parse: (r) => (hints.codes?.size ? exactCodesSql(r, hints.codes, codedSql(r, field, mapping)) : codedSql(r, field, mapping)),
        values: (r, p) => [
          [field.name, field.unknown === "other" ? `CASE WHEN ${r} IS NOT NULL THEN coalesce(${p}, 'other') END` : p],
          [`${field.name}_raw`, r],
        ],
        checks: (r, p) => (field.unknown === "reject" ? [["unknown_value", `${r} IS NOT NULL AND ${p} IS NULL`]] : []),
      };
    case "score": {
      const valid = (p: string) => `(${p} BETWEEN ${field.min} AND ${field.max} AND ${p} = floor(${p}))`;
      return {
        parse: numberSql,
        values: (_r, p) => [[field.name, `CAST(CASE WHEN ${valid(p)} THEN ${p} END AS TINYINT)`]],
        checks: (r, p) => [
          ["bad_number", `${r} IS NOT NULL AND ${p} IS NULL`],
          ["out_of_range", `${p} IS NOT NULL AND NOT ${valid(p)}`, sqlString(`${field.min}–${field.max}`)],
        ],
      };
    }
    case "amount":
      return {
        parse: numberSql,
        values: (_r, p) => [[field.name, p]],
        checks: (r, p) => [
          ["bad_number", `${r} IS NOT NULL AND ${p} IS NULL`],
          ["negative_amount", `${p} < 0`],
        ],
      };
    case "wave":
      return {
        parse: waveSql,
        values: (_r, p) => [[field.name, p]],
        checks: (r, p) => [["bad_wave", `${r} IS NOT NULL AND ${p} IS NULL`]],
      };
  }
}
