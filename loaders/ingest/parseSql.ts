import type { FieldSpec } from "./fields.ts";
import { foldKeySql, sqlString } from "../text/foldKey.ts";
import { intLiteral } from "../sql/compose.ts";

/**
 * SQL that turns one export cell (already NFC, trimmed, no-answer markers → NULL) into its
 * canonical value, and the checks that find its problems. It runs in two steps so that the
 * costly parse runs once per cell: `parse` reads the raw cell `r` into a helper `p`; `value`
 * and `checks` read `r` and `p`. Reason codes are English identifiers; the Vietnamese message
 * of each is in rejectReasons.ts.
 *
 * A check that `empties` leaves the field empty (the original text stays in the issue and,
 * for coded fields, in `<field>_raw`); on the key or a required field it rejects the record.
 * A check that does not empty records how a value was read (a two-digit year, an unclassified
 * channel kept as "other") and keeps the value.
 */
export interface Check {
  reason: string;
  /** When the reason depends on the row (a lookup's verdict): SQL giving it. */
  reasonSql?: string;
  when: string;
  detail?: string;
  empties: boolean;
  /** Holds only when the parse gave nothing: the value is empty already, no need to empty it. */
  unread?: boolean;
  /** A cheaper condition that holds whenever `when` does: rows where it is false skip the check. */
  guard?: string;
}

export interface FieldSql {
  parse?: (r: string) => string;
  /** The canonical value before emptying; the caller empties it when an emptying check holds. */
  value: (r: string, p: string) => string;
  /** Columns stored beside the value (the original spelling of a coded cell). */
  companions?: (r: string, p: string) => [string, string][];
  checks: (r: string, p: string) => Check[];
}

/** What a file's dates say about themselves (profile.ts) and the day of the import. */
export interface DateContext {
  /** Day and month order of the file's d/m/y-shaped dates: Vietnamese dd/mm unless the file proves mm/dd. */
  order: "dmy" | "mdy";
  /** The import's day (YYYY-MM-DD, Vietnam): a date after it is not believed. */
  today: string;
}

/** Dates before this are not believed (the earliest export any customer has is from the 2000s). */
export const earliestDate = "2000-01-01";

const dayFirst = [
  "%d/%m/%Y %H:%M:%S",
  "%d/%m/%Y %H:%M",
  "%d/%m/%Y",
  "%d/%m/%Y %H:%M:%S.%f",
  "%d/%m/%Y %I:%M %p",
  "%d/%m/%Y %I:%M:%S %p",
  "%d-%m-%Y %H:%M:%S",
  "%d-%m-%Y %H:%M",
  "%d-%m-%Y",
  "%d.%m.%Y %H:%M",
  "%d.%m.%Y",
];
const isoLike = [
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

/** Naive date-time forms, tried in order: the file's day/month order first, then ISO-like. Naive means Asia/Ho_Chi_Minh. */
export function naiveFormats(order: DateContext["order"] = "dmy"): string[] {
  const first =
    order === "dmy" ? dayFirst : dayFirst.map((f) => f.replace("%d", "%§").replace("%m", "%d").replace("%§", "%m"));
  return [...first, ...isoLike];
}
export const offsetFormats = [
  "%Y-%m-%dT%H:%M:%S%z",
  "%Y-%m-%dT%H:%M:%S.%f%z",
  "%Y-%m-%dT%H:%M%z",
  "%Y-%m-%d %H:%M:%S%z",
];

/**
 * try_strptime with an end mark on the value and on every format. DuckDB 1.5's parser reads one byte past the
 * value when the value ends while the format still expects a literal ("09/10/2026 09:02" against
 * "%d/%m/%Y %H:%M:%S"); a value that ends at a page boundary then crashes the process (seen: SIGSEGV in
 * StrpTimeFormat::Parse, about one ingest in fifteen). With the same mark (U+001F, which no date contains)
 * after the value and after each format, the value never ends first; a format matches exactly as before.
 */
const endMark = "\u001f";
export function strptimeSql(value: string, formats: string | string[]): string {
  const marked = (f: string) => sqlString(f + endMark);
  const format = Array.isArray(formats) ? `[${formats.map(marked).join(", ")}]` : marked(formats);
  return `try_strptime(${value} || ${sqlString(endMark)}, ${format})`;
}

/** d/m/y-shaped cells: the parts whose order a file may write either way. */
export const dmyShape = "^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{2}|\\d{4})(\\s|T|$)";
/** A two-digit year: `05/03/25 08:00`. */
const twoDigitYear = "^\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2}(\\s|T|$)";
/** "2 tuần trước", "hôm qua", "3 days ago": a date relative to a moment the export does not give. */
const relative =
  "(^| )(\\d+|mot|hai|ba|bon|nam|vai) (giay|phut|gio|tieng|ngay|tuan|thang|nam|seconds?|minutes?|hours?|days?|weeks?|months?|years?) (truoc|qua|ago)( |$)|^(hom qua|hom kia|hom nay|vua xong|vua moi|yesterday|today|just now|tuan truoc|thang truoc|nam ngoai|nam truoc|last week|last month)$";

/** Excel stores date-times as days since 1899-12-30; 20000–80000 (1954–2119) so that plain numbers are not taken for dates. */
export function timestampSql(v: string, order: DateContext["order"] = "dmy"): string {
  // A two-digit year is read as 20yy (dates before 2000 are not believed anyway) and reported.
  const full = `regexp_replace(${clockSql(v)}, '^(\\d{1,2}[/.-]\\d{1,2}[/.-])(\\d{2})(\\s|T|$)', '\\120\\2\\3')`;
  return `coalesce(
    ${strptimeSql(full, naiveFormats(order))},
    ${strptimeSql(`regexp_replace(${v}, 'Z$', '+00:00')`, offsetFormats)} AT TIME ZONE 'Asia/Ho_Chi_Minh',
    ${strptimeSql(`regexp_replace(${v}, '^(\\d{1,2})(st|nd|rd|th) ', '\\1 ')`, ["%d %B %Y", "%d %b %Y"])},
    CASE WHEN regexp_full_match(${v}, '\\d{5}(\\.\\d+)?') AND TRY_CAST(${v} AS DOUBLE) BETWEEN 20000 AND 80000
         THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST(${v} AS DOUBLE) * 86400000000) AS BIGINT)) END)`;
}

/**
 * Times as Vietnamese offices write them, in the forms strptime reads: "8h30" → "8:30", "8h" →
 * "8:00", "SA" / "CH" (sáng / chiều) → AM / PM.
 */
function clockSql(v: string): string {
  const hours = `regexp_replace(regexp_replace(${v}, '(\\d{1,2})h(\\d{2})\\b', '\\1:\\2'), '(\\d{1,2})h$', '\\1:00')`;
  return `regexp_replace(regexp_replace(${hours}, ' (?i:sa)$', ' AM'), ' (?i:ch)$', ' PM')`;
}

/** True when a cell holds a date without a time of day: such milestones are compared by date only. */
export function dateOnlySql(v: string): string {
  return `(NOT contains(${v}, ':') AND NOT regexp_full_match(${v}, '\\d+\\.\\d+'))`;
}

/** The day/month order a d/m/y-shaped cell contradicts: its month part is over 12. */
function orderConflictSql(v: string, order: DateContext["order"]): string {
  const [monthPart, dayPart] = order === "dmy" ? [2, 1] : [1, 2];
  const part = (n: number) => `TRY_CAST(regexp_extract(${v}, '${dmyShape}', ${n}) AS INTEGER)`;
  // Read the other way round it would be a date: its "month" is a day (13–31) and its "day" a month.
  return `(regexp_matches(${v}, '${dmyShape}') AND ${part(monthPart)} BETWEEN 13 AND 31 AND ${part(dayPart)} BETWEEN 1 AND 12)`;
}

/**
 * Numbers as Vietnamese exports write them: "1.500.000", "1.500.000 đ", "1 500 000 ₫" (also with
 * no-break spaces), "1,500,000" (grouping) or "4,5" (decimal comma).
 */
export function numberSql(v: string): string {
  const bare = `regexp_replace(${v}, '[\\s\\x{00A0}\\x{202F}]|đ|Đ|₫|(?i:vnđ|vnd)', '', 'g')`;
  // 1.250.000,50 (Vietnamese decimals) and 1,250,000.50 (English): the last separator is the decimal one.
  const read = `CASE WHEN regexp_full_match(${bare}, '-?\\d{1,3}([.,]\\d{3})+') THEN TRY_CAST(regexp_replace(${bare}, '[.,]', '', 'g') AS DOUBLE)
               WHEN regexp_full_match(${bare}, '-?\\d{1,3}(\\.\\d{3})+,\\d+') THEN TRY_CAST(replace(replace(${bare}, '.', ''), ',', '.') AS DOUBLE)
               WHEN regexp_full_match(${bare}, '-?\\d{1,3}(,\\d{3})+\\.\\d+') THEN TRY_CAST(replace(${bare}, ',', '') AS DOUBLE)
               WHEN ${foldKeySql(v)} IN ('mien phi', 'free', 'khong tinh phi', 'khong thu phi') THEN 0
               ELSE TRY_CAST(replace(${bare}, ',', '.') AS DOUBLE) END`;
  // "NaN" and "Infinity" cast to DOUBLE: they are not amounts.
  return `CASE WHEN isfinite(${read}) THEN ${read} END`;
}

/** Likert answers written out, for 1–5 scales (folded). */
const likertWords: [string, number][] = [
  ["rat khong hai long", 1],
  ["hoan toan khong hai long", 1],
  ["very dissatisfied", 1],
  ["khong hai long", 2],
  ["chua hai long", 2],
  ["dissatisfied", 2],
  ["binh thuong", 3],
  ["trung lap", 3],
  ["tam duoc", 3],
  ["neutral", 3],
  ["hai long", 4],
  ["satisfied", 4],
  ["rat hai long", 5],
  ["very satisfied", 5],
];

/**
 * A score as people write it: "4", "4.0", "5 sao", "4 điểm", "4/5" (the denominator must be
 * the scale's top), "★★★★" or "★★★☆☆" (filled stars), and on 1–5 scales "Rất hài lòng"…
 * A plain number takes the fast path; the written forms are only tried when it fails.
 */
export function scoreSql(v: string, min: number, max: number): string {
  const stripped = `regexp_replace(${v}, '\\s*((?i)sao|điểm|diem|stars?|đ|\\*)$', '')`;
  const fraction = "^(\\d+([.,]\\d+)?)\\s*/\\s*(\\d+)$";
  const likert =
    min === 1 && max === 5
      ? `WHEN ${foldKeySql(v)} IN (${likertWords.map(([w]) => sqlString(w)).join(", ")}) THEN CASE ${foldKeySql(v)} ${likertWords.map(([w, n]) => `WHEN ${sqlString(w)} THEN ${n}`).join(" ")} END`
      : "";
  return `CASE
    WHEN TRY_CAST(${v} AS DOUBLE) IS NOT NULL THEN TRY_CAST(${v} AS DOUBLE)
    WHEN regexp_full_match(${v}, '[★☆⭐]+') THEN length(${v}) - length(replace(replace(${v}, '★', ''), '⭐', ''))
    WHEN regexp_full_match(${v}, '${fraction}') THEN
      CASE WHEN TRY_CAST(regexp_extract(${v}, '${fraction}', 3) AS INTEGER) = ${intLiteral(max)} THEN TRY_CAST(replace(regexp_extract(${v}, '${fraction}', 1), ',', '.') AS DOUBLE) ELSE -1e9 END
    ${likert}
    ELSE TRY_CAST(replace(${stripped}, ',', '.') AS DOUBLE) END`;
}

/** "2026-H1", "H1/2026", "2026 H2", "Đợt 1/2026", "1/2026" → YYYY-HN. */
export function waveSql(v: string): string {
  const k = foldKeySql(v);
  return `CASE
    WHEN regexp_full_match(${k}, '(\\d{4}) h?([12])') THEN regexp_extract(${k}, '(\\d{4})', 1) || '-H' || regexp_extract(${k}, '(\\d{4}) h?([12])', 2)
    WHEN regexp_full_match(${k}, '(h|dot|ky)? ?([12]) (nam )?(\\d{4})') THEN regexp_extract(${k}, '(\\d{4})', 1) || '-H' || regexp_extract(${k}, '([12]) (nam )?\\d{4}', 1)
  END`;
}

/** Where a coded field's cells were classified (classify.ts): a joined lookup's code and reason columns. */
export interface CodeLookup {
  /** SQL of the code (NULL when unclassified). */
  code: string;
  /** SQL of the reason an unclassified cell has (unknown_value, negated_value). */
  reason: string;
}

export interface ParseHints {
  /** The naive format most cells of a timestamp field use: tried before the others. */
  dateFormat?: string;
  /** Coded fields: the joined lookup of the file's distinct spellings. */
  lookup?: CodeLookup;
  dates: DateContext;
}

/** Parsing and checks for one field. */
export function fieldSql(field: FieldSpec, hints: ParseHints): FieldSql {
  switch (field.type) {
    case "text":
      return { value: (r) => r, checks: () => [] };
    case "timestamp": {
      const { order, today } = hints.dates;
      return {
        parse: (r) => {
          if (!hints.dateFormat) return timestampSql(r, order);
          const offset = offsetFormats.includes(hints.dateFormat);
          const read = strptimeSql(r, hints.dateFormat);
          const usual = offset ? `(${read} AT TIME ZONE 'Asia/Ho_Chi_Minh')` : read;
          // %Y also reads "25" as year 25: a two-digit year goes to the full parse, which reads it as 2025.
          return `CASE WHEN year(${usual}) >= 1000 THEN ${usual} ELSE ${timestampSql(r, order)} END`;
        },
        value: (_r, p) => p,
        checks: (r, p) => {
          const unread = `${r} IS NOT NULL AND ${p} IS NULL`;
          const isRelative = `regexp_matches(${foldKeySql(r)}, '${relative}')`;
          const conflict = orderConflictSql(r, order);
          const bounds = `'${earliestDate} – ' || strftime(DATE '${today}', '%d/%m/%Y')`;
          return [
            // CASE so that the costlier tests run only on the cells no format could read.
            {
              reason: "relative_date",
              when: `CASE WHEN ${unread} THEN ${isRelative} ELSE false END`,
              empties: true,
              unread: true,
              guard: unread,
            },
            {
              reason: "date_order_conflict",
              when: `CASE WHEN ${unread} THEN NOT ${isRelative} AND ${conflict} ELSE false END`,
              detail: sqlString(order === "dmy" ? "dd/mm" : "mm/dd"),
              empties: true,
              unread: true,
              guard: unread,
            },
            {
              reason: "bad_date",
              when: `CASE WHEN ${unread} THEN NOT ${isRelative} AND NOT ${conflict} ELSE false END`,
              empties: true,
              unread: true,
              guard: unread,
            },
            {
              reason: "implausible_date",
              when: `(${p} < TIMESTAMP '${earliestDate}' OR ${p} >= DATE '${today}' + INTERVAL 1 DAY)`,
              detail: bounds,
              empties: true,
            },
            {
              reason: "two_digit_year",
              // A year written in full is in the cell as four digits: only the others need the regex.
              when: `CASE WHEN ${p} IS NOT NULL AND NOT contains(${r}, CAST(year(${p}) AS VARCHAR)) THEN regexp_matches(${r}, '${twoDigitYear}') ELSE false END`,
              detail: `strftime(${p}, '%Y')`,
              empties: false,
            },
          ];
        },
      };
    }
    case "coded": {
      const lookup = hints.lookup!;
      return {
        parse: () => lookup.code,
        // An unclassified channel still counts as a contact: it is "other", and listed as an issue.
        value: (r, p) =>
          field.unknown === "other" ? `CASE WHEN ${r} IS NOT NULL THEN coalesce(${p}, 'other') END` : p,
        companions: (r) => [[`${field.name}_raw`, r]],
        checks: (r, p) => [
          {
            reason: "unknown_value",
            reasonSql: lookup.reason,
            when: `${r} IS NOT NULL AND ${p} IS NULL`,
            empties: field.unknown !== "other",
            unread: true,
          },
        ],
      };
    }
    case "score": {
      const [min, max] = [intLiteral(field.min), intLiteral(field.max)];
      const valid = (p: string) => `(${p} BETWEEN ${min} AND ${max} AND ${p} = floor(${p}))`;
      return {
        parse: (r) => scoreSql(r, field.min, field.max),
        value: (_r, p) => `CAST(CASE WHEN ${valid(p)} THEN ${p} END AS TINYINT)`,
        checks: (r, p) => [
          { reason: "bad_number", when: `${r} IS NOT NULL AND ${p} IS NULL`, empties: true, unread: true },
          {
            reason: "out_of_range",
            when: `${p} IS NOT NULL AND NOT ${valid(p)}`,
            detail: sqlString(`${field.min}–${field.max}`),
            empties: true,
          },
        ],
      };
    }
    case "amount":
      return {
        parse: numberSql,
        value: (_r, p) => p,
        checks: (r, p) => [
          { reason: "bad_number", when: `${r} IS NOT NULL AND ${p} IS NULL`, empties: true, unread: true },
          { reason: "negative_amount", when: `${p} < 0`, empties: true },
          // Beyond what the field can hold (a typo with extra zeros), never averaged in.
          {
            reason: "implausible_amount",
            when: `${p} > ${intLiteral(field.max)}`,
            detail: sqlString(field.max.toLocaleString("vi-VN")),
            empties: true,
          },
        ],
      };
    case "wave":
      return {
        parse: waveSql,
        value: (_r, p) => p,
        checks: (r, p) => [
          { reason: "bad_wave", when: `${r} IS NOT NULL AND ${p} IS NULL`, empties: true, unread: true },
        ],
      };
  }
}
