import type { Warehouse } from "../warehouse/database.ts";
import { scanRecordLines } from "./recordLines.ts";
import type { PreparedSource } from "./source.ts";
import { sqlString } from "../text/foldKey.ts";
import { quoteLiteral } from "../sql/compose.ts";

/**
 * How exports write "no answer": empty, N/A, a dash, "Không ý kiến" (KYK)… Such a cell is
 * missing, never a value (a survey answer "-" is not a zero, a technician "-" is nobody).
 * Exact spellings, so the test stays one cheap IN per cell.
 */
export const noAnswer = [
  "", "N/A", "n/a", "N/a", "#N/A", "-", "--", "---", "–", "—", ".",
  "Không ý kiến", "không ý kiến", "KHÔNG Ý KIẾN", "Không có ý kiến", "không có ý kiến", "KYK", "kyk", "Kyk",
  "Không trả lời", "không trả lời", "Không biết", "không biết", "Không rõ", "không rõ",
];

/** Blanks a cell may carry at either end, no-break and zero-width spaces included. */
const edgeBlanks = "^[\\s\\x{00A0}\\x{202F}\\x{200B}\\x{FEFF}]+|[\\s\\x{00A0}\\x{202F}\\x{200B}\\x{FEFF}]+$";

/** The cleaned text of a staged cell: trimmed, no-answer markers as NULL, NFC when the file needs it. */
export function cleanCellSql(cell: string, staged: Pick<Staged, "needsNfc" | "needsTrim">): string {
  const nfc = staged.needsNfc ? `nfc_normalize(${cell})` : cell;
  const text = staged.needsTrim ? `regexp_replace(${nfc}, '${edgeBlanks}', '', 'g')` : nfc;
  return `CASE WHEN ${text} IN (${noAnswer.map(sqlString).join(", ")}) THEN NULL ELSE ${text} END`;
}

/** A row DuckDB's reader could not split into the header's columns (wrong count, bad quoting…). */
export interface MalformedRow {
  line: number;
  columnIndex: number | null;
  text: string;
  message: string;
}

export interface Staged {
  rows: number;
  malformed: MalformedRow[];
  /** SQL giving each staged row's line in the original file, over `stage` (joined as needed). */
  lineSql: string;
  joinSql: string;
  /** Cells may hold decomposed Vietnamese and need NFC (transcoded files are NFC already). */
  needsNfc: boolean;
  /** Some cell may carry leading or trailing blanks. */
  needsTrim: boolean;
}

/**
 * Bulk-load an export into the temp table `stage` with DuckDB's own CSV reader, every
 * cell as text (parsing is ours, with reasons), and work out each staged row's line
 * in the original file while DuckDB reads.
 */
export async function stageSource(warehouse: Warehouse, source: PreparedSource): Promise<Staged> {
  const width = source.header.headers.length;
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  const scan = scanRecordLines(source.csvPath, source.delimiter);
  await warehouse.run("DROP TABLE IF EXISTS stage_errors; DROP TABLE IF EXISTS stage_scans; DROP TABLE IF EXISTS stage; DROP TABLE IF EXISTS stage_lines");
  // read_csv takes no parameters: the path and the (sniffed) delimiter go in as quoted literals.
  await warehouse.run(`CREATE TEMP TABLE stage AS SELECT * FROM read_csv(${quoteLiteral(source.csvPath)},
      auto_detect = false, header = true, skip = ${source.header.headerLine - 1},
      delim = ${quoteLiteral(source.delimiter)}, quote = '"', escape = '"',
      columns = {${columns}}, max_line_size = 16777216,
      store_rejects = true, rejects_table = 'stage_errors', rejects_scan = 'stage_scans')`);
  const records = await scan;
  const errors = await warehouse.all<{ line: number; column_idx: number | null; csv_line: string; error_message: string }>(
    "SELECT line, any_value(column_idx) AS column_idx, any_value(csv_line) AS csv_line, string_agg(DISTINCT error_message, '; ') AS error_message FROM stage_errors GROUP BY line ORDER BY line",
  );
  const lineOf = (record: number) => (source.lineIsRecord ? record : records.startLine[record]);
  const malformed = errors.map((e) => ({
    line: lineOf(e.line),
    columnIndex: e.column_idx === null ? null : Number(e.column_idx) - 1,
    text: String(e.csv_line ?? "").replace(/^\s+/, ""),
    message: e.error_message,
  }));
  const rejectedRecords = new Set(errors.map((e) => Number(e.line)));
  const headerRecord = source.lineIsRecord ? source.header.headerLine : records.startLine.indexOf(source.header.headerLine, 1);

  const lines: number[] = [];
  for (let r = headerRecord + 1; r <= records.count; r++) {
    if (!records.blank[r] && !rejectedRecords.has(r)) lines.push(lineOf(r));
  }
  const rows = Number((await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM stage"))!.n);
  if (rows !== lines.length) {
    // Our record count and DuckDB's disagree (unusual quoting): number rows from the data start instead of failing.
    return { rows, malformed, lineSql: `(stage.rowid + ${lines[0] ?? headerRecord + 1})::INTEGER`, joinSql: "", needsNfc: records.decomposed, needsTrim: records.padded };
  }
  const regular = lines.every((line, i) => line === lines[0] + i);
  if (regular) return { rows, malformed, lineSql: `(stage.rowid + ${lines[0] ?? 0})::INTEGER`, joinSql: "", needsNfc: records.decomposed, needsTrim: records.padded };

  await warehouse.run("CREATE TEMP TABLE stage_lines (row_id BIGINT, line INTEGER)");
  const appender = await warehouse.connection.createAppender("stage_lines", "main", "temp");
  lines.forEach((line, i) => {
    appender.appendBigInt(BigInt(i));
    appender.appendInteger(line);
    appender.endRow();
  });
  appender.closeSync();
  return { rows, malformed, lineSql: "stage_lines.line", joinSql: "JOIN stage_lines ON stage_lines.row_id = stage.rowid", needsNfc: records.decomposed, needsTrim: records.padded };
}

export async function dropStage(warehouse: Warehouse): Promise<void> {
  await warehouse.run("DROP TABLE IF EXISTS stage_errors; DROP TABLE IF EXISTS stage_scans; DROP TABLE IF EXISTS stage; DROP TABLE IF EXISTS stage_lines; DROP TABLE IF EXISTS typed");
}
