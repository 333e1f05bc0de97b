import { createReadStream, createWriteStream, renameSync } from "node:fs";
import { once } from "node:events";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import { isMarked, markCell } from "./cellMarks.ts";

export class SheetNotFoundError extends Error {}

/** Excel's day 0 (1899-12-30) and the 1904 date system's (1904-01-01): a date-formatted value under 1 is a time of day. */
const timeOnlyDays = new Set(["1899-12-30", "1904-01-01"]);

/**
 * A cell as CSV text. Cells with no usable value are marked (cellMarks.ts) rather than written
 * as something that looks like a value: a formula Excel never calculated (exceljs gives
 * `{ formula }` without `result`, which String() made "[object Object]") and a time without a
 * date (exceljs gives a Date on 30/12/1899).
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // exceljs hands date cells over as UTC instants holding the sheet's wall time.
    const text = value.toISOString().slice(0, 19).replace("T", " ");
    return timeOnlyDays.has(text.slice(0, 10)) ? markCell("time_only", text.slice(11)) : text;
  }
  if (typeof value === "object") {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
      formula?: string;
      sharedFormula?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      if (v.result === undefined || v.result === null)
        return markCell("uncached_formula", `=${v.formula ?? v.sharedFormula ?? ""}`);
      return cellText(v.result);
    }
    if ("result" in v) return cellText(v.result);
    if ("text" in v) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The workbook's sheet list in tab order, as exceljs's streaming reader parses it from xl/workbook.xml. */
interface SheetEntry {
  name: string;
  state?: string;
}

const isVisible = (state?: string) => state !== "hidden" && state !== "veryHidden";

/**
 * The sheet to read: `sheet` by name or 1-based tab position (hidden sheets included: the user
 * asked for it), else the first visible sheet. Undefined when the sheet list is unknown.
 */
function chooseSheet(sheets: SheetEntry[] | undefined, sheet?: string): string | undefined {
  if (!sheets?.length) return undefined;
  if (sheet === undefined) return sheets.find((s) => isVisible(s.state))?.name;
  return (
    sheets.find((s) => s.name === sheet)?.name ?? (/^\d+$/.test(sheet) ? sheets[Number(sheet) - 1]?.name : undefined)
  );
}

/**
 * Copy one sheet of a workbook (by name or 1-based position; default the first visible one) to
 * a comma-separated UTF-8 file, one record per sheet row with empty rows kept as blank lines, so
 * that record number = the row number Excel shows. `marked` counts the cells written with a mark.
 */
export async function sheetToCsv(
  source: string,
  target: string,
  sheet?: string,
): Promise<{ sheet: string; marked: number; layout: SheetLayout }> {
  const out = createWriteStream(target);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  const book = reader as unknown as { model?: { sheets?: SheetEntry[] } };
  let position = 0;
  let found: string | undefined;
  let marked = 0;
  let written = 0;
  const layout: SheetLayout = { widths: [0], ends: [0] };
  const write = async (line: string, cells: number) => {
    layout.widths.push(cells);
    written += Buffer.byteLength(line);
    layout.ends.push(written - 1);
    if (!out.write(line)) await once(out, "drain");
  };
  const seen: string[] = [];
  for await (const worksheet of reader) {
    position++;
    const ws = worksheet as unknown as { name?: string; id?: number; state?: string } & AsyncIterable<ExcelJS.Row>;
    const name = ws.name ?? `Sheet${position}`;
    seen.push(name);
    // xl/workbook.xml (names, tab order, hidden state) comes before the sheets in the files Excel
    // and exceljs write; without it, fall back to the order the sheets arrive in.
    const chosen = chooseSheet(book.model?.sheets, sheet);
    const wanted =
      chosen !== undefined
        ? chosen === name
        : sheet === undefined
          ? isVisible(ws.state)
          : sheet === name || sheet === String(position);
    if (!wanted || found) {
      for await (const _row of ws) void _row; // drain
      continue;
    }
    found = name;
    let next = 1;
    for await (const row of ws) {
      while (next < row.number) {
        await write("\n", 0);
        next++;
      }
      const values = (row.values as unknown[]).slice(1);
      const texts = Array.from(values, (v) => cellText(v).normalize("NFC"));
      for (const text of texts) if (isMarked(text)) marked++;
      await write(texts.map(csvField).join(",") + "\n", texts.length);
      next = row.number + 1;
    }
  }
  out.end();
  await once(out, "close");
  if (!found) {
    if (sheet === undefined)
      throw new SheetNotFoundError(
        `mọi trang tính đều bị ẩn (có: ${seen.join(", ") || "không trang nào"}); dùng --sheet để chọn một trang`,
      );
    throw new SheetNotFoundError(`không có trang tính "${sheet}" (có: ${seen.join(", ") || "không trang nào"})`);
  }
  return { sheet: found, marked, layout };
}

/**
 * Where each sheet row ended up in the CSV, by Excel row number (index 0 unused): how many cells
 * it was written with, and the byte offset of its line break.
 */
export interface SheetLayout {
  widths: number[];
  ends: number[];
}

/**
 * Excel stores a row only up to its last non-empty cell, so a record whose last columns are empty
 * comes out with fewer cells than the header, which DuckDB's reader rejects as a malformed row.
 * Once the header row (and so the width) is known, pad such rows after it with empty cells; blank
 * rows stay blank. The file is rewritten only when some row is short. Returns how many were padded.
 */
export async function padShortRows(path: string, layout: SheetLayout, fromRow: number, width: number): Promise<number> {
  const cuts: { at: number; pad: Buffer }[] = [];
  for (let r = Math.max(fromRow, 1); r < layout.widths.length; r++) {
    const cells = layout.widths[r];
    if (cells > 0 && cells < width) cuts.push({ at: layout.ends[r], pad: Buffer.from(",".repeat(width - cells)) });
  }
  if (cuts.length === 0) return 0;
  let base = 0;
  let next = 0;
  const insert = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      let from = 0;
      while (next < cuts.length && cuts[next].at < base + chunk.length) {
        const at = cuts[next].at - base;
        parts.push(chunk.subarray(from, at), cuts[next].pad);
        from = at;
        next++;
      }
      parts.push(chunk.subarray(from));
      base += chunk.length;
      done(null, Buffer.concat(parts));
    },
  });
  const padded = `${path}.padded`;
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), insert, createWriteStream(padded));
  renameSync(padded, path);
  return cuts.length;
}
