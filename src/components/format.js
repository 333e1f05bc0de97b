// vi-VN formats used by every page: 1.234,5 and 31/10/2026.
const numberFormat = new Intl.NumberFormat("vi-VN");
const dateTimeFormat = new Intl.DateTimeFormat("vi-VN", {day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh"});

/** 1234.5 → "1.234,5"; null → "–". */
export function formatNumber(value) {
  return value == null ? "–" : numberFormat.format(value);
}

/**
 * ISO strings from the loaders: naive warehouse timestamps come as "…Z" holding
 * Asia/Ho_Chi_Minh wall time, TIMESTAMPTZ values as real instants.
 */
export function formatDateTime(value, {wallTime = true} = {}) {
  if (value == null) return "–";
  const date = new Date(value);
  return wallTime
    ? new Intl.DateTimeFormat("vi-VN", {day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC"}).format(date)
    : dateTimeFormat.format(date);
}

const kinds = {tickets: "Phiếu dịch vụ", survey: "Phiếu khảo sát", customers: "Khách hàng"};

export function kindLabel(kind) {
  return kinds[kind] ?? kind;
}
