import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { monthlyKpis, type MonthKpis } from "../../loaders/kpi/monthly.ts";
import { compareFigures, flatten } from "../../loaders/report/manifest.ts";
import { hasChromium } from "../../loaders/report/chromium.ts";
import { csv, runCli, scratchDir } from "../helpers.ts";

const run_ = (hasChromium && existsSync("/usr/bin/pdftotext")) || Boolean(process.env.CI);
if (!run_)
  console.warn(
    "Chromium or pdftotext missing (apt-get install -y chromium poppler-utils): the report-file tests are skipped",
  );

const scratch = scratchDir();
const db = join(scratch.dir, "report.duckdb");
const out = join(scratch.dir, "reports");
const header = [
  "Mã phiếu",
  "Ngày tiếp nhận",
  "Phân loại",
  "Số serial",
  "Nơi sửa chữa",
  "Thời điểm phản hồi",
  "Ngày nhận máy",
  "Ngày sửa xong",
  "Ngày trả máy",
  "Ngày đóng",
  "Kết quả",
  "Đánh giá",
  "Nhận xét",
];
const rows = [
  [
    "A1",
    "02/03/2026 08:00",
    "Bảo hành",
    "S1",
    "Trung tâm",
    "02/03/2026 09:00",
    "02/03/2026 10:00",
    "03/03/2026 10:00",
    "04/03/2026 09:00",
    "04/03/2026 09:00",
    "Đã sửa",
    "5",
    '=HYPERLINK("http://x")',
  ],
  [
    "A2",
    "03/03/2026 08:00",
    "Tư vấn",
    "",
    "",
    "03/03/2026 08:30",
    "",
    "",
    "",
    "03/03/2026 09:00",
    "",
    "3",
    "Tư vấn tốt",
  ],
  ["A3", "04/03/2026 08:00", "Khiếu nại", "", "", "04/03/2026 10:00", "", "", "", "", "", "", ""],
  [
    "A4",
    "05/04/2026 08:00",
    "Sửa chữa",
    "S2",
    "Tại chỗ",
    "05/04/2026 09:00",
    "",
    "05/04/2026 11:00",
    "05/04/2026 11:00",
    "05/04/2026 11:00",
    "Thay mới",
    "4",
    "",
  ],
];

const run = runCli;

describe.skipIf(!run_)("haumai report --month", () => {
  beforeAll(async () => {
    const w = await Warehouse.open(db);
    await ensureSchema(w);
    await ingestFile(w, scratch.file("t.csv", csv([header, ...rows])));
    await ingestFile(
      w,
      scratch.file(
        "s.csv",
        csv([
          [
            "Mã KH",
            "Tên khách hàng",
            "Ngày khảo sát",
            "Q07",
            "Mức độ hài lòng chung",
            "Khả năng giới thiệu (0-10)",
            "Góp ý",
          ],
          ["K1", "Công ty Hòa Bình", "01/05/2026", "2", "2", "4", "Sửa chữa bảo hành chậm"],
          ["K2", "Công ty Đông Á", "02/05/2026", "5", "5", "10", "<img src=x onerror=alert(1)> tốt"],
        ]),
      ),
    );
    w.close();
  });
  afterAll(() => scratch.remove());

  const dir = () => join(out, "2026-03");

  it("writes an A4 PDF with page numbers whose text holds the month's figures, a workbook and a manifest", async () => {
    const { code, text } = await run([
      "report",
      "--month",
      "2026-03",
      "--db",
      db,
      "--out",
      out,
      "--company",
      "Công ty Thiết bị Văn phòng Ánh Dương",
    ]);
    expect(code, text).toBe(0);
    const pdf = join(dir(), "bao-cao-2026-03.pdf");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const pdfText = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(pdfText).toContain("Công ty Thiết bị Văn phòng Ánh Dương"); // header, with diacritics intact
    expect(pdfText).toContain("Báo cáo tổng kết Tháng 3/2026");
    expect(pdfText).toContain(`Trang 1 / ${pages}`);
    expect(pdfText).toMatch(/Phiếu tiếp nhận\s+Đáp ứng/);
    // Satisfaction has 2 ratings (A1 5, A2 3): too few to judge, and the page says so rather than "50%" with a verdict.
    expect(pdfText).toContain("Chưa đo được");
    expect(pdfText).toContain("chỉ 2 trường hợp, cần ít nhất 10");
    expect(pdfText).not.toContain("Tháng báo cáo"); // the picker is not printed
    const manifest = JSON.parse(readFileSync(join(dir(), "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ kind: "month", period: "2026-03" });
    expect(manifest.imports.map((i: { file_name: string }) => i.file_name)).toEqual(["t.csv", "s.csv"]);
    expect(manifest.imports[0].file_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.figures["kpis.tickets_received.value"]).toBe(3);
  });

  it("the workbook's numbers equal haumai kpi --json, stored as numbers, and text that looks like a formula stays text", async () => {
    const kpi = JSON.parse((await run(["kpi", "--month", "2026-03", "--json", "--db", db])).text);
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(join(dir(), "bao-cao-2026-03.xlsx"));
    const sheet = workbook.getWorksheet("Chỉ số chính")!;
    const byFigure = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, i) => i > 1 && byFigure.set(String(row.getCell(8).value), row));
    expect(byFigure.get("tickets_received")!.getCell(2).value).toBe(kpi.kpis.tickets_received.value);
    // Not measured: no number in the cell, the reason in the status column.
    expect(byFigure.get("satisfaction")!.getCell(2).value).toBe(null);
    expect(byFigure.get("satisfaction")!.getCell(6).value).toBe("Chưa đo được: chỉ 2 trường hợp, cần ít nhất 10");
    expect(byFigure.get("satisfaction")!.getCell(2).numFmt).toBe("0.0%");
    expect(byFigure.get("backlog_end")!.getCell(2).value).toBe(kpi.kpis.backlog_end.value);
    expect(byFigure.get("backlog_end")!.getCell(2).numFmt).toBe("#,##0");
    const complaints = workbook.getWorksheet("Khiếu nại mở")!;
    expect(complaints.getRow(2).getCell(4).value).toBeInstanceOf(Date);
    expect(workbook.worksheets.length).toBeGreaterThanOrEqual(8);
  });

  it.each([
    ["--year", "2026", "Xem xét chính sách hậu mãi năm 2026", "year"],
    ["--wave", "2026-H1", "Khảo sát hài lòng đợt 2026-H1", "wave"],
  ])("%s %s: the annual review and the survey analysis as files too", async (flag, period, title, kind) => {
    const { code, text } = await run(["report", flag, period, "--db", db, "--out", out]);
    expect(code, text).toBe(0);
    const pdfText = execFileSync("pdftotext", [join(out, period, `bao-cao-${period}.pdf`), "-"], { encoding: "utf8" });
    expect(pdfText).toContain(title);
    expect(pdfText).toMatch(/Trang 1 \/ \d+/);
    const manifest = JSON.parse(readFileSync(join(out, period, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ kind, period });
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(join(out, period, `bao-cao-${period}.xlsx`));
    expect(workbook.worksheets.length).toBeGreaterThanOrEqual(2);
    if (kind === "wave") {
      expect(manifest.figures["satisfaction.index"]).toBe(0.5);
      expect(manifest.figures["follow_up"]).toBe(1);
      expect(pdfText).toContain("Sửa chữa bảo hành chậm");
      // Markup in an export is shown as text on the page, never run as HTML.
      expect(pdfText).toContain("<img src=x onerror=alert(1)> tốt");
    } else {
      // Too few ratings every month: the annual review has no measured month for satisfaction.
      expect(manifest.figures["satisfaction.months.2"]).toBe(null);
      expect(manifest.figures["satisfaction.verdict"]).toBe("not_measured");
    }
  });

  it("run again: unchanged data says so; after a later export it lists exactly the changed figures and keeps the issued report", async () => {
    expect((await run(["report", "--month", "2026-03", "--db", db, "--out", out])).text).toContain(
      "Không có số liệu nào thay đổi",
    );

    const w = await Warehouse.open(db);
    const figures = (m: MonthKpis | undefined) => flatten({ coverage: m!.coverage, kpis: m!.kpis });
    const before = figures((await monthlyKpis(w)).find((m) => m.month === "2026-03"));
    // The complaint A3 is closed in a later export.
    await ingestFile(
      w,
      scratch.file(
        "later.csv",
        csv([
          header,
          [
            "A3",
            "04/03/2026 08:00",
            "Khiếu nại",
            "",
            "",
            "04/03/2026 10:00",
            "",
            "",
            "",
            "06/03/2026 10:00",
            "",
            "2",
            "",
          ],
        ]),
      ),
    );
    const after = figures((await monthlyKpis(w)).find((m) => m.month === "2026-03"));
    w.close();
    const expected = compareFigures(before, after).map((c) => c.figure);
    // By hand: A3 was the only ticket open at the end of March (28 days old); closed with a 2 it adds a rating: 1 of 3 satisfied.
    // Satisfaction stays too few to judge (3 < 10): its counts change, its status does not.
    expect(expected).toEqual(
      expect.arrayContaining([
        "kpis.backlog_end.details.15-30",
        "kpis.backlog_end.value",
        "kpis.satisfaction.n",
        "kpis.satisfaction.details.mean",
        "kpis.satisfaction.not_measured.n",
        "kpis.resolution_time.n",
      ]),
    );
    expect(expected.filter((f) => f.endsWith(".status"))).toEqual([]);

    const issuedPdf = readFileSync(join(dir(), "bao-cao-2026-03.pdf"));
    const second = await run(["report", "--month", "2026-03", "--db", db, "--out", out]);
    expect(second.code).toBe(1);
    const listed = second.text
      .split("\n")
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim().split(":")[0]);
    expect(listed).toEqual(expected);
    expect(second.text).toContain("kpis.backlog_end.value: 1 → 0");
    expect(readFileSync(join(dir(), "bao-cao-2026-03.pdf")).equals(issuedPdf)).toBe(true);

    const third = await run(["report", "--month", "2026-03", "--db", db, "--out", out, "--replace"]);
    expect(third.code, third.text).toBe(0);
    expect(readFileSync(join(dir(), "thay-doi.txt"), "utf8")).toContain("kpis.backlog_end.value: 1 → 0");
    expect(
      JSON.parse(readFileSync(join(dir(), "manifest.json"), "utf8")).imports.map(
        (i: { file_name: string }) => i.file_name,
      ),
    ).toEqual(["t.csv", "s.csv", "later.csv"]);
  });
});
