import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { NotADatabaseError, Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, runCli, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const header = ["Mã phiếu", "Ngày tiếp nhận", "Nhận xét"];

async function tickets(path: string, options = {}) {
  const w = await memoryWarehouse();
  const summary = await ingestFile(w, path, options);
  const rows = await w.all<{ ticket_id: string; t: string; csat_comment: string | null }>(
    "SELECT ticket_id, strftime(received_at, '%d/%m/%Y %H:%M') AS t, csat_comment FROM tickets ORDER BY ticket_id",
  );
  const rejects = await w.all("SELECT line, column_name, value, reason FROM rejects ORDER BY line, reason");
  w.close();
  return { summary, rows, rejects };
}

describe("a path is a path, never a pattern", () => {
  it("phieu-10[a].csv loads itself, not its sibling phieu-10a.csv (DuckDB reads [ ] * ? as a glob)", async () => {
    const dir = join(scratch.dir, "thư mục [1]");
    mkdirSync(dir);
    writeFileSync(join(dir, "phieu-10a.csv"), csv([header, ["SIBLING", "01/03/2026 08:00", "không phải tệp này"]]));
    const bracket = join(dir, "phieu-10[a].csv");
    writeFileSync(bracket, csv([header, ["BRACKET", "02/03/2026 09:00", "đúng tệp"]]));
    const { summary, rows } = await tickets(bracket);
    expect(summary).toMatchObject({ status: "imported", rowsRead: 1, rowsAccepted: 1 });
    expect(rows).toEqual([{ ticket_id: "BRACKET", t: "02/03/2026 09:00", csat_comment: "đúng tệp" }]);

    const star = scratch.file("phieu*.csv", csv([header, ["STAR", "03/03/2026 10:00", ""]]));
    expect((await tickets(star)).rows.map((r) => r.ticket_id)).toEqual(["STAR"]);
  });
});

describe("mixed line endings: every row is loaded", () => {
  const rows = [
    ["M1", "01/03/2026 08:00", "một"],
    ["M2", "02/03/2026 08:00", "hai dòng\nmột ô"],
    ["M3", "03/03/2026 08:00", "ba"],
    ["M4", "ngày sai", "bốn"],
    ["M5", "05/03/2026 08:00", "năm"],
  ];
  const lines = (eol: string) =>
    csv([header, ...rows], ",", eol)
      .split(eol)
      .slice(0, -1);

  it("CRLF file with one line ending in LF (and a multi-line quoted cell)", async () => {
    const l = lines("\r\n");
    // Line 1 header, 2 M1, 3–4 M2 (quoted break), 5 M3, 6 M4, 7 M5: M3 ends in a bare LF.
    const text = `${l[0]}\r\n${l[1]}\r\n${l[2]}\r\n${l[3]}\n${l[4]}\r\n${l[5]}\r\n`;
    const { summary, rows: got, rejects } = await tickets(scratch.file("crlf-lf.csv", text));
    expect(summary).toMatchObject({ rowsRead: 5, rowsAccepted: 4, rowsRejected: 1 });
    expect(got.map((r) => r.ticket_id)).toEqual(["M1", "M2", "M3", "M5"]);
    expect(got[1].csat_comment).toBe("hai dòng\nmột ô");
    expect(rejects).toEqual([{ line: 6, column_name: "Ngày tiếp nhận", value: "ngày sai", reason: "bad_date" }]);
  });

  it("LF file with one line ending in CRLF", async () => {
    const l = lines("\n"); // the quoted cell's break splits M2 over l[2] and l[3]
    const text = `${l[0]}\n${l[1]}\r\n${l[2]}\n${l[3]}\n${l[4]}\n${l[5]}\n${l[6]}\n`;
    const { summary, rows: got, rejects } = await tickets(scratch.file("lf-crlf.csv", text));
    expect(summary).toMatchObject({ rowsRead: 5, rowsAccepted: 4, rowsRejected: 1 });
    expect(got.map((r) => [r.ticket_id, r.csat_comment])).toEqual([
      ["M1", "một"],
      ["M2", "hai dòng\nmột ô"],
      ["M3", "ba"],
      ["M5", "năm"],
    ]);
    expect(rejects).toEqual([{ line: 6, column_name: "Ngày tiếp nhận", value: "ngày sai", reason: "bad_date" }]);
  });
});

async function workbookFile(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return scratch.file(name, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe("XLSX: the first visible sheet", () => {
  const build = (wb: ExcelJS.Workbook) => {
    const hidden = wb.addWorksheet("Tra cứu", { state: "hidden" });
    hidden.addRow(header);
    hidden.addRow(["HIDDEN", "01/01/2026 08:00", "trang ẩn"]);
    const visible = wb.addWorksheet("Phiếu");
    visible.addRow(header);
    visible.addRow(["SHOWN", "02/01/2026 08:00", "trang hiện"]);
  };
  it("a hidden first sheet is skipped by default", async () => {
    const { summary, rows } = await tickets(await workbookFile("hidden.xlsx", build));
    expect(summary.sheet).toBe("Phiếu");
    expect(rows.map((r) => r.ticket_id)).toEqual(["SHOWN"]);
  });
  it("--sheet still picks any sheet, by name or by position", async () => {
    const path = await workbookFile("hidden2.xlsx", build);
    expect((await tickets(path, { sheet: "Tra cứu" })).rows.map((r) => r.ticket_id)).toEqual(["HIDDEN"]);
    expect((await tickets(path, { sheet: "1" })).rows.map((r) => r.ticket_id)).toEqual(["HIDDEN"]);
    expect((await tickets(path, { sheet: "2" })).rows.map((r) => r.ticket_id)).toEqual(["SHOWN"]);
  });
});

describe("XLSX: a row whose last cells are empty", () => {
  it("is a record like any other (Excel stores a row only up to its last non-empty cell)", async () => {
    const path = await workbookFile("short.xlsx", (wb) => {
      const s = wb.addWorksheet("Phiếu");
      s.addRow(["Danh sách phiếu"]);
      s.addRow([...header, "Kênh", "Đánh giá"]);
      s.addRow(["S1", new Date(Date.UTC(2026, 2, 1, 8)), "đủ ô", "Hotline", 5]);
      s.addRow(["S2", new Date(Date.UTC(2026, 2, 2, 8))]);
      s.addRow([]);
      s.addRow(["S3", "ngày sai", "thiếu hai ô cuối"]);
    });
    const { summary, rows, rejects } = await tickets(path);
    expect(summary).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    expect(rows).toEqual([
      { ticket_id: "S1", t: "01/03/2026 08:00", csat_comment: "đủ ô" },
      { ticket_id: "S2", t: "02/03/2026 08:00", csat_comment: null },
    ]);
    expect(rejects).toEqual([{ line: 6, column_name: "Ngày tiếp nhận", value: "ngày sai", reason: "bad_date" }]);
  });
});

describe("XLSX: cells with no usable value are field issues, never text like [object Object] or 30/12/1899", () => {
  it("a formula without a cached value: empty, with the formula as the recorded value", async () => {
    const path = await workbookFile("formula.xlsx", (wb) => {
      const s = wb.addWorksheet("Phiếu");
      s.addRow([...header, "Ngày sửa xong", "Chi phí"]);
      s.addRow([
        "F1",
        new Date(Date.UTC(2026, 2, 1, 8)),
        "công thức đã tính",
        null,
        { formula: "2*500", result: 1000 },
      ]);
      s.addRow(["F2", new Date(Date.UTC(2026, 2, 2, 8)), { formula: 'A3&" (ghi chú)"' }, null, 50000]);
      // Two keys written by a program as formulas without results: today both became "[object Object]".
      s.addRow([{ formula: '"P-"&ROW()' }, new Date(Date.UTC(2026, 2, 3, 8)), "", null, 0]);
      s.addRow([{ formula: '"P-"&ROW()' }, new Date(Date.UTC(2026, 2, 4, 8)), "", null, 0]);
    });
    const w = await memoryWarehouse();
    await ingestFile(w, path);
    expect(await w.all("SELECT ticket_id, charge_vnd FROM tickets ORDER BY ticket_id")).toContainEqual({
      ticket_id: "F1",
      charge_vnd: 1000,
    });
    expect(
      await w.one("SELECT count(*) AS n FROM tickets WHERE ticket_id LIKE '%object%' OR csat_comment LIKE '%object%'"),
    ).toEqual({ n: 0 });
    // A field cell: the ticket is kept, the field empty, the formula recorded as a field issue.
    expect(await w.all("SELECT record_key, line, column_name, value, reason FROM field_issues")).toEqual([
      { record_key: "F2", line: 3, column_name: "Nhận xét", value: '=A3&" (ghi chú)"', reason: "uncached_formula" },
    ]);
    expect(await w.one("SELECT csat_comment FROM tickets WHERE ticket_id = 'F2'")).toEqual({ csat_comment: null });
    expect(await w.one("SELECT message FROM field_issues WHERE line = 3")).toEqual({
      message: expect.stringContaining("công thức chưa được Excel tính"),
    });
    // The key cell: the row has no key, rejected with the reason why (not as a duplicate, not as a bare missing key).
    expect(await w.all("SELECT line, column_name, value, reason FROM rejects ORDER BY line, reason")).toEqual([
      { line: 4, column_name: "Mã phiếu", value: '="P-"&ROW()', reason: "uncached_formula" },
      { line: 5, column_name: "Mã phiếu", value: '="P-"&ROW()', reason: "uncached_formula" },
    ]);
    w.close();
  });

  it("a time without a date in a date column: time_only with the time as value, never 30/12/1899", async () => {
    const path = await workbookFile("time.xlsx", (wb) => {
      const s = wb.addWorksheet("Phiếu");
      s.addRow([...header, "Ngày sửa xong", "Giờ hẹn"]);
      s.addRow(["T1", new Date(Date.UTC(2026, 2, 1, 8)), "", new Date(Date.UTC(1899, 11, 30, 14, 45))]);
      s.addRow(["T2", new Date(Date.UTC(1899, 11, 30, 8, 30)), "", new Date(Date.UTC(2026, 2, 3, 9))]);
      s.addRow([
        "T3",
        new Date(Date.UTC(2026, 2, 1, 8)),
        "",
        new Date(Date.UTC(2026, 2, 1, 16)),
        new Date(Date.UTC(1899, 11, 30, 9, 15)),
      ]);
    });
    const w = await memoryWarehouse();
    await ingestFile(w, path);
    expect(
      await w.one("SELECT count(*) AS n FROM tickets WHERE year(repaired_at) < 1900 OR year(received_at) < 1900"),
    ).toEqual({ n: 0 });
    // A time in a column no field claims is kept as the file shows it.
    expect(
      await w.all(
        "SELECT ticket_id, strftime(repaired_at, '%d/%m/%Y %H:%M') AS repaired, extra FROM tickets WHERE ticket_id = 'T3'",
      ),
    ).toEqual([{ ticket_id: "T3", repaired: "01/03/2026 16:00", extra: '{"Giờ hẹn":"09:15:00"}' }]);
    expect(await w.all("SELECT line, column_name, value, reason FROM field_issues ORDER BY line")).toEqual([
      { line: 2, column_name: "Ngày sửa xong", value: "14:45:00", reason: "time_only" },
    ]);
    // The received time is required: without a date the row cannot be placed, and it says why.
    expect(await w.all("SELECT line, column_name, value, reason FROM rejects ORDER BY line")).toEqual([
      { line: 3, column_name: "Ngày tiếp nhận", value: "08:30:00", reason: "time_only" },
    ]);
    w.close();
  });
});

describe("the database file is DuckDB or it is not opened", () => {
  const sqliteHeader = () =>
    Buffer.concat([
      Buffer.from("SQLite format 3\0", "latin1"),
      Buffer.from([0x10, 0x00, 0x01, 0x01]),
      Buffer.alloc(4076),
    ]);

  it("a SQLite file given as the database is refused with its name, and left as it was", async () => {
    const path = scratch.file("haumai.sqlite", sqliteHeader());
    await expect(Warehouse.open(path)).rejects.toThrow(NotADatabaseError);
    await expect(Warehouse.open(path, { readOnly: true })).rejects.toThrow(
      `${path} không phải tệp cơ sở dữ liệu DuckDB`,
    );
    const cli = await runCli(["kpi", "--month", "2026-10", "--db", path]);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain(`${path} không phải tệp cơ sở dữ liệu DuckDB`);
    expect(readFileSync(path).equals(sqliteHeader())).toBe(true);
  });

  it("a new path, an empty file and a real DuckDB file open; extensions are never autoloaded or installed", async () => {
    const fresh = join(scratch.dir, "moi", "haumai.duckdb");
    const w = await Warehouse.open(fresh);
    expect(
      await w.one(
        "SELECT current_setting('autoload_known_extensions') AS load, current_setting('autoinstall_known_extensions') AS install",
      ),
    ).toEqual({ load: false, install: false });
    await w.run("CREATE TABLE t AS SELECT 1 AS x");
    w.close();
    expect(readFileSync(fresh).toString("latin1", 8, 12)).toBe("DUCK");
    const again = await Warehouse.open(fresh, { readOnly: true });
    expect(await again.one("SELECT x FROM t")).toEqual({ x: 1 });
    again.close();
    // An empty file (made by `touch`, or a temp-file tool) is a new database too.
    const emptyPath = scratch.file("rong.duckdb", "");
    await expect(Warehouse.open(emptyPath, { readOnly: true })).rejects.toThrow(NotADatabaseError);
    const empty = await Warehouse.open(emptyPath);
    await empty.run("CREATE TABLE t AS SELECT 2 AS x");
    empty.close();
    expect(readFileSync(emptyPath).toString("latin1", 8, 12)).toBe("DUCK");
  });
});

describe("--rejects never overwrites an input", () => {
  const db = join(scratch.dir, "rejects.duckdb");
  const content = csv([header, ["R1", "01/03/2026 08:00", ""], ["R2", "sai", ""]]);

  it("refused when it is one of the input files", async () => {
    const input = scratch.file("vao.csv", content);
    const r = await runCli(["ingest", input, "--rejects", input, "--db", db]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--rejects ${input} là chính tệp đầu vào`);
    expect(readFileSync(input, "utf8")).toBe(content);
  });

  it("refused when it lies inside an input folder with an export extension; allowed elsewhere", async () => {
    const folder = join(scratch.dir, "inbox");
    mkdirSync(join(folder, "thang-3"), { recursive: true });
    writeFileSync(join(folder, "thang-3", "phieu.csv"), content);
    for (const target of [join(folder, "loai.csv"), join(folder, "thang-3", "loai.xlsx")]) {
      const r = await runCli(["ingest", folder, "--rejects", target, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("nằm trong thư mục đầu vào");
    }
    const outside = join(scratch.dir, "loai.csv");
    const ok = await runCli(["ingest", folder, "--rejects", outside, "--db", db]);
    expect(ok.code).toBe(0);
    expect(readFileSync(outside, "utf8")).toContain("bad_date");
  });
});
