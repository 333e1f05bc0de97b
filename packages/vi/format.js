// vi-VN formats, one definition for the pages, the CLI and the report files: 1.234,5 · 85,3% · 31/10/2026.
const number = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 1});
const utcDateTime = new Intl.DateTimeFormat("vi-VN", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC"
});
const localDateTime = new Intl.DateTimeFormat("vi-VN", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Asia/Ho_Chi_Minh"
});

/** 1234.5 → "1.234,5"; null → "–". */
export function formatNumber(value) {
  return value == null ? "–" : number.format(value);
}

/** 0.853 → "85,3%". */
export function formatPercent(value) {
  return value == null ? "–" : `${number.format(value * 100)}%`;
}

/** Working minutes as the centre speaks of them: minutes, hours, or working days of 8 hours. */
export function formatMinutes(value) {
  if (value == null) return "–";
  if (value < 60) return `${Math.round(value)} phút`;
  if (value < 480) return `${number.format(value / 60)} giờ`;
  return `${number.format(value / 480)} ngày LV`;
}

/** Calendar minutes: minutes, hours or days of 24 hours. */
export function formatCalendarMinutes(value) {
  if (value == null) return "–";
  if (value < 60) return `${Math.round(value)} phút`;
  if (value < 1440) return `${number.format(value / 60)} giờ`;
  return `${number.format(value / 1440)} ngày`;
}

/**
 * Date-times from the loaders. Warehouse timestamps are Asia/Ho_Chi_Minh wall time and
 * arrive as "…Z" strings; TIMESTAMPTZ values (import times) are real instants: wallTime false.
 */
export function formatDateTime(value, {wallTime = true} = {}) {
  if (value == null) return "–";
  return (wallTime ? utcDateTime : localDateTime).format(new Date(value));
}

/** "2026-10" → "Tháng 10/2026". */
export function formatMonth(month) {
  if (!month) return "–";
  const [y, m] = month.split("-");
  return `Tháng ${Number(m)}/${y}`;
}

/** "2026-10-05" → "05/10/2026". */
export function formatDay(day) {
  return day ? day.split("-").reverse().join("/") : "–";
}

/** "2026-10-05 09:12" (a loader's wall-time text) → "05/10/2026 09:12". */
export function formatStamp(stamp) {
  if (!stamp) return "–";
  const [day, time] = String(stamp).split(/[ T]/);
  return time ? `${formatDay(day)} ${time.slice(0, 5)}` : formatDay(day);
}

const kinds = {tickets: "Phiếu dịch vụ", survey: "Phiếu khảo sát", customers: "Khách hàng"};
export const kindLabel = (kind) => kinds[kind] ?? kind;

/** Canonical codes as the centre names them. */
export const codeLabels = {
  hotline: "Hotline",
  email: "E-mail",
  web: "Website",
  social: "Mạng xã hội",
  marketplace: "Sàn TMĐT",
  sales: "NV kinh doanh",
  technician: "Kỹ thuật viên",
  walk_in: "Trực tiếp",
  other: "Khác",
  complaint: "Khiếu nại",
  new_contract: "Hợp đồng mới",
  warranty: "Bảo hành",
  repair: "Sửa chữa",
  maintenance: "Bảo trì",
  consultation: "Tư vấn kỹ thuật",
  in_warranty: "Còn bảo hành",
  out_of_warranty: "Hết bảo hành",
  contract: "Hợp đồng",
  center: "Tại trung tâm",
  onsite: "Tại chỗ",
  fixed: "Đã sửa",
  replaced: "Thay mới",
  not_fixed: "Không sửa được",
  no_fault_found: "Không lỗi",
  cancelled: "Đã hủy"
};
export const codeLabel = (code) => (code == null ? "(trống)" : (codeLabels[code] ?? code));

/** "2026-01" shifted by −1 → "2025-12": last month and the same month last year. */
export function shiftMonth(month, by) {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** A p-value: "p < 0,001" or "p = 0,023". */
export function formatP(p) {
  return p < 0.001 ? "p < 0,001" : `p = ${p.toLocaleString("vi-VN", {maximumFractionDigits: 3})}`;
}
