import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { csv, memoryWarehouse, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

// Columns: Mã phiếu, Ngày tiếp nhận, Kênh, Phân loại, Số serial, Nơi sửa chữa, Thời điểm phản hồi,
//          Ngày nhận máy, Ngày sửa xong, Ngày trả máy, Ngày đóng, Kết quả, Đánh giá, Nhận xét
const good = ["G1", "02/03/2026 08:00", "Hotline", "Bảo hành", "S1", "Trung tâm", "02/03/2026 09:00", "02/03/2026 10:00", "03/03/2026 15:00", "04/03/2026 09:00", "04/03/2026 09:00", "Đã sửa", "5", "Tốt"];
const row = (changes: Record<number, string>) => good.map((cell, i) => changes[i] ?? cell);

describe("every reject reason, with file, line, column and value", () => {
  const cases: [string, (string | number)[], string, string | null][] = [
    ["bad_date", row({ 0: "R1", 1: "31/02/2026 08:00" }), "Ngày tiếp nhận", "31/02/2026 08:00"],
    ["missing_key", row({ 0: "" }), "Mã phiếu", null],
    ["missing_required", row({ 0: "R3", 1: "" }), "Ngày tiếp nhận", null],
    ["out_of_range", row({ 0: "R4", 12: "6" }), "Đánh giá", "6"],
    ["out_of_range", row({ 0: "R5", 12: "4,5" }), "Đánh giá", "4,5"],
    ["bad_number", row({ 0: "R6", 12: "tốt" }), "Đánh giá", "tốt"],
    ["unknown_value", row({ 0: "R7", 3: "Linh tinh" }), "Phân loại", "Linh tinh"],
    ["closed_before_received", row({ 0: "R8", 10: "01/03/2026 08:00" }), "Ngày đóng", "01/03/2026 08:00"],
    ["first_response_before_received", row({ 0: "R9", 6: "02/03/2026 07:00" }), "Thời điểm phản hồi", "02/03/2026 07:00"],
    ["repaired_before_product_received", row({ 0: "R10", 8: "02/03/2026 09:30" }), "Ngày sửa xong", "02/03/2026 09:30"],
    ["delivered_before_repaired", row({ 0: "R11", 9: "03/03/2026 14:00" }), "Ngày trả máy", "03/03/2026 14:00"],
  ];
  it.each(cases)("%s", async (reason, cells, column, value) => {
    const warehouse = await memoryWarehouse();
    const path = scratch.file(`${reason}.csv`, csv([ticketColumns, good, cells]));
    const summary = await ingestFile(warehouse, path);
    expect(summary).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    const rejects = await warehouse.all("SELECT file_name, line, column_name, value, reason FROM rejects");
    expect(rejects).toEqual([{ file_name: `${reason}.csv`, line: 3, column_name: column, value, reason }]);
    warehouse.close();
  });

  it("a date without time on the same day as a timed milestone is not 'before' it", async () => {
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, scratch.file("dateonly.csv", csv([ticketColumns, row({ 8: "02/03/2026", 9: "02/03/2026", 10: "02/03/2026" })])));
    expect(summary).toMatchObject({ rowsAccepted: 1, rowsRejected: 0 });
    warehouse.close();
  });

  it("duplicate key inside one file: the first row is kept, later ones rejected naming the first line", async () => {
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, scratch.file("dup.csv", csv([ticketColumns, good, row({ 13: "bản hai" }), row({ 13: "bản ba" })])));
    expect(summary).toMatchObject({ rowsRead: 3, rowsAccepted: 1, rowsRejected: 2 });
    expect(await warehouse.all("SELECT line, reason, message FROM rejects ORDER BY line")).toEqual([
      { line: 3, reason: "duplicate_key_in_file", message: "Trùng mã với một dòng trước trong cùng tệp (dòng 2)" },
      { line: 4, reason: "duplicate_key_in_file", message: "Trùng mã với một dòng trước trong cùng tệp (dòng 2)" },
    ]);
    expect(await warehouse.all("SELECT csat_comment FROM tickets")).toEqual([{ csat_comment: "Tốt" }]);
    warehouse.close();
  });

  it("a row with several problems is one rejected row with one reject record per problem, and keeps its raw cells", async () => {
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, scratch.file("multi.csv", csv([ticketColumns, row({ 0: "M1", 3: "???", 12: "0" })])));
    expect(summary).toMatchObject({ rowsRead: 1, rowsAccepted: 0, rowsRejected: 1 });
    const rejects = await warehouse.all<{ reason: string; raw_row: string }>("SELECT reason, raw_row FROM rejects ORDER BY reason");
    expect(rejects.map((r) => r.reason)).toEqual(["out_of_range", "unknown_value"]);
    expect(JSON.parse(rejects[0].raw_row)).toMatchObject({ "Mã phiếu": "M1", "Phân loại": "???", "Đánh giá": "0" });
    warehouse.close();
  });

  it("malformed CSV rows (wrong number of cells) are rejected with their line, after multi-line quoted fields and blank lines", async () => {
    const warehouse = await memoryWarehouse();
    const content = [
      "Mã phiếu,Ngày tiếp nhận,Nhận xét",
      'Q1,01/03/2026,"dòng một',
      'dòng hai"',
      "",
      "Q2,01/03/2026",
      "Q3,01/03/2026,ok,thừa một ô",
      "Q4,ngày lạ,ok",
      "Q5,01/03/2026,ok",
    ].join("\n") + "\n";
    const summary = await ingestFile(warehouse, scratch.file("malformed.csv", content));
    expect(summary).toMatchObject({ rowsRead: 5, rowsAccepted: 2, rowsRejected: 3 });
    expect(await warehouse.all("SELECT line, reason FROM rejects ORDER BY line")).toEqual([
      { line: 5, reason: "malformed_row" },
      { line: 6, reason: "malformed_row" },
      { line: 7, reason: "bad_date" },
    ]);
    expect(await warehouse.all("SELECT ticket_id, source_line, csat_comment FROM tickets ORDER BY ticket_id")).toEqual([
      { ticket_id: "Q1", source_line: 2, csat_comment: "dòng một\ndòng hai" },
      { ticket_id: "Q5", source_line: 8, csat_comment: "ok" },
    ]);
    warehouse.close();
  });
});
