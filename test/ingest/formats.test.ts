import { afterAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { encodeWindows1258 } from "../../loaders/text/windows1258.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const header = ["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Phân loại", "Tên KH", "Nhận xét"];
const rows = [
  ["P1", "01/03/2026 08:00", "Hotline", "Bảo hành", "Công ty Ánh Dương", "Sửa nhanh, tốt"],
  ["P2", "02/03/2026 09:15", "Zalo", "Sửa chữa", "Trường THPT Đông Á", 'Kỹ thuật viên "rất" nhiệt tình'],
];

async function load(name: string, content: string | Buffer, options = {}) {
  const warehouse = await memoryWarehouse();
  const summary = await ingestFile(warehouse, scratch.file(name, content), options);
  const tickets = await warehouse.all<{
    ticket_id: string;
    customer_name: string;
    channel: string;
    request_type: string;
    csat_comment: string;
  }>("SELECT ticket_id, customer_name, channel, request_type, csat_comment FROM tickets ORDER BY ticket_id");
  warehouse.close();
  return { summary, tickets };
}

const expected = [
  {
    ticket_id: "P1",
    customer_name: "Công ty Ánh Dương",
    channel: "hotline",
    request_type: "warranty",
    csat_comment: "Sửa nhanh, tốt",
  },
  {
    ticket_id: "P2",
    customer_name: "Trường THPT Đông Á",
    channel: "social",
    request_type: "repair",
    csat_comment: 'Kỹ thuật viên "rất" nhiệt tình',
  },
];

describe("delimiters are sniffed", () => {
  for (const [name, delimiter] of [
    ["comma", ","],
    ["semicolon", ";"],
    ["tab", "\t"],
    ["pipe", "|"],
  ] as const) {
    it(name, async () => {
      const { summary, tickets } = await load(`${name}.csv`, csv([header, ...rows], delimiter));
      expect(summary.delimiter).toBe(delimiter);
      expect(tickets).toEqual(expected);
    });
  }
});

describe("encodings", () => {
  const text = csv([header, ...rows], ";", "\r\n");
  it("UTF-8 with BOM", async () => {
    const { summary, tickets } = await load("bom.csv", "\ufeff" + text);
    expect(summary.encoding).toBe("utf-8");
    expect(tickets).toEqual(expected);
  });
  it("UTF-16 LE with BOM (Excel 'Unicode text', tab-separated)", async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(csv([header, ...rows], "\t", "\r\n"), "utf16le"),
    ]);
    const { summary, tickets } = await load("unicode.txt", utf16);
    expect(summary.encoding).toBe("utf-16le");
    expect(tickets).toEqual(expected);
  });
  it("UTF-16 BE with BOM", async () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf16be")]);
    const { summary, tickets } = await load("be.csv", be);
    expect(summary.encoding).toBe("utf-16be");
    expect(tickets).toEqual(expected);
  });
  it("Windows-1258 (tone marks as combining characters) comes out NFC", async () => {
    const bytes = encodeWindows1258(text);
    expect(bytes.includes(Buffer.from("Ánh", "utf8"))).toBe(false); // really not UTF-8
    const { summary, tickets } = await load("ansi.csv", bytes);
    expect(summary.encoding).toBe("windows-1258");
    expect(tickets).toEqual(expected);
    expect(tickets[0].customer_name.normalize("NFC")).toBe(tickets[0].customer_name);
  });
  it("--encoding forces the code page", async () => {
    const { summary, tickets } = await load("forced.csv", encodeWindows1258(text), { encoding: "windows-1258" });
    expect(summary.encoding).toBe("windows-1258");
    expect(tickets).toEqual(expected);
  });
  it("decomposed (NFD) UTF-8 headers and values are matched and stored as NFC", async () => {
    const { tickets } = await load("nfd.csv", text.normalize("NFD"));
    expect(tickets).toEqual(expected);
  });
});

describe("header variants", () => {
  it("without tone marks, upper case, odd spacing, other order; unknown columns kept per row", async () => {
    const content = csv([
      ["  NGAY TIEP NHAN ", "kenh", "Ghi chú nội bộ", "ma_phieu", "PHAN LOAI"],
      ["01/03/2026 08:00", "Email", "gọi lại sau", "E1", "Tư vấn"],
    ]);
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, scratch.file("plain.csv", content));
    expect(summary.unmappedColumns).toEqual(["Ghi chú nội bộ"]);
    const [row] = await warehouse.all<{ ticket_id: string; channel: string; request_type: string; extra: string }>(
      "SELECT ticket_id, channel, request_type, extra FROM tickets",
    );
    expect(row).toEqual({
      ticket_id: "E1",
      channel: "email",
      request_type: "consultation",
      extra: '{"Ghi chú nội bộ":"gọi lại sau"}',
    });
    warehouse.close();
  });
  it("English headers", async () => {
    const content = csv([
      ["Ticket ID", "Received At", "Channel", "Request Type", "Serial No", "CSAT"],
      ["T9", "2026-03-01 08:00:00", "Shopee", "Warranty", "SN-1", "4"],
    ]);
    const warehouse = await memoryWarehouse();
    await ingestFile(warehouse, scratch.file("english.csv", content));
    expect(
      await warehouse.all("SELECT ticket_id, channel, channel_raw, request_type, serial_no, csat FROM tickets"),
    ).toEqual([
      {
        ticket_id: "T9",
        channel: "marketplace",
        channel_raw: "Shopee",
        request_type: "warranty",
        serial_no: "SN-1",
        csat: 4,
      },
    ]);
    warehouse.close();
  });
  it("title rows above the header are skipped and line numbers still point into the file", async () => {
    const content =
      "BÁO CÁO PHIẾU DỊCH VỤ\nXuất ngày 01/04/2026\n\n" +
      csv([
        ["Mã phiếu", "Ngày tiếp nhận"],
        ["A1", "01/03/2026"],
        ["A2", "ngày lạ"],
      ]);
    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, scratch.file("title.csv", content));
    expect(summary.rowsAccepted).toBe(1);
    expect(await warehouse.all("SELECT line, value, reason FROM rejects")).toEqual([
      { line: 6, value: "ngày lạ", reason: "bad_date" },
    ]);
    warehouse.close();
  });
});

describe("date-time forms (naive times are Asia/Ho_Chi_Minh)", () => {
  const cases: [string, string][] = [
    ["01/03/2026 08:05", "2026-03-01 08:05:00"],
    ["1/3/2026 8:05", "2026-03-01 08:05:00"],
    ["01/03/2026 08:05:30", "2026-03-01 08:05:30"],
    ["01/03/2026", "2026-03-01 00:00:00"],
    ["2026-03-01 08:05", "2026-03-01 08:05:00"],
    ["2026-03-01 08:05:30", "2026-03-01 08:05:30"],
    ["2026-03-01", "2026-03-01 00:00:00"],
    ["2026-03-01T01:05:00Z", "2026-03-01 08:05:00"],
    ["2026-03-01T08:05:00+07:00", "2026-03-01 08:05:00"],
    ["2026-02-28T20:05:00-05:00", "2026-03-01 08:05:00"],
    ["46082.3368055556", "2026-03-01 08:05:00"],
    ["46082", "2026-03-01 00:00:00"],
  ];
  it.each(cases)("%s → %s", async (text, local) => {
    const warehouse = await memoryWarehouse();
    await ingestFile(
      warehouse,
      scratch.file(
        "dates.csv",
        csv([
          ["Mã phiếu", "Ngày tiếp nhận"],
          ["D1", text],
        ]),
      ),
    );
    const row = await warehouse.one<{ t: string }>(
      "SELECT strftime(received_at, '%Y-%m-%d %H:%M:%S') AS t FROM tickets",
    );
    expect(row?.t).toBe(local);
    warehouse.close();
  });
});

describe("XLSX", () => {
  it("reads the first sheet (or --sheet), dates and numbers as cells, line = Excel row", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Ghi chú").addRow(["không phải dữ liệu"]);
    const sheet = workbook.addWorksheet("Phiếu");
    sheet.addRow(["DANH SÁCH PHIẾU THÁNG 3/2026"]);
    sheet.addRow(["Mã phiếu", "Ngày tiếp nhận", "Chi phí", "Đánh giá"]);
    sheet.addRow(["X1", new Date(Date.UTC(2026, 2, 1, 8, 5)), 1500000, 5]);
    sheet.addRow([]);
    sheet.addRow(["X2", "ngày sai", 0, 9]);
    const path = scratch.file("phieu.xlsx", Buffer.from(await workbook.xlsx.writeBuffer()));

    const warehouse = await memoryWarehouse();
    const summary = await ingestFile(warehouse, path, { sheet: "Phiếu" });
    expect(summary).toMatchObject({ encoding: "xlsx", sheet: "Phiếu", rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(
      await warehouse.all(
        "SELECT ticket_id, strftime(received_at, '%d/%m/%Y %H:%M') AS t, charge_vnd, csat FROM tickets",
      ),
    ).toEqual([{ ticket_id: "X1", t: "01/03/2026 08:05", charge_vnd: 1500000, csat: 5 }]);
    expect(await warehouse.all("SELECT line, column_name, reason FROM rejects ORDER BY reason")).toEqual([
      { line: 5, column_name: "Ngày tiếp nhận", reason: "bad_date" },
      { line: 5, column_name: "Đánh giá", reason: "out_of_range" },
    ]);
    warehouse.close();
  });
});

describe("cells with blanks around them", () => {
  it("are trimmed before they are matched, parsed or stored", async () => {
    const content = csv([
      ["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Phân loại", "Đánh giá"],
      [" P7 ", " 01/03/2026 08:00", "Hotline ", "  Bảo hành", " 4 "],
    ]);
    const { tickets } = await load("padded.csv", content);
    expect(tickets).toEqual([
      { ticket_id: "P7", customer_name: null, channel: "hotline", request_type: "warranty", csat_comment: null },
    ]);
  });
});
