import { parse } from "csv-parse/sync";
import type { ExportSpec } from "./fields.ts";
import { planColumns, type ColumnPlan, type Mapping } from "./mapping.ts";

export const delimiters = [",", ";", "\t", "|"] as const;

interface SampleRecord {
  cells: string[];
  line: number;
}

function parseSample(text: string, delimiter: string): SampleRecord[] {
  // Cut at the last line break so a truncated last record does not count.
  const cut = text.lastIndexOf("\n");
  const body = cut >= 0 ? text.slice(0, cut + 1) : text;
  try {
    const rows = parse(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      bom: true,
      info: true,
      to_line: 200,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the line a record ends on; it started as many lines earlier as its cells hold line breaks.
    return rows.map(({ record, info }) => {
      const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      return { cells: record.map((c) => c.normalize("NFC").trim()), line: info.lines - breaks };
    });
  } catch {
    return [];
  }
}

/**
 * The delimiter that splits the sample's rows into the most rows of one equal width
 * (more than one column); ties go to the earlier of , ; tab |.
 */
export function sniffDelimiter(text: string): string {
  let best: { delimiter: string; score: number } = { delimiter: ",", score: -1 };
  for (const delimiter of delimiters) {
    const widths = new Map<number, number>();
    for (const { cells } of parseSample(text, delimiter).slice(0, 50)) {
      if (cells.length > 1) widths.set(cells.length, (widths.get(cells.length) ?? 0) + 1);
    }
    let score = 0;
    for (const [width, rows] of widths) score = Math.max(score, rows * 1000 + width);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

export interface HeaderChoice {
  spec: ExportSpec;
  plan: ColumnPlan;
  headers: string[];
  /** Physical line of the header row (title rows above it are skipped). */
  headerLine: number;
}

/**
 * Find the header row (the first of the first 15 rows in which some spec recognises
 * at least two columns) and the kind of export: the first spec whose required columns
 * are all there. Returns the best partial match when none is complete, so the caller
 * can say what is missing.
 */
export function chooseHeader(
  text: string,
  delimiter: string,
  specs: ExportSpec[],
  mapping?: Mapping,
): HeaderChoice | undefined {
  const records = parseSample(text, delimiter).slice(0, 15);
  let fallback: HeaderChoice | undefined;
  for (const record of records) {
    for (const spec of specs) {
      const plan = planColumns(record.cells, spec, mapping);
      const choice = { spec, plan, headers: record.cells, headerLine: record.line };
      if (isComplete(spec, plan)) return choice;
      if (plan.fields.size >= 2 && (!fallback || plan.fields.size > fallback.plan.fields.size)) fallback = choice;
    }
  }
  return (
    fallback ??
    (records[0] && {
      spec: specs[0],
      plan: planColumns(records[0].cells, specs[0], mapping),
      headers: records[0].cells,
      headerLine: records[0].line,
    })
  );
}

/** Every required column found, and one of the recognising columns when the spec names some. */
export function isComplete(spec: ExportSpec, plan: ColumnPlan): boolean {
  return (
    spec.requiredColumns.every((name) => plan.fields.has(name)) &&
    (!spec.recognisedBy || spec.recognisedBy.some((name) => plan.fields.has(name)))
  );
}
