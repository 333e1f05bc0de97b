import { createWriteStream } from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";

export class SheetNotFoundError extends Error {}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // exceljs hands date cells over as UTC instants holding the sheet's wall time.
    return value.toISOString().slice(0, 19).replace("T", " ");
  }
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result);
    if ("text" in v) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Copy one sheet of a workbook (by name or 1-based position; default the first) to a
 * comma-separated UTF-8 file, one record per sheet row with empty rows kept as blank
 * lines, so that record number = the row number Excel shows.
 */
export async function sheetToCsv(source: string, target: string, sheet?: string): Promise<{ sheet: string }> {
  const out = createWriteStream(target);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "emit" });
  let position = 0;
  let found: string | undefined;
  const seen: string[] = [];
  for await (const worksheet of reader) {
    position++;
    const ws = worksheet as unknown as { name?: string; id?: number } & AsyncIterable<ExcelJS.Row>;
    const name = ws.name ?? `Sheet${position}`;
    seen.push(name);
    const wanted = sheet === undefined ? position === 1 : sheet === name || sheet === String(position);
    if (!wanted || found) {
      for await (const _row of ws) void _row; // drain
      continue;
    }
    found = name;
    let next = 1;
    for await (const row of ws) {
      while (next < row.number) {
        if (!out.write("\n")) await once(out, "drain");
        next++;
      }
      const values = (row.values as unknown[]).slice(1);
      const line = Array.from(values, (v) => csvField(cellText(v).normalize("NFC"))).join(",") + "\n";
      if (!out.write(line)) await once(out, "drain");
      next = row.number + 1;
    }
  }
  out.end();
  await once(out, "close");
  if (!found) throw new SheetNotFoundError(`không có trang tính "${sheet}" (có: ${seen.join(", ") || "không trang nào"})`);
  return { sheet: found };
}
