import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { Random } from "./random.ts";
import type { DemoTicket } from "./tickets.ts";
import type { DemoCustomer } from "./customers.ts";
import type { DemoResponse } from "./surveys.ts";
import type { SurveyDefinition } from "../survey/definition.ts";
import { encodeWindows1258 } from "../text/windows1258.ts";

const pad = (n: number) => String(n).padStart(2, "0");
/** dd/mm/yyyy HH:mm, as the centre's ticket system exports it. */
export const viDateTime = (t?: Date) =>
  t
    ? `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
    : "";
const viDate = (t: Date) => viDateTime(t).slice(0, 10);

export function csvLine(cells: (string | number | undefined)[], delimiter: string): string {
  return cells
    .map((cell) => {
      const text = cell === undefined ? "" : String(cell);
      return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(delimiter);
}

export const ticketHeaders = [
  "Mã phiếu",
  "Ngày tiếp nhận",
  "Kênh",
  "Phân loại",
  "Mã KH",
  "Tên KH",
  "Nhóm KH",
  "Khu vực",
  "Model",
  "Nhóm SP",
  "Số serial",
  "Tình trạng BH",
  "Nơi sửa chữa",
  "Thời điểm phản hồi",
  "Ngày nhận máy",
  "Ngày hẹn trả",
  "Ngày sửa xong",
  "Thời gian chờ linh kiện (giờ)",
  "Ngày trả máy",
  "Ngày đóng",
  "Kỹ thuật viên",
  "Kết quả",
  "Lỗi",
  "Chi phí",
  "Đánh giá",
  "Nhận xét",
  "Người tiếp nhận",
];
const column = (header: string) => ticketHeaders.indexOf(header);

/** A ticket as an export taken at `asOf` shows it: what had not happened yet is empty. */
function ticketCells(t: DemoTicket, asOf: Date): (string | number | undefined)[] {
  const seen = (x?: Date) => (x && x < asOf ? viDateTime(x) : "");
  const closed = Boolean(t.closedAt && t.closedAt < asOf);
  return [
    t.id,
    viDateTime(t.receivedAt),
    t.channel,
    t.requestType,
    t.customer.id,
    t.customer.name,
    t.customer.segment,
    t.customer.region,
    t.model,
    t.category,
    t.serial,
    t.warranty,
    t.location,
    seen(t.firstResponseAt),
    seen(t.productReceivedAt),
    // The promise is made when the device is received; the wait for parts is known once it is repaired.
    t.promisedAt && t.productReceivedAt && t.productReceivedAt < asOf ? viDate(t.promisedAt) : "",
    seen(t.repairedAt),
    t.onHoldHours !== undefined && t.repairedAt && t.repairedAt < asOf ? t.onHoldHours.toLocaleString("vi-VN") : "",
    seen(t.deliveredAt),
    seen(t.closedAt),
    t.technician,
    t.repairedAt && t.repairedAt < asOf ? t.outcome : "",
    t.fault,
    closed && t.charge !== undefined ? t.charge.toLocaleString("vi-VN") : "",
    closed ? t.csat : "",
    closed ? t.comment : "",
    "Tổng đài viên",
  ];
}

/** The awkward rows every real export has a few of; each ends up in `rejects` with its reason. */
function spoil(random: Random, cells: (string | number | undefined)[], previousId: string): void {
  switch (random.int(0, 5)) {
    case 0:
      cells[column("Ngày tiếp nhận")] = "31/02/2025 09:00";
      break; // no such day
    case 1:
      cells[column("Mã phiếu")] = "";
      break; // no ticket number
    case 2:
      cells[column("Đánh giá")] = 6;
      break; // rating outside 1–5
    case 3:
      cells[column("Ngày đóng")] = "01/01/2024 08:00";
      break; // closed before received
    case 4:
      cells[column("Phân loại")] = "Khác";
      break; // unknown request type
    case 5:
      cells[column("Mã phiếu")] = previousId;
      break; // the same number twice in one file
  }
}

/**
 * Quarterly ticket exports as the centre takes them: each holds the tickets received in
 * the quarter and the older ones that changed in it (so later exports update earlier
 * rows), in the state they had at the quarter's end. One quarter comes out of an old
 * Windows machine as Windows-1258 with semicolons.
 */
export function writeTicketExports(dir: string, random: Random, tickets: DemoTicket[], end: Date): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const first = tickets[0].receivedAt;
  for (let y = first.getUTCFullYear(), q = Math.floor(first.getUTCMonth() / 3); ; q++) {
    if (q === 4) {
      q = 0;
      y++;
    }
    const from = new Date(Date.UTC(y, q * 3, 1));
    if (from >= end) break;
    const to = new Date(Math.min(Date.UTC(y, q * 3 + 3, 1), end.getTime()));
    const changed = (t: DemoTicket) =>
      [t.receivedAt, t.firstResponseAt, t.productReceivedAt, t.repairedAt, t.deliveredAt, t.closedAt].some(
        (x) => x && x >= from && x < to,
      );
    const rows = tickets.filter((t) => t.receivedAt < to && changed(t)).map((t) => ticketCells(t, to));
    for (let i = 1; i < rows.length; i++) if (random.chance(0.0015)) spoil(random, rows[i], String(rows[i - 1][0]));
    const ansi = y === 2025 && q === 1;
    const delimiter = ansi ? ";" : ",";
    const text = [ticketHeaders, ...rows].map((r) => csvLine(r, delimiter)).join("\r\n") + "\r\n";
    const name = join(dir, `phieu-dich-vu-${y}-Q${q + 1}.csv`);
    writeFileSync(name, ansi ? encodeWindows1258(text) : "\ufeff" + text);
    files.push(name);
  }
  return files;
}

export function writeSurveyExport(
  file: string,
  definition: SurveyDefinition,
  responses: DemoResponse[],
  random: Random,
): void {
  const headers = [
    "Mã KH",
    "Tên khách hàng",
    "Người trả lời",
    "Nhóm KH",
    "Khu vực",
    "Dòng sản phẩm",
    "Ngày khảo sát",
    ...definition.questions.map((q) => `${q.id}. ${q.text}`),
    "Mức độ hài lòng chung",
    "Khả năng giới thiệu (0-10)",
    "Góp ý",
  ];
  const rows = responses.map((r) => [
    r.customer.id,
    r.customer.name,
    r.respondent,
    r.customer.segment,
    r.customer.region,
    r.customer.productLine,
    viDate(r.submittedAt),
    ...definition.questions.map((q) => r.answers[q.id]),
    r.overall,
    r.nps,
    r.comment,
  ]);
  // Two hand-typed mistakes a wave: an answer outside the scale and a date that does not exist.
  if (rows.length > 10) {
    rows[random.int(0, 4)][7 + random.int(0, definition.questions.length - 1)] = 6;
    rows[random.int(5, 9)][6] = "30/02/2026";
  }
  writeFileSync(file, "\ufeff" + [headers, ...rows].map((r) => csvLine(r, ",")).join("\r\n") + "\r\n");
}

export async function writeCustomerList(file: string, customers: DemoCustomer[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  // Fixed document dates, so the same seed gives the same bytes.
  workbook.created = workbook.modified = new Date(Date.UTC(2026, 10, 1));
  const sheet = workbook.addWorksheet("Khách hàng");
  sheet.addRow(["DANH SÁCH KHÁCH HÀNG DOANH NGHIỆP"]);
  sheet.addRow(["Mã KH", "Tên khách hàng", "Nhóm KH", "Khu vực", "Dòng sản phẩm"]);
  for (const c of customers) sheet.addRow([c.id, c.name, c.segment, c.region, c.productLine]);
  await workbook.xlsx.writeFile(file);
}
