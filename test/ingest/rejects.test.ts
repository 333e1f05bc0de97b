import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { csv, memoryWarehouse, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

// Columns: Mã phiếu, Ngày tiếp nhận, Kênh, Phân loại, Số serial, Nơi sửa chữa, Thời điểm phản hồi,
//          Ngày nhận máy, Ngày sửa xong, Ngày trả máy, Ngày đóng, Kết quả, Đánh giá, Nhận xét
const good = [
  "G1",
  "02/03/2026 08:00",
  "Hotline",
  "Bảo hành",
  "S1",
  "Trung tâm",
  "02/03/2026 09:00",
  "02/03/2026 10:00",
  "03/03/2026 15:00",
  "04/03/2026 09:00",
  "04/03/2026 09:00",
  "Đã sửa",
  "5",
  "Tốt",
];
const row = (changes: Record<number, string>) => good.map((cell, i) => changes[i] ?? cell);

describe("a row is rejected only when it cannot be a record", () => {
  const cases: [string, (string | number)[], string, string | null][] = [
    ["bad_date", row({ 0: "R1", 1: "31/02/2026 08:00" }), "Ngày tiếp nhận", "31/02/2026 08:00"],
    ["missing_key", row({ 0: "" }), "Mã phiếu", null],
    ["missing_required", row({ 0: "R3", 1: "" }), "Ngày tiếp nhận", null],
    ["relative_date", row({ 0: "R4", 1: "2 tuần trước" }), "Ngày tiếp nhận", "2 tuần trước"],
    ["implausible_date", row({ 0: "R5", 1: "05/10/2206 08:00" }), "Ngày tiếp nhận", "05/10/2206 08:00"],
    ["implausible_date", row({ 0: "R6", 1: "05/10/1998 08:00" }), "Ngày tiếp nhận", "05/10/1998 08:00"],
  ];
  it.each(cases)("%s", async (reason, cells, column, value) => {
    const warehouse = await memoryWarehouse();
    const path = scratch.file(`${reason}.csv`, csv([ticketColumns, good, cells]));
    const summary = await ingestFile(warehouse, path, { today: "2026-11-23" });
    expect(summary).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1, fieldIssues: 0 });
    const rejects = await warehouse.all("SELECT file_name, line, column_name, value, reason FROM rejects");
    expect(rejects).toEqual([{ file_name: `${reason}.csv`, line: 3, column_name: column, value, reason }]);
    warehouse.close();
  });

  it("two rows with one key: the usable one is kept, not simply the first; an exact repeat says so", async () => {
    const warehouse = await memoryWarehouse();
    const content = csv([
      ticketColumns,
      row({ 0: "D1", 1: "không đọc được" }),
      row({ 0: "D1", 13: "bản dùng được" }),
      row({ 0: "D2", 13: "bản một" }),
      row({ 0: "D2", 13: "bản một" }),
      row({ 0: "D3", 12: "tệ", 13: "điểm không đọc được" }),
      row({ 0: "D3", 13: "bản đủ" }),
    ]);
    const summary = await ingestFile(warehouse, scratch.file("dup.csv", content));
    expect(summary).toMatchObject({ rowsRead: 6, rowsAccepted: 3, rowsRejected: 3 });
    expect(
      await warehouse.all("SELECT line, value, reason, message FROM rejects WHERE reason LIKE 'dup%' ORDER BY line"),
    ).toEqual([
      {
        line: 2,
        value: "D1",
        reason: "duplicate_key_in_file",
        message: "Trùng mã với một dòng khác trong cùng tệp; giữ dòng 3",
      },
      {
        line: 4,
        value: "D2",
        reason: "duplicate_row",
        message: "Dòng lặp lại y hệt một dòng khác trong cùng tệp (dòng 5)",
      },
      {
        line: 6,
        value: "D3",
        reason: "duplicate_key_in_file",
        message: "Trùng mã với một dòng khác trong cùng tệp; giữ dòng 7",
      },
    ]);
    expect(await warehouse.all("SELECT ticket_id, csat_comment, source_line FROM tickets ORDER BY ticket_id")).toEqual([
      { ticket_id: "D1", csat_comment: "bản dùng được", source_line: 3 },
      { ticket_id: "D2", csat_comment: "bản một", source_line: 5 },
      { ticket_id: "D3", csat_comment: "bản đủ", source_line: 7 },
    ]);
    warehouse.close();
  });
});

describe("any other problem is a field issue: the record is kept, the field left empty, the original kept", () => {
  // [reason, cells, column, value as typed, canonical column left empty]
  const cases: [string, (string | number)[], string, string, string][] = [
    ["out_of_range", row({ 0: "F1", 12: "6" }), "Đánh giá", "6", "csat"],
    ["out_of_range", row({ 0: "F2", 12: "4,5" }), "Đánh giá", "4,5", "csat"],
    ["bad_number", row({ 0: "F3", 12: "tốt" }), "Đánh giá", "tốt", "csat"],
    ["unknown_value", row({ 0: "F4", 3: "Lắp đặt" }), "Phân loại", "Lắp đặt", "request_type"],
    ["negated_value", row({ 0: "F5", 11: "Chưa hoàn thành" }), "Kết quả", "Chưa hoàn thành", "outcome"],
    ["closed_before_received", row({ 0: "F6", 10: "01/03/2026 08:00" }), "Ngày đóng", "01/03/2026 08:00", "closed_at"],
    [
      "first_response_before_received",
      row({ 0: "F7", 6: "02/03/2026 07:00" }),
      "Thời điểm phản hồi",
      "02/03/2026 07:00",
      "first_response_at",
    ],
    [
      "repaired_before_product_received",
      row({ 0: "F8", 8: "02/03/2026 09:30" }),
      "Ngày sửa xong",
      "02/03/2026 09:30",
      "repaired_at",
    ],
    [
      "delivered_before_repaired",
      row({ 0: "F9", 9: "03/03/2026 14:00" }),
      "Ngày trả máy",
      "03/03/2026 14:00",
      "delivered_at",
    ],
    ["bad_date", row({ 0: "F10", 9: "hôm nào đó" }), "Ngày trả máy", "hôm nào đó", "delivered_at"],
    ["implausible_date", row({ 0: "F11", 9: "05/10/2206" }), "Ngày trả máy", "05/10/2206", "delivered_at"],
    ["relative_date", row({ 0: "F12", 9: "3 ngày trước" }), "Ngày trả máy", "3 ngày trước", "delivered_at"],
  ];
  it.each(cases)("%s", async (reason, cells, column, value, field) => {
    const warehouse = await memoryWarehouse();
    const path = scratch.file(`${reason}-field.csv`, csv([ticketColumns, good, cells]));
    const summary = await ingestFile(warehouse, path, { today: "2026-11-23" });
    expect(summary).toMatchObject({
      rowsRead: 2,
      rowsAccepted: 2,
      rowsRejected: 0,
      fieldIssues: 1,
      fieldIssuesByReason: { [reason]: 1 },
    });
    expect(
      await warehouse.all("SELECT file_name, record_key, line, field, column_name, value, reason FROM field_issues"),
    ).toEqual([
      { file_name: `${reason}-field.csv`, record_key: cells[0], line: 3, field, column_name: column, value, reason },
    ]);
    const stored = await warehouse.one<Record<string, unknown>>(
      `SELECT "${field}" AS v FROM tickets WHERE ticket_id = '${cells[0]}'`,
    );
    expect(stored!.v).toBeNull();
    warehouse.close();
  });

  it("a coded value keeps its original spelling beside the empty code", async () => {
    const warehouse = await memoryWarehouse();
    await ingestFile(
      warehouse,
      scratch.file("raw.csv", csv([ticketColumns, row({ 0: "K1", 3: "Lắp đặt", 2: "Bồ câu đưa thư" })])),
    );
    expect(await warehouse.one("SELECT request_type, request_type_raw, channel, channel_raw FROM tickets")).toEqual({
      request_type: null,
      request_type_raw: "Lắp đặt",
      // An unknown channel is still a contact: counted as "other", and listed as an issue.
      channel: "other",
      channel_raw: "Bồ câu đưa thư",
    });
    expect(await warehouse.all("SELECT field, reason FROM field_issues ORDER BY field")).toEqual([
      { field: "channel", reason: "unknown_value" },
      { field: "request_type", reason: "unknown_value" },
    ]);
    warehouse.close();
  });

  it("a date without time on the same day as a timed milestone is not 'before' it", async () => {
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(
      warehouse,
      scratch.file("dateonly.csv", csv([ticketColumns, row({ 8: "02/03/2026", 9: "02/03/2026", 10: "02/03/2026" })])),
    );
    expect(summary).toMatchObject({ rowsAccepted: 1, rowsRejected: 0, fieldIssues: 0 });
    warehouse.close();
  });

  it("a row with several field problems is one kept record with one issue per field, and a rejected row keeps its raw cells", async () => {
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(
      warehouse,
      scratch.file(
        "multi.csv",
        csv([ticketColumns, row({ 0: "M1", 3: "???", 12: "0" }), row({ 0: "M2", 1: "sai", 3: "???" })]),
      ),
    );
    expect(summary).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1, fieldIssues: 2 });
    expect(await warehouse.all("SELECT record_key, reason FROM field_issues ORDER BY reason")).toEqual([
      { record_key: "M1", reason: "out_of_range" },
      { record_key: "M1", reason: "unknown_value" },
    ]);
    // The rejected row is listed with all its problems.
    const rejects = await warehouse.all<{ reason: string; raw_row: string }>(
      "SELECT reason, raw_row FROM rejects ORDER BY reason",
    );
    expect(rejects.map((r) => r.reason)).toEqual(["bad_date", "unknown_value"]);
    expect(JSON.parse(rejects[0].raw_row)).toMatchObject({
      "Mã phiếu": "M2",
      "Ngày tiếp nhận": "sai",
      "Phân loại": "???",
    });
    warehouse.close();
  });

  it("malformed CSV rows (wrong number of cells) are rejected with their line, after multi-line quoted fields and blank lines", async () => {
    const warehouse = await memoryWarehouse();
    const content =
      [
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
