import { copyFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Warehouse } from "../warehouse/database.ts";
import { scanRecordLines } from "./recordLines.ts";
import type { PreparedSource } from "./source.ts";
import { markedSql } from "./cellMarks.ts";
import { literal, quoteLiteral, raw, sql } from "../sql/compose.ts";

/**
 * How exports write "no answer": empty, N/A, a dash, "Không ý kiến" (KYK)… Such a cell is
 * missing, never a value (a survey answer "-" is not a zero, a technician "-" is nobody).
 * Exact spellings, so the test stays one cheap IN per cell.
 */
export const noAnswer = [
  "",
  "N/A",
  "n/a",
  "N/a",
  "#N/A",
  "-",
  "--",
  "---",
  "–",
  "—",
  ".",
  "Không ý kiến",
  "không ý kiến",
  "KHÔNG Ý KIẾN",
  "Không có ý kiến",
  "không có ý kiến",
  "KYK",
  "kyk",
  "Kyk",
  "Không trả lời",
  "không trả lời",
  "Không biết",
  "không biết",
  "Không rõ",
  "không rõ",
];

/** Blanks a cell may carry at either end, no-break and zero-width spaces included. */
const edgeBlanks = "^[\\s\\x{00A0}\\x{202F}\\x{200B}\\x{FEFF}]+|[\\s\\x{00A0}\\x{202F}\\x{200B}\\x{FEFF}]+$";

/**
 * The cleaned text of a staged cell: trimmed, no-answer markers as NULL, NFC when the file needs
 * it. A cell a workbook conversion marked (cellMarks.ts) has no value for a field: NULL (the
 * problem is reported by markedCellChecks); in a column kept as is (`extra`), its text (the
 * formula, the time) is what the file says, so `markedAsText` keeps it without the mark.
 */
export function cleanCellSql(
  cell: string,
  staged: Pick<Staged, "needsNfc" | "needsTrim"> & { markedCells?: boolean },
  options: { markedAsText?: boolean } = {},
): string {
  const nfc = staged.needsNfc ? `nfc_normalize(${cell})` : cell;
  const text = staged.needsTrim ? `regexp_replace(${nfc}, '${edgeBlanks}', '', 'g')` : nfc;
  const marked = staged.markedCells
    ? `WHEN ${markedSql(cell)} THEN ${options.markedAsText ? `substr(${cell}, 2)` : "NULL"} `
    : "";
  return `CASE ${marked}WHEN ${text} IN (${noAnswer.map(quoteLiteral).join(", ")}) THEN NULL ELSE ${text} END`;
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
  /** Some cell carries a workbook mark (cellMarks.ts): only then are marks looked for. */
  markedCells: boolean;
}

/** DuckDB's reader takes `[`, `*`, `?` and `{` in a path as a glob pattern. */
const globCharacters = /[[\]*?{}]/;

/** A temp folder made on first use, for the copies DuckDB reads instead of the file itself. */
function scratchFolder() {
  let dir: string | undefined;
  return {
    file: (name: string) => join((dir ??= mkdtempSync(join(tmpdir(), "haumai-stage-"))), name),
    remove: () => dir && rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The path DuckDB should read for `path`: the path itself, or, when it holds glob characters
 * (`phieu-10[a].csv` would read its sibling `phieu-10a.csv`), a plainly named link to it (a
 * copy where links are not allowed). DuckDB has no option that turns globbing off.
 */
function plainPath(path: string, scratch: ReturnType<typeof scratchFolder>): string {
  if (!globCharacters.test(path)) return path;
  const link = scratch.file("source.csv");
  try {
    symlinkSync(path, link);
  } catch {
    copyFileSync(path, link);
  }
  return link;
}

/**
 * A copy of a text file with every CRLF turned into LF. Lines keep their numbers (each LF stays),
 * so the record scan of the original still maps rows to lines. Only run on files whose records
 * end both ways: a file with one line ending is read as it is.
 */
async function withLfLineEnds(source: string, target: string): Promise<void> {
  let pendingCr = false;
  const strip = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // latin1 maps bytes to characters one to one, so UTF-8 text passes through unchanged.
      let text = (pendingCr ? "\r" : "") + chunk.toString("latin1");
      pendingCr = text.endsWith("\r");
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n/g, "\n"), "latin1"));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from("\r", "latin1") : null);
    },
  });
  await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), strip, createWriteStream(target));
}

async function readIntoStage(
  warehouse: Warehouse,
  path: string,
  source: PreparedSource,
  columns: string,
): Promise<void> {
  await warehouse.run(
    "DROP TABLE IF EXISTS stage_errors; DROP TABLE IF EXISTS stage_scans; DROP TABLE IF EXISTS stage; DROP TABLE IF EXISTS stage_lines",
  );
  await warehouse.run(sql`CREATE TEMP TABLE stage AS SELECT * FROM read_csv(${literal(path)},
      auto_detect = false, header = true, skip = ${raw(String(source.header.headerLine - 1))},
      delim = ${literal(source.delimiter)}, quote = '"', escape = '"',
      columns = {${raw(columns)}}, max_line_size = 16777216, buffer_size = 33554432,
      store_rejects = true, rejects_table = 'stage_errors', rejects_scan = 'stage_scans')`);
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
  const scratch = scratchFolder();
  let records: Awaited<typeof scan>;
  try {
    let failure: unknown;
    await readIntoStage(warehouse, plainPath(source.csvPath, scratch), source, columns).catch((error: unknown) => {
      failure = error;
    });
    records = await scan;
    if (records.mixedLineEnds) {
      // DuckDB rejected the file (or read it under the wrong line ending): read a copy with one line ending.
      const copy = scratch.file("lf.csv");
      await withLfLineEnds(source.csvPath, copy);
      await readIntoStage(warehouse, copy, source, columns);
    } else if (failure !== undefined) {
      throw failure;
    }
  } finally {
    scratch.remove();
  }
  const errors = await warehouse.all<{
    line: number;
    column_idx: number | null;
    csv_line: string;
    error_message: string;
  }>(
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
  const headerRecord = source.lineIsRecord
    ? source.header.headerLine
    : records.startLine.indexOf(source.header.headerLine, 1);

  // The staged rows' lines, walked twice rather than kept in an array: memory stays flat whatever the file's size.
  const eachLine = (visit: (line: number, i: number) => void) => {
    let i = 0;
    for (let r = headerRecord + 1; r <= records.count; r++)
      if (!records.blank[r] && !rejectedRecords.has(r)) visit(lineOf(r), i++);
    return i;
  };
  let first: number | undefined;
  let regular = true;
  const count = eachLine((line, i) => {
    first ??= line;
    if (line !== first + i) regular = false;
  });
  const rows = Number((await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM stage"))!.n);
  if (rows !== count) {
    // Our record count and DuckDB's disagree (unusual quoting): number rows from the data start instead of failing.
    return {
      rows,
      malformed,
      lineSql: `(stage.rowid + ${first ?? headerRecord + 1})::INTEGER`,
      joinSql: "",
      needsNfc: records.decomposed,
      needsTrim: records.padded,
      markedCells: source.markedCells,
    };
  }
  if (regular)
    return {
      rows,
      malformed,
      lineSql: `(stage.rowid + ${first ?? 0})::INTEGER`,
      joinSql: "",
      needsNfc: records.decomposed,
      needsTrim: records.padded,
      markedCells: source.markedCells,
    };

  await warehouse.run("CREATE TEMP TABLE stage_lines (row_id BIGINT, line INTEGER)");
  const appender = await warehouse.connection.createAppender("stage_lines", "main", "temp");
  eachLine((line, i) => {
    appender.appendBigInt(BigInt(i));
    appender.appendInteger(line);
    appender.endRow();
  });
  appender.closeSync();
  return {
    rows,
    malformed,
    lineSql: "stage_lines.line",
    joinSql: "JOIN stage_lines ON stage_lines.row_id = stage.rowid",
    needsNfc: records.decomposed,
    needsTrim: records.padded,
    markedCells: source.markedCells,
  };
}

export async function dropStage(warehouse: Warehouse): Promise<void> {
  await warehouse.run(
    "DROP TABLE IF EXISTS stage_errors; DROP TABLE IF EXISTS stage_scans; DROP TABLE IF EXISTS stage; DROP TABLE IF EXISTS stage_lines; DROP TABLE IF EXISTS stage_rejected; DROP TABLE IF EXISTS typed",
  );
}
