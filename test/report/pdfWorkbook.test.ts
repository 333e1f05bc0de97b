import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { defaultDemo, generateDemo } from "../../loaders/demo/generate.ts";
import { loadSurveyDefinition } from "../../loaders/survey/definition.ts";
import { expandInputs } from "../../loaders/cli/ingest.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { hasChromium } from "../../loaders/report/chromium.ts";
import { breakdownDimensions } from "../../loaders/kpi/monthlyReport.ts";
import { kpiCatalogue, type KpiInfo } from "../../loaders/kpi/registry.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { formatKpi } from "@haumai/vi";
import { runCli, scratchDir } from "../helpers.ts";

const run = (hasChromium && existsSync("/usr/bin/pdftotext")) || Boolean(process.env.CI);
if (!run) console.warn("Chromium or pdftotext missing: the PDF / workbook comparison is skipped");

/** Does `line` hold `parts` in this order (each after the previous one)? */
function inOrder(line: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = line.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

describe.skipIf(!run)("the PDF and the workbook of the same month say the same figures", () => {
  const scratch = scratchDir();
  const month = "2026-09";
  const catalogue = kpiCatalogue(loadTargets());
  const info = new Map(catalogue.map((k) => [k.id, k]));
  let pdf: string;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    const db = join(scratch.dir, "demo.duckdb");
    await generateDemo({ ...defaultDemo, dir: join(scratch.dir, "demo") }, loadSurveyDefinition());
    const w = await Warehouse.open(db);
    await ensureSchema(w);
    for (const file of expandInputs([join(scratch.dir, "demo")])) await ingestFile(w, file);
    w.close();
    const out = join(scratch.dir, "reports");
    const result = await runCli(["report", "--month", month, "--db", db, "--out", out]);
    expect(result.code, result.text).toBe(0);
    pdf = execFileSync("pdftotext", ["-layout", join(out, month, `bao-cao-${month}.pdf`), "-"], { encoding: "utf8" });
    workbook = await new ExcelJS.Workbook().xlsx.readFile(join(out, month, `bao-cao-${month}.xlsx`));
  }, 300_000);
  afterAll(() => scratch.remove());

  /** A sheet's rows as objects keyed by the headers. */
  const rowsOf = (name: string) => {
    const sheet = workbook.getWorksheet(name)!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
    const rows: Record<string, ExcelJS.CellValue>[] = [];
    sheet.eachRow((row, i) => {
      if (i > 1) rows.push(Object.fromEntries(headers.map((h, c) => [h, row.getCell(c + 1).value])));
    });
    return { headers, rows };
  };

  it("every headline KPI's value in the workbook is on the PDF's card; one not measured says so in both", () => {
    const { rows } = rowsOf("Chỉ số chính");
    expect(rows.map((r) => r["Mã số liệu"])).toEqual(catalogue.map((k) => k.id));
    let compared = 0;
    for (const row of rows) {
      const kpi = info.get(String(row["Mã số liệu"]))!;
      if (kpi.role !== "headline") continue;
      const value = row["Tháng 9/2026"] as number | null;
      if (value === null) {
        expect(String(row["Đánh giá"]), kpi.id).toMatch(/^Chưa đo được: /);
        expect(pdf).toContain(String(row["Đánh giá"]).replace(/^Chưa đo được: /, ""));
        continue;
      }
      // The card's first line: the value, then (for a KPI with a target) its status.
      const shown = formatKpi(kpi.unit, value);
      const status = String(row["Đánh giá"] ?? "");
      expect(
        pdf.split("\n").some((line) => inOrder(line, status ? [shown, status] : [shown])),
        `${kpi.id}: ${shown} ${status}`,
      ).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it("every breakdown row the PDF prints has the workbook's figures, in the same order", () => {
    let compared = 0;
    for (const label of Object.values(breakdownDimensions)) {
      const { headers, rows } = rowsOf(label);
      const figureColumns = catalogue
        .filter((k) => k.breakdown)
        .map((k): [KpiInfo, number] => [k, headers.findIndex((h) => h.startsWith(k.label))]);
      // The printed table shows its first 20 rows; the workbook has them all.
      for (const row of rows.slice(0, 20)) {
        const key = String(row[label]);
        const cells = figureColumns
          .map(([k, column]) => [k, row[headers[column]] as number | null] as const)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => formatKpi(k.unit, v!));
        const first = key.split(" ")[0];
        const line = pdf.split("\n").find((l) => l.trimStart().startsWith(first) && inOrder(l, cells));
        expect(line, `${label}: ${key} ${cells.join(" ")}`).toBeDefined();
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it("the PDF opens with the executive summary the workbook's first sheet holds, sentence by sentence", () => {
    const { headers, rows } = rowsOf("Tóm tắt");
    expect(workbook.worksheets[0].name).toBe("Tóm tắt");
    const sentences = rows.map((r) => String(r[headers[0]]));
    expect(sentences.length).toBeGreaterThanOrEqual(4);
    // pdftotext breaks lines and pads them: compare with whitespace folded.
    const flat = pdf.replace(/\s+/g, " ");
    for (const sentence of sentences) expect(flat, sentence).toContain(sentence.replace(/\s+/g, " "));
    // Before the cards: the summary is the report's first section.
    expect(flat.indexOf(sentences[0])).toBeLessThan(flat.indexOf("Chỉ số chính"));
  });
});
