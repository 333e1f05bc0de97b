import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { ticketSpec } from "../../loaders/ingest/ticketSpec.ts";
import { foldKey } from "../../loaders/text/foldKey.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

// The centre's layout plus the promised return date, typed as a date without a time, dd/mm/yyyy.
const columns = [...ticketColumns, "Ngày hẹn trả"];
// Columns: Mã phiếu, Ngày tiếp nhận, Kênh, Phân loại, Số serial, Nơi sửa chữa, Thời điểm phản hồi,
//          Ngày nhận máy, Ngày sửa xong, Ngày trả máy, Ngày đóng, Kết quả, Đánh giá, Nhận xét, Ngày hẹn trả
const good = [
  "H1",
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
  "06/03/2026",
];
const row = (changes: Record<number, string>) => good.map((cell, i) => changes[i] ?? cell);

const promised = (w: Warehouse) =>
  w.all<{ ticket_id: string; promised: string | null }>(
    "SELECT ticket_id, strftime(promised_at, '%d/%m/%Y %H:%M') AS promised FROM tickets ORDER BY ticket_id",
  );

describe("promised return date (Ngày hẹn trả)", () => {
  it("dd/mm/yyyy dates are read day first into promised_at, as the start of that day", async () => {
    const w = await memoryWarehouse();
    const summary = await ingestFile(
      w,
      scratch.file("hen-tra.csv", csv([columns, good, row({ 0: "H2", 14: "13/03/2026" }), row({ 0: "H3", 14: "" })])),
      { today: "2026-11-23" },
    );
    expect(summary).toMatchObject({
      rowsRead: 3,
      rowsAccepted: 3,
      rowsRejected: 0,
      fieldIssues: 0,
      unmappedColumns: [],
    });
    expect(await promised(w)).toEqual([
      { ticket_id: "H1", promised: "06/03/2026 00:00" },
      { ticket_id: "H2", promised: "13/03/2026 00:00" },
      { ticket_id: "H3", promised: null },
    ]);
    w.close();
  });

  it("a promise before the ticket was received is a field issue: the record is kept, the date left empty, the typed value kept", async () => {
    const w = await memoryWarehouse();
    const file = csv([columns, good, row({ 0: "B1", 14: "28/02/2026" }), row({ 0: "B2", 14: "02/03/2026" })]);
    const summary = await ingestFile(w, scratch.file("hen-truoc.csv", file), { today: "2026-11-23" });
    // B2 is promised for the day it was received (08:00): a date without a time is compared by day, so not "before".
    expect(summary).toMatchObject({
      rowsRead: 3,
      rowsAccepted: 3,
      rowsRejected: 0,
      fieldIssues: 1,
      fieldIssuesByReason: { promised_before_received: 1 },
    });
    expect(
      await w.all("SELECT record_key, line, field, column_name, value, reason, message FROM field_issues"),
    ).toEqual([
      {
        record_key: "B1",
        line: 3,
        field: "promised_at",
        column_name: "Ngày hẹn trả",
        value: "28/02/2026",
        reason: "promised_before_received",
        message: "Ngày hẹn trả trước thời điểm tiếp nhận (02/03/2026 08:00)",
      },
    ]);
    expect(await promised(w)).toEqual([
      { ticket_id: "B1", promised: null },
      { ticket_id: "B2", promised: "02/03/2026 00:00" },
      { ticket_id: "H1", promised: "06/03/2026 00:00" },
    ]);
    // The rest of the kept record is stored as read.
    expect(
      await w.one(
        "SELECT outcome, csat, strftime(delivered_at, '%d/%m/%Y %H:%M') AS delivered FROM tickets WHERE ticket_id = 'B1'",
      ),
    ).toEqual({
      outcome: "fixed",
      csat: 5,
      delivered: "04/03/2026 09:00",
    });
    w.close();
  });

  // The headers people type, and the same with odd case and no tone marks, as exports without diacritics have.
  const headers = ticketSpec.fields.find((f) => f.name === "promised_at")!.aliases;
  const variants = [
    "Ngày hẹn trả",
    "Hẹn trả",
    "Ngày hẹn trả máy",
    "Ngày hẹn",
    "Hẹn trả khách",
    "Promised date",
    "Promised at",
    "Due date",
    "Committed date",
    "NGAY HEN TRA",
    "ngay_hen_tra_may",
    "Ngày hẹn trả (dự kiến)",
  ];
  it("the header is recognised in every variant listed in the spec", () => {
    // Every alias of the spec is among the variants tested below (folded as the ingest folds them).
    expect(headers.map(foldKey).filter((a) => !variants.map(foldKey).includes(a))).toEqual([]);
  });
  it.each(variants)("%s", async (header) => {
    const w = await memoryWarehouse();
    const content = csv([
      ["Mã phiếu", "Ngày tiếp nhận", header],
      ["V1", "02/03/2026 08:00", "09/03/2026"],
    ]);
    const summary = await ingestFile(w, scratch.file(`header-${header.replace(/\W+/g, "_")}.csv`, content), {
      today: "2026-11-23",
    });
    expect(summary.unmappedColumns).toEqual([]);
    expect(await promised(w)).toEqual([{ ticket_id: "V1", promised: "09/03/2026 00:00" }]);
    w.close();
  });

  it("a later export without the column keeps the stored promise; one with it updates the promise", async () => {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("1-with.csv", csv([columns, good])), { today: "2026-11-23" });
    // The next export comes from a report that has no promised date: the ticket is updated, its promise stays.
    const without = csv([
      ticketColumns,
      good.slice(0, ticketColumns.length).map((c, i) => (i === 13 ? "Nhanh, đúng hẹn" : c)),
    ]);
    expect(await ingestFile(w, scratch.file("2-without.csv", without), { today: "2026-11-23" })).toMatchObject({
      rowsUpdated: 1,
    });
    expect(await w.one("SELECT csat_comment, strftime(promised_at, '%d/%m/%Y') AS promised FROM tickets")).toEqual({
      csat_comment: "Nhanh, đúng hẹn",
      promised: "06/03/2026",
    });
    // A still later export that carries the column again moves the promise (the centre agreed a new date).
    await ingestFile(w, scratch.file("3-moved.csv", csv([columns, row({ 14: "10/03/2026" })])), {
      today: "2026-11-23",
    });
    expect(await promised(w)).toEqual([{ ticket_id: "H1", promised: "10/03/2026 00:00" }]);
    w.close();
  });

  it("a database made before the column existed gains it when opened, its tickets kept", async () => {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("old.csv", csv([ticketColumns, good.slice(0, ticketColumns.length)])), {
      today: "2026-11-23",
    });
    await w.run("ALTER TABLE tickets DROP COLUMN promised_at");
    await ensureSchema(w);
    expect(await promised(w)).toEqual([{ ticket_id: "H1", promised: null }]);
    await ingestFile(w, scratch.file("new.csv", csv([columns, good])), { today: "2026-11-23" });
    expect(await promised(w)).toEqual([{ ticket_id: "H1", promised: "06/03/2026 00:00" }]);
    w.close();
  });
});
