import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { safeText, writeWorkbook } from "../../loaders/report/workbook.ts";
import { safeCell, toCsv } from "../../src/components/rows.js";
import { scratchDir } from "../helpers.ts";

const attacks = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1"];

describe("exports are safe against formula injection", () => {
  it.each(attacks)("CSV: %s is kept as text", (value) => {
    expect(safeCell(value).replace(/^"|"$/g, "").startsWith("'")).toBe(true);
  });
  it("CSV: ordinary text, numbers and negative numbers are left alone; quotes and separators are quoted", () => {
    expect(safeCell("Bảo hành")).toBe("Bảo hành");
    expect(safeCell(-5)).toBe("-5");
    expect(safeCell('a "b", c')).toBe('"a ""b"", c"');
    expect(toCsv([{ a: "=1+1", b: 2 }])).toBe("\ufeffa,b\r\n'=1+1,2\r\n");
  });
  it("XLSX: such text is stored as text with a leading apostrophe, numbers stay numbers", async () => {
    const scratch = scratchDir();
    const file = scratch.file("x.xlsx", "");
    await writeWorkbook(
      file,
      [
        {
          name: "T",
          columns: [
            { key: "t", header: "Text" },
            { key: "n", header: "N", kind: "integer" },
          ],
          rows: attacks.map((t, i) => ({ t, n: -i - 1 })),
        },
      ],
      { title: "t", company: "c" },
    );
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(file)).getWorksheet("T")!;
    attacks.forEach((t, i) => {
      const cell = sheet.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${t}`);
      expect(sheet.getRow(i + 2).getCell(2).value).toBe(-i - 1);
    });
    expect(safeText("Bình thường")).toBe("Bình thường");
    scratch.remove();
  });
});
