import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());
const today = "2026-11-23";

describe("values as real centres type them", () => {
  it("12 tickets typed the way people type: all 12 kept and classified by the phrase they contain", async () => {
    const header = [
      "Mã phiếu",
      "Ngày tiếp nhận",
      "Kênh",
      "Phân loại",
      "Nơi sửa chữa",
      "Kết quả",
      "Đánh giá",
      "Chi phí",
    ];
    const rows = [
      [
        "P01",
        "01/10/2026 08:00",
        "Zalo OA",
        "Bảo hành tại nhà",
        "Tại chỗ khách hàng",
        "Đã sửa xong",
        "5 sao",
        "1.250.000\u00a0₫",
      ],
      [
        "P02",
        "01/10/2026 09:00",
        "Hotline 1900",
        "Khiếu nại về thái độ nhân viên",
        "TTBH Hà Nội",
        "Đổi máy mới 1-1",
        "4/5",
        "0",
      ],
      [
        "P03",
        "01/10/2026 10:00",
        "Shopee Mall",
        "Sửa chữa có phí",
        "TTBH Đà Nẵng",
        "Khách hủy yêu cầu",
        "★★★★",
        "350.000 đ",
      ],
      ["P04", "02/10/2026 08:00", "Email", "Lắp đặt", "Tại nhà khách hàng", "Hoàn thành", "★★★☆☆", "-"],
      ["P05", "02/10/2026 08:30", "Facebook", "Bảo hành", "Trung tâm", "Không sửa được", "Rất hài lòng", ""],
      ["P06", "02/10/2026 09:30", "Tiktok Shop", "Tư vấn kỹ thuật", "Trung tâm", "Không lỗi", "Không ý kiến", ""],
      ["P07", "03/10/2026 08:00", "Web", "Bảo trì định kỳ", "Tại chỗ", "Đã sửa", "4 điểm", ""],
      ["P08", "03/10/2026 08:00", "Điện thoại", "Bảo hành", "Trung tâm bảo hành", "Thay thế linh kiện", "5", ""],
      ["P09", "03/10/2026 08:00", "Đại lý", "Bảo hành", "TTBH", "Chưa hoàn thành", "3", ""],
      ["P10", "04/10/2026 08:00", "Trực tiếp tại quầy", "Bảo hành", "Trung tâm", "Đã sửa", "KYK", ""],
      ["P11", "04/10/2026 08:00", "Hotline", "Khiếu nại chất lượng sản phẩm", "Trung tâm", "Đã sửa", "N/A", ""],
      ["P12\u00a0", "04/10/2026 08:00", "Hotline", "Bảo hành", "Trung tâm", "Đã sửa", "4,0", ""],
    ];
    const w = await memoryWarehouse();
    const summary = await ingestFile(w, scratch.file("typed.csv", csv([header, ...rows])), { today });
    expect(summary).toMatchObject({ rowsRead: 12, rowsAccepted: 12, rowsRejected: 0 });
    // Only what no list can know: "Lắp đặt" (installation) and a negated outcome.
    expect(summary.fieldIssuesByReason).toEqual({ unknown_value: 1, negated_value: 1 });
    const stored = await w.all(
      "SELECT ticket_id, channel, request_type, service_location, outcome, csat, charge_vnd FROM tickets ORDER BY ticket_id",
    );
    expect(stored).toEqual([
      {
        ticket_id: "P01",
        channel: "social",
        request_type: "warranty",
        service_location: "onsite",
        outcome: "fixed",
        csat: 5,
        charge_vnd: 1250000,
      },
      {
        ticket_id: "P02",
        channel: "hotline",
        request_type: "complaint",
        service_location: "center",
        outcome: "replaced",
        csat: 4,
        charge_vnd: 0,
      },
      {
        ticket_id: "P03",
        channel: "marketplace",
        request_type: "repair",
        service_location: "center",
        outcome: "cancelled",
        csat: 4,
        charge_vnd: 350000,
      },
      {
        ticket_id: "P04",
        channel: "email",
        request_type: null,
        service_location: "onsite",
        outcome: "fixed",
        csat: 3,
        charge_vnd: null,
      },
      {
        ticket_id: "P05",
        channel: "social",
        request_type: "warranty",
        service_location: "center",
        outcome: "not_fixed",
        csat: 5,
        charge_vnd: null,
      },
      {
        ticket_id: "P06",
        channel: "marketplace",
        request_type: "consultation",
        service_location: "center",
        outcome: "no_fault_found",
        csat: null,
        charge_vnd: null,
      },
      {
        ticket_id: "P07",
        channel: "web",
        request_type: "maintenance",
        service_location: "onsite",
        outcome: "fixed",
        csat: 4,
        charge_vnd: null,
      },
      {
        ticket_id: "P08",
        channel: "hotline",
        request_type: "warranty",
        service_location: "center",
        outcome: "replaced",
        csat: 5,
        charge_vnd: null,
      },
      {
        ticket_id: "P09",
        channel: "sales",
        request_type: "warranty",
        service_location: "center",
        outcome: null,
        csat: 3,
        charge_vnd: null,
      },
      {
        ticket_id: "P10",
        channel: "walk_in",
        request_type: "warranty",
        service_location: "center",
        outcome: "fixed",
        csat: null,
        charge_vnd: null,
      },
      {
        ticket_id: "P11",
        channel: "hotline",
        request_type: "complaint",
        service_location: "center",
        outcome: "fixed",
        csat: null,
        charge_vnd: null,
      },
      // A no-break space after the id is trimmed like any other blank.
      {
        ticket_id: "P12",
        channel: "hotline",
        request_type: "warranty",
        service_location: "center",
        outcome: "fixed",
        csat: 4,
        charge_vnd: null,
      },
    ]);
    w.close();
  });

  it("a fraction over another scale is not that scale's score", async () => {
    const w = await memoryWarehouse();
    const s = await ingestFile(
      w,
      scratch.file(
        "frac.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận", "Đánh giá"],
          ["F1", "01/10/2026", "8/10"],
        ]),
      ),
      { today },
    );
    expect(s.fieldIssuesByReason).toEqual({ out_of_range: 1 });
    w.close();
  });
});

describe("dates you can believe", () => {
  const header = ["Mã phiếu", "Ngày tiếp nhận", "Ngày đóng"];
  it("a two-digit year is read as 20yy and reported; a date after the import day is not stored", async () => {
    const w = await memoryWarehouse();
    const s = await ingestFile(
      w,
      scratch.file("yy.csv", csv([header, ["Y1", "05/03/25 08:00", "06/03/25"], ["Y2", "05/10/2026", "05/10/2206"]])),
      { today },
    );
    expect(s).toMatchObject({
      rowsAccepted: 2,
      rowsRejected: 0,
      fieldIssuesByReason: { two_digit_year: 2, implausible_date: 1 },
    });
    expect(
      await w.all(
        "SELECT ticket_id, strftime(received_at, '%Y-%m-%d %H:%M') AS r, strftime(closed_at, '%Y-%m-%d') AS c FROM tickets ORDER BY 1",
      ),
    ).toEqual([
      { ticket_id: "Y1", r: "2025-03-05 08:00", c: "2025-03-06" },
      { ticket_id: "Y2", r: "2026-10-05 00:00", c: null },
    ]);
    expect(
      await w.all(
        "SELECT record_key, reason, message FROM field_issues WHERE reason = 'two_digit_year' ORDER BY 1, field",
      ),
    ).toEqual([
      { record_key: "Y1", reason: "two_digit_year", message: "Năm ghi 2 chữ số, đã đọc là năm 20xx (năm 2025)" },
      { record_key: "Y1", reason: "two_digit_year", message: "Năm ghi 2 chữ số, đã đọc là năm 20xx (năm 2025)" },
    ]);
    w.close();
  });

  it("a file that is provably mm/dd is read so and said so", async () => {
    const w = await memoryWarehouse();
    const s = await ingestFile(
      w,
      scratch.file("us.csv", csv([header, ["U1", "10/25/2026 08:00", "10/26/2026"], ["U2", "03/04/2026 08:00", ""]])),
      { today },
    );
    expect(s).toMatchObject({ rowsAccepted: 2, dateOrder: "mdy" });
    expect(await w.all("SELECT ticket_id, strftime(received_at, '%Y-%m-%d') AS r FROM tickets ORDER BY 1")).toEqual([
      { ticket_id: "U1", r: "2026-10-25" },
      // Ambiguous on its own; the file is month-first, so this is 4 March.
      { ticket_id: "U2", r: "2026-03-04" },
    ]);
    w.close();
  });

  it("a date that contradicts the file's day/month order is its own reason", async () => {
    const w = await memoryWarehouse();
    const rows = [header, ["V1", "25/10/2026", ""], ["V2", "26/10/2026", ""], ["V3", "27/10/2026", "10/28/2026"]];
    const s = await ingestFile(w, scratch.file("mixed.csv", csv(rows)), { today });
    expect(s).toMatchObject({ rowsAccepted: 3, dateOrder: "dmy", fieldIssuesByReason: { date_order_conflict: 1 } });
    expect(await w.one("SELECT value, message FROM field_issues")).toEqual({
      value: "10/28/2026",
      message: "Ngày trái với thứ tự ngày/tháng của cả tệp (dd/mm): tháng lớn hơn 12",
    });
    w.close();
  });
});

describe("updates merge, they never erase", () => {
  it("a later export with fewer columns keeps the stored values of the columns it lacks", async () => {
    const w = await memoryWarehouse();
    await ingestFile(
      w,
      scratch.file(
        "full.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Ngày đóng", "Đánh giá", "Ghi chú nội bộ"],
          ["P1", "01/10/2026 08:00", "Email", "03/10/2026 17:00", "5", "gọi lại"],
        ]),
      ),
      { today },
    );
    const s = await ingestFile(
      w,
      scratch.file(
        "narrow.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Mã nội bộ"],
          ["P1", "01/10/2026 08:00", "Hotline", "X-9"],
        ]),
      ),
      { today },
    );
    expect(s).toMatchObject({ rowsUpdated: 1, rowsInserted: 0 });
    expect(
      await w.one("SELECT channel, strftime(closed_at, '%d/%m/%Y %H:%M') AS closed, csat, extra FROM tickets"),
    ).toEqual({
      channel: "hotline",
      closed: "03/10/2026 17:00",
      csat: 5,
      extra: JSON.stringify({ "Ghi chú nội bộ": "gọi lại", "Mã nội bộ": "X-9" }),
    });
    w.close();
  });

  it("a cell the later export garbles keeps the stored value, and the issue is listed", async () => {
    const w = await memoryWarehouse();
    const h = ["Mã phiếu", "Ngày tiếp nhận", "Đánh giá"];
    await ingestFile(w, scratch.file("a.csv", csv([h, ["P1", "01/10/2026", "5"]])), { today });
    await ingestFile(w, scratch.file("b.csv", csv([h, ["P1", "01/10/2026", "năm"]])), { today });
    expect(await w.one("SELECT csat FROM tickets")).toEqual({ csat: 5 });
    expect(await w.all("SELECT file_name, reason FROM field_issues")).toEqual([
      { file_name: "b.csv", reason: "bad_number" },
    ]);
    // A third export reads it again: the old issue is gone.
    await ingestFile(w, scratch.file("c.csv", csv([h, ["P1", "01/10/2026", "4"]])), { today });
    expect(await w.one("SELECT csat, (SELECT count(*) FROM field_issues) AS issues FROM tickets")).toEqual({
      csat: 4,
      issues: 0,
    });
    w.close();
  });
});

describe("keys that mean the same thing", () => {
  const header = ["Ngày trả lời", "Mức độ hài lòng chung", "Góp ý"];
  it("without a response id: two customers on the same day are two; a re-export with ISO dates is the same two", async () => {
    const w = await memoryWarehouse();
    const dmy = csv([
      header,
      ["05/11/2026 09:00", "5", "Tốt"],
      ["05/11/2026 09:00", "2", "Chậm"],
      ["05/11/2026 10:00", "4", ""],
    ]);
    const iso = csv([
      header,
      ["2026-11-05 09:00:00", "5", "Tốt"],
      ["2026-11-05 09:00:00", "2", "Chậm"],
      ["2026-11-05 10:00:00", "4", ""],
    ]);
    expect(await ingestFile(w, scratch.file("dmy.csv", dmy), { today, kind: "survey" })).toMatchObject({
      rowsAccepted: 3,
      rowsInserted: 3,
    });
    expect(await ingestFile(w, scratch.file("iso.csv", iso), { today, kind: "survey" })).toMatchObject({
      rowsAccepted: 3,
      rowsInserted: 0,
      rowsUpdated: 3,
    });
    expect(await w.one("SELECT count(*) AS n FROM survey_responses")).toEqual({ n: 3 });
    w.close();
  });

  it("two identical sheets in one file are an exact repeat, rejected as such; a re-import changes nothing", async () => {
    const w = await memoryWarehouse();
    const twins = csv([header, ["05/11/2026", "5", "Tốt"], ["05/11/2026", "5", "Tốt"]]);
    expect(await ingestFile(w, scratch.file("twins.csv", twins), { today, kind: "survey" })).toMatchObject({
      rowsAccepted: 1,
      rowsRejected: 1,
      rejectsByReason: { duplicate_row: 1 },
    });
    await ingestFile(w, scratch.file("twins-again.csv", twins + "\n"), { today, kind: "survey" });
    expect(await w.one("SELECT count(*) AS n FROM survey_responses")).toEqual({ n: 1 });
    w.close();
  });
});

describe("unrecognised values are listed, and a mapping re-derives stored records without re-importing", () => {
  it("haumai values lists them with counts; --mapping classifies the stored tickets from their originals", async () => {
    const { runCli } = await import("../helpers.ts");
    const { join } = await import("node:path");
    const db = join(scratch.dir, "values.duckdb");
    const rows = [
      ["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Kênh"],
      ["L1", "01/10/2026", "Lắp đặt", "Bồ câu"],
      ["L2", "02/10/2026", "Lắp đặt máy mới", "Hotline"],
      ["L3", "02/10/2026", "Bảo hành", "Hotline"],
    ];
    expect((await runCli(["ingest", scratch.file("lap-dat.csv", csv(rows)), "--db", db])).code).toBe(0);

    const listed = await runCli(["values", "--db", db, "--json"]);
    expect(JSON.parse(listed.out).unrecognised).toEqual([
      { kind: "tickets", field: "channel", value: "Bồ câu", reason: "unknown_value", records: 1, files: 1 },
      { kind: "tickets", field: "request_type", value: "Lắp đặt", reason: "unknown_value", records: 1, files: 1 },
      {
        kind: "tickets",
        field: "request_type",
        value: "Lắp đặt máy mới",
        reason: "unknown_value",
        records: 1,
        files: 1,
      },
    ]);
    const text = await runCli(["values", "--db", db]);
    expect(text.out).toContain('tickets.request_type  "Lắp đặt"  1 phiếu, 1 tệp — không có trong danh mục');

    const mapping = scratch.file(
      "lap-dat.json",
      JSON.stringify({ values: { request_type: { "Lắp đặt": "maintenance" } } }),
    );
    const applied = await runCli(["values", "--db", db, "--mapping", mapping, "--json"]);
    // "Lắp đặt máy mới" contains the newly taught phrase: it is classified too.
    expect(JSON.parse(applied.out)).toEqual({
      changed: { channel: 0, request_type: 2, warranty_status: 0, service_location: 0, outcome: 0 },
      unrecognised: [
        { kind: "tickets", field: "channel", value: "Bồ câu", reason: "unknown_value", records: 1, files: 1 },
      ],
    });
    const { Warehouse } = await import("../../loaders/warehouse/database.ts");
    const w = await Warehouse.open(db, { readOnly: true });
    expect(await w.all("SELECT ticket_id, request_type, request_type_raw FROM tickets ORDER BY 1")).toEqual([
      { ticket_id: "L1", request_type: "maintenance", request_type_raw: "Lắp đặt" },
      { ticket_id: "L2", request_type: "maintenance", request_type_raw: "Lắp đặt máy mới" },
      { ticket_id: "L3", request_type: "warranty", request_type_raw: "Bảo hành" },
    ]);
    w.close();
    // A later export without the mapping still knows the spelling the warehouse was taught.
    await runCli([
      "ingest",
      scratch.file("later.csv", csv([rows[0], ["L4", "03/10/2026", "Lắp đặt", "Email"]])),
      "--db",
      db,
    ]);
    const w2 = await Warehouse.open(db, { readOnly: true });
    expect(await w2.one("SELECT request_type FROM tickets WHERE ticket_id = 'L4'")).toEqual({
      request_type: "maintenance",
    });
    w2.close();
  });
});

describe("the summary says what happened to every row", () => {
  it("lists field issues by reason, and marks a file where most rows were rejected with ⚠, not ✔", async () => {
    const { runCli } = await import("../helpers.ts");
    const { join } = await import("node:path");
    const db = join(scratch.dir, "summary.duckdb");
    const mostlyBad = scratch.file(
      "mostly-bad.csv",
      csv([
        ["Mã phiếu", "Ngày tiếp nhận", "Đánh giá"],
        ["B1", "sai", "5"],
        ["B2", "", "5"],
        ["B3", "01/10/2026", "5 sao"],
        ["B4", "01/10/2026", "mười"],
      ]),
    );
    const half = await runCli(["ingest", mostlyBad, "--db", db]);
    expect(half.code).toBe(0);
    expect(half.out).toContain("✔ ");
    expect(half.out).toContain("vấn đề ở từng ô (giữ phiếu, để trống ô đó): bad_number 1");
    const worse = scratch.file(
      "worse.csv",
      csv([
        ["Mã phiếu", "Ngày tiếp nhận"],
        ["W1", "sai"],
        ["W2", "sai nữa"],
        ["W3", "01/10/2026"],
      ]),
    );
    const io = await runCli(["ingest", worse, "--db", db, "--json"]);
    const first = JSON.parse(io.out).files[0];
    expect(first).toMatchObject({
      rowsRead: 3,
      rowsAccepted: 1,
      rowsRejected: 2,
      mostlyRejected: true,
    });
    const text = await runCli(["ingest", worse, "--db", db, "--force"]);
    expect(text.out).toMatch(/^⚠ .*worse\.csv.*đọc 3 = nhận 1 \+ loại 2/m);
    expect(text.out).toContain("quá nửa số dòng bị loại");
    // Loaded again on purpose: the summary names the import it repeats.
    expect(text.out).toContain(`nạp lại tệp đã nạp ở lần nạp #${first.importId} (--force)`);
  });
});

describe("hostile-tester cases", () => {
  it("times as offices write them, amounts with decimals or 'Miễn phí', and no NaN", async () => {
    const w = await memoryWarehouse();
    const rows = [
      ["Mã phiếu", "Ngày tiếp nhận", "Chi phí", "Đánh giá"],
      ["H1", "15/10/2026 8h30", "1.250.000,50 ₫", "⭐⭐⭐⭐"],
      ["H2", "16/10/2026 2:05 CH", "1,250,000.00", "5"],
      ["H3", "16/10/2026 8:05 SA", "Miễn phí", "4"],
      ["H4", "16/10/2026 14:05:00.000", "NaN", "Infinity"],
      ["H5", "16/10/2026 09:00", "99999999999999999999", "3"],
    ];
    const s = await ingestFile(w, scratch.file("hostile.csv", csv(rows)), { today });
    expect(s).toMatchObject({
      rowsAccepted: 5,
      rowsRejected: 0,
      fieldIssuesByReason: { bad_number: 1, out_of_range: 1, implausible_amount: 1 },
    });
    expect(
      await w.all(
        "SELECT ticket_id, strftime(received_at, '%d/%m %H:%M') AS t, charge_vnd, csat FROM tickets ORDER BY 1",
      ),
    ).toEqual([
      { ticket_id: "H1", t: "15/10 08:30", charge_vnd: 1250000.5, csat: 4 },
      { ticket_id: "H2", t: "16/10 14:05", charge_vnd: 1250000, csat: 5 },
      { ticket_id: "H3", t: "16/10 08:05", charge_vnd: 0, csat: 4 },
      { ticket_id: "H4", t: "16/10 14:05", charge_vnd: null, csat: null },
      { ticket_id: "H5", t: "16/10 09:00", charge_vnd: null, csat: 3 },
    ]);
    w.close();
  });

  it("a later export never erases: empty or unclassified cells keep the stored value; a new coded column keeps its original text", async () => {
    const w = await memoryWarehouse();
    const h = ["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Đánh giá"];
    await ingestFile(w, scratch.file("e1.csv", csv([h, ["E1", "01/10/2026", "Hotline", "5"]])), { today });
    await ingestFile(w, scratch.file("e2.csv", csv([h, ["E1", "01/10/2026", "???", ""]])), { today });
    expect(await w.one("SELECT channel, channel_raw, csat FROM tickets")).toEqual({
      channel: "hotline",
      channel_raw: "Hotline",
      csat: 5,
    });
    await ingestFile(
      w,
      scratch.file(
        "e3.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận", "Kết quả"],
          ["E1", "01/10/2026", "Mở"],
        ]),
      ),
      { today },
    );
    expect(await w.one("SELECT outcome, outcome_raw FROM tickets")).toEqual({ outcome: null, outcome_raw: "Mở" });
    w.close();
  });
});
