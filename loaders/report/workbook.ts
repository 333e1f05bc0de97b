import ExcelJS from "exceljs";

export type CellKind = "text" | "integer" | "number" | "percent" | "minutes" | "date";

export interface SheetSpec {
  name: string;
  columns: { key: string; header: string; kind?: CellKind }[];
  /** Rows; a row's own `kind` overrides the format of its "number" columns (a sheet mixing counts and shares). */
  rows: readonly object[];
}

/** Excel formats (Excel shows them with the reader's separators: 1.234,5 and 85,3% on a Vietnamese system). */
const formats: Record<CellKind, string | undefined> = {
  text: undefined,
  integer: "#,##0",
  number: "#,##0.0",
  percent: "0.0%",
  minutes: "#,##0",
  date: "dd/mm/yyyy",
};

/** A text cell a spreadsheet could take for a formula (= + - @) is kept as text with a leading apostrophe. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One sheet per table; numbers stay numbers, dates dates, text neutralised against formula injection. */
export async function writeWorkbook(
  file: string,
  sheets: SheetSpec[],
  meta: { title: string; company: string },
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta.company;
  workbook.title = meta.title;
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name.slice(0, 31));
    sheet.columns = spec.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(12, Math.min(60, c.header.length + 4)),
      style: formats[c.kind ?? "text"] ? { numFmt: formats[c.kind ?? "text"] } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const item of spec.rows) {
      const row = item as Record<string, unknown>;
      const added = sheet.addRow(
        Object.fromEntries(
          spec.columns.map((c) => {
            const v = row[c.key];
            if (v === null || v === undefined) return [c.key, null];
            if (c.kind === "date") return [c.key, typeof v === "string" ? new Date(`${v.slice(0, 10)}T00:00:00Z`) : v];
            if (c.kind && c.kind !== "text" && typeof v === "number") return [c.key, v];
            return [c.key, safeText(Array.isArray(v) ? v.join(", ") : String(v))];
          }),
        ),
      );
      const own = formats[row.kind as CellKind];
      if (own) spec.columns.forEach((c, i) => c.kind === "number" && (added.getCell(i + 1).numFmt = own));
    }
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  await workbook.xlsx.writeFile(file);
}
