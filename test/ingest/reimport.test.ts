import { afterAll, describe, expect, it, vi } from "vitest";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { UnusableFileError } from "../../loaders/ingest/source.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, runCli, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const march = csv([
  ticketColumns,
  ["A1", "02/03/2026 08:00", "Hotline", "Bảo hành", "S1", "Trung tâm", "02/03/2026 09:00", "", "", "", "", "", "", ""],
  [
    "A2",
    "02/03/2026 10:00",
    "Email",
    "Tư vấn",
    "",
    "",
    "02/03/2026 11:00",
    "",
    "",
    "",
    "02/03/2026 15:00",
    "",
    "4",
    "",
  ],
]);
// The April export shows A1 repaired and closed, and a new ticket A3.
const april = csv([
  ticketColumns,
  [
    "A1",
    "02/03/2026 08:00",
    "Hotline",
    "Bảo hành",
    "S1",
    "Trung tâm",
    "02/03/2026 09:00",
    "03/03/2026 08:00",
    "05/03/2026 16:00",
    "06/03/2026 09:00",
    "06/03/2026 09:00",
    "Đã sửa",
    "5",
    "Nhanh",
  ],
  ["A3", "01/04/2026 08:00", "Zalo", "Sửa chữa", "S9", "Tại chỗ", "01/04/2026 13:00", "", "", "", "", "", "", ""],
]);

const counts = (w: Warehouse) =>
  w.one<{ tickets: number; imports: number; rejects: number }>(
    "SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM import_log) AS imports, (SELECT count(*) FROM rejects) AS rejects",
  );

describe("nothing lost, nothing doubled", () => {
  it("re-importing the same file changes nothing", async () => {
    const w = await memoryWarehouse();
    const path = scratch.file("march.csv", march);
    const first = await ingestFile(w, path);
    const before = await counts(w);
    const second = await ingestFile(w, path);
    expect(second).toMatchObject({ status: "skipped", previousImportId: first.importId, rowsRead: 0 });
    expect(await counts(w)).toEqual(before);
    w.close();
  });

  it("a file of an earlier import's size but other bytes is imported, with its own hash; a renamed copy is skipped", async () => {
    const w = await memoryWarehouse();
    const path = scratch.file("size-1.csv", march);
    const first = await ingestFile(w, path);
    // One letter changed (S1 → S2): same size, so it is hashed first, and it is not the earlier file.
    const other = scratch.file("size-2.csv", march.replace(",S1,", ",S2,"));
    const second = await ingestFile(w, other);
    expect(second).toMatchObject({ status: "imported", rowsRead: 2, rowsUpdated: 2 });
    expect(second.previousImportId).toBeUndefined();
    const hashes = await w.all<{ file_hash: string; file_bytes: number }>(
      "SELECT file_hash, file_bytes FROM import_log ORDER BY import_id",
    );
    expect(hashes[0].file_bytes).toBe(hashes[1].file_bytes);
    expect(hashes[0].file_hash).not.toBe(hashes[1].file_hash);
    expect(hashes[0].file_hash).toMatch(/^[0-9a-f]{64}$/);
    // A file of a new size is hashed while DuckDB reads it: its hash is stored all the same, and a copy is skipped.
    const grown = scratch.file(
      "grown.csv",
      march +
        march
          .split("\n")
          .slice(1)
          .join("\n")
          .replace(/A1,|A2,|A3,/g, "B$&"),
    );
    const third = await ingestFile(w, grown);
    expect(third.status).toBe("imported");
    const copy = scratch.file("grown-copy.csv", readFileSync(grown));
    expect(await ingestFile(w, copy)).toMatchObject({ status: "skipped", previousImportId: third.importId });
    expect(third.importId).toBeGreaterThan(first.importId!);
    w.close();
  });

  it("a later export updates the tickets it repeats (latest wins) and never doubles them", async () => {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("1-march.csv", march));
    const summary = await ingestFile(w, scratch.file("2-april.csv", april));
    expect(summary).toMatchObject({ rowsRead: 2, rowsAccepted: 2, rowsInserted: 1, rowsUpdated: 1 });
    expect(
      await w.all(
        "SELECT ticket_id, outcome, csat, strftime(closed_at, '%d/%m/%Y %H:%M') AS closed, import_id FROM tickets ORDER BY ticket_id",
      ),
    ).toEqual([
      { ticket_id: "A1", outcome: "fixed", csat: 5, closed: "06/03/2026 09:00", import_id: 2 },
      { ticket_id: "A2", outcome: null, csat: 4, closed: "02/03/2026 15:00", import_id: 1 },
      { ticket_id: "A3", outcome: null, csat: null, closed: null, import_id: 2 },
    ]);
    expect(
      await w.one(
        "SELECT rows_read, rows_accepted, rows_rejected, rows_inserted, rows_updated, file_name FROM import_log WHERE import_id = 2",
      ),
    ).toEqual({
      rows_read: 2,
      rows_accepted: 2,
      rows_rejected: 0,
      rows_inserted: 1,
      rows_updated: 1,
      file_name: "2-april.csv",
    });
    w.close();
  });

  it("a failure inside the file's transaction leaves the database exactly as before", async () => {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("base.csv", march));
    const before = await w.all("SELECT * FROM tickets ORDER BY ticket_id");
    const run = w.run.bind(w);
    const spy = vi.spyOn(w, "run").mockImplementation(async (query) => {
      const text = typeof query === "string" ? query : query.toQuery().text;
      if (text.trimStart().startsWith("INSERT INTO import_log")) throw new Error("disk full (simulated)");
      return run(query);
    });
    await expect(ingestFile(w, scratch.file("april-fails.csv", april))).rejects.toThrow("disk full");
    spy.mockRestore();
    expect(await w.all("SELECT * FROM tickets ORDER BY ticket_id")).toEqual(before);
    expect(await counts(w)).toMatchObject({ tickets: 2, imports: 1, rejects: 0 });
    // …and the same file loads fine afterwards.
    expect(await ingestFile(w, scratch.file("april-fails.csv", april))).toMatchObject({
      status: "imported",
      rowsUpdated: 1,
    });
    w.close();
  });

  describe("files that cannot be used at all are named with what is missing, and change nothing", () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ["empty.csv", "", /empty\.csv: tệp rỗng/],
      ["bom-only.csv", Buffer.from([0xef, 0xbb, 0xbf]), /tệp rỗng/],
      ["binary.csv", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary\.csv: .*nhị phân/],
      [
        "no-id.csv",
        csv([
          ["Ngày tiếp nhận", "Kênh", "Phân loại"],
          ["01/03/2026", "Email", "Tư vấn"],
        ]),
        /no-id\.csv: không nhận ra tệp: thiếu cột ticket_id/,
      ],
      [
        "no-date.csv",
        csv([
          ["Mã phiếu", "Kênh", "Phân loại"],
          ["X", "Email", "Tư vấn"],
        ]),
        /no-date\.csv: không nhận ra tệp: thiếu cột received_at/,
      ],
    ];
    it.each(cases)("%s", async (name, content, message) => {
      const w = await memoryWarehouse();
      await ingestFile(w, scratch.file("ok.csv", march));
      const before = await counts(w);
      const error = await ingestFile(w, scratch.file(name, content)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnusableFileError);
      expect((error as Error).message).toMatch(message);
      expect(await counts(w)).toEqual(before);
      w.close();
    });
  });
});

describe("the CLI", () => {
  it("prints rows read = accepted + rejected as JSON, writes the rejects file, and exits 1 when a file is unusable", async () => {
    const db = join(scratch.dir, "cli.duckdb");
    const good = scratch.file(
      "cli-good.csv",
      csv([
        ticketColumns,
        ["C1", "02/03/2026 08:00", "Hotline", "Bảo hành", "", "", "", "", "", "", "", "", "", ""],
        ["C2", "ngày lạ", "Hotline", "Bảo hành", "", "", "", "", "", "", "", "", "", ""],
      ]),
    );
    const bad = scratch.file("cli-bad.csv", "a,b\n1,2\n");
    const rejects = join(scratch.dir, "rejects.csv");
    const io = await runCli(["ingest", good, bad, "--db", db, "--json", "--rejects", rejects]);
    const code = io.code;
    expect(code).toBe(1);
    const result = JSON.parse(io.out);
    expect(result.totals).toMatchObject({
      files: 2,
      imported: 1,
      failed: 1,
      rowsRead: 2,
      rowsAccepted: 1,
      rowsRejected: 1,
    });
    expect(result.files[1].error).toMatch(/cli-bad\.csv: không nhận ra tệp/);
    expect(readFileSync(rejects, "utf8").trim().split("\n")).toEqual([
      "file,line,column,value,reason,message",
      'cli-good.csv,3,Ngày tiếp nhận,ngày lạ,bad_date,"Không đọc được ngày giờ (dùng dd/mm/yyyy [HH:mm[:ss]], yyyy-mm-dd, ISO 8601 hoặc số ngày Excel)"',
    ]);
  });

  it("a second process writing the same database gets a clear 'database in use' message, exit code 3", async () => {
    const db = join(scratch.dir, "locked.duckdb");
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `import("@duckdb/node-api").then(async ({ DuckDBInstance }) => { await DuckDBInstance.create(${JSON.stringify(db)}); console.log("ready"); setTimeout(() => {}, 60000); })`,
      ],
      { cwd: process.cwd() },
    );
    try {
      await once(holder.stdout, "data");
      const io = await runCli(["ingest", scratch.file("locked.csv", march), "--db", db]);
      const code = io.code;
      expect(code).toBe(3);
      expect(io.err).toMatch(/Cơ sở dữ liệu đang được một tiến trình khác sử dụng \(PID \d+\)/);
      expect(io.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    } finally {
      holder.kill();
    }
  });

  it("unknown options are usage errors (exit 2) that show the command's help", async () => {
    const io = await runCli(["ingest", "--bogus"]);
    const code = io.code;
    expect(code).toBe(2);
    expect(io.err).toContain("haumai ingest <tệp|thư mục>");
  });
});
