// A KPI's value, target, status and reasons in Vietnamese: the registry (loaders/kpi/registry.ts) and the engine
// return codes and numbers; the pages, the CLI and the report files all say them with these functions.
import {formatCalendarMinutes, formatDay, formatMinutes, formatNumber, formatPercent} from "./format.js";

/** A value in its unit: share → "85,3%", minutes → working time, calendar_minutes → calendar time, count. */
export function formatKpi(unit, value) {
  if (unit === "share") return formatPercent(value);
  if (unit === "minutes") return formatMinutes(value);
  if (unit === "calendar_minutes") return formatCalendarMinutes(value);
  return formatNumber(value);
}

/** A change between two values of a unit: shares in percentage points. */
export function formatKpiChange(unit, delta) {
  return unit === "share" ? `${formatNumber(delta * 100)} điểm %` : formatKpi(unit, delta);
}

/** A signed change: "+1,2 điểm %", "−15 phút", "0". */
export function formatSignedKpiChange(unit, delta) {
  if (delta == null) return "–";
  // A change that reads as 0 once rounded has no sign: "−0 điểm %" would read as a loss.
  if (roundsToZero(unit, delta)) return formatKpiChange(unit, Math.abs(delta));
  return `${delta > 0 ? "+" : "−"}${formatKpiChange(unit, Math.abs(delta))}`;
}

/** Does a change read as nothing once formatted ("0 điểm %", "0 phút")? It then gets no sign and no arrow. */
export function roundsToZero(unit, delta) {
  const size = formatKpiChange(unit, Math.abs(delta));
  return /^0(\D|$)/.test(size) && !/^0,/.test(size);
}

const precise = new Intl.NumberFormat("vi-VN", {maximumFractionDigits: 2});

/**
 * A value beside its target: as `formatKpi`, but a share that misses (or meets) its target while its rounded
 * figure says the opposite gets two decimals — "84,96%" under a target of 85%, never "85% Không đạt".
 */
export function formatKpiAgainst(unit, value, target) {
  const text = formatKpi(unit, value);
  if (value == null || !target || unit !== "share") return text;
  const meets = (v) => (target.bound === "min" ? v >= target.value : v <= target.value);
  const rounded = Math.round(value * 1000) / 1000;
  return meets(value) === meets(rounded) ? text : `${precise.format(value * 100)}%`;
}

/** {bound: "min", value: 0.9} → "≥ 90%". */
export function formatTarget(target, unit) {
  return target ? `${target.bound === "min" ? "≥" : "≤"} ${formatKpi(unit, target.value)}` : "–";
}

export const statusLabels = {met: "Đạt", missed: "Không đạt", not_measured: "Chưa đo được", no_target: ""};

/** Columns a KPI needs, as the export's users name them. */
export const columnLabels = {
  first_response_at: "thời điểm phản hồi",
  repaired_at: "ngày sửa xong",
  on_hold_hours: "thời gian chờ",
  closed_at: "ngày đóng phiếu",
  delivered_at: "ngày trả máy",
  promised_at: "ngày hẹn trả",
  serial_no: "số serial",
  outcome: "kết quả sửa chữa",
  csat: "đánh giá",
  request_type: "phân loại yêu cầu"
};

const columnText = (columns) =>
  columns
    .map((c) =>
      c
        .split(" / ")
        .map((one) => columnLabels[one] ?? one)
        .join(" hoặc ")
    )
    .join(", ");

/** Why a KPI is not measured, in a sentence fragment: "dữ liệu không có cột ngày sửa xong". */
export function notMeasuredText(notMeasured) {
  if (!notMeasured) return "";
  if (notMeasured.reason === "missing_column") return `dữ liệu không có ${columnText(notMeasured.columns)}`;
  if (notMeasured.reason === "no_cases") return "không có trường hợp nào trong tháng";
  if (notMeasured.reason === "too_few")
    return `chỉ ${formatNumber(notMeasured.n)} trường hợp, cần ít nhất ${formatNumber(notMeasured.min)}`;
  return notMeasured.reason;
}

/** A KPI result as one short status: "Đạt", "Không đạt", "Chưa đo được: …", or "" when it has no target. */
export function statusText(result) {
  if (result.status === "not_measured") return `Chưa đo được: ${notMeasuredText(result.not_measured)}`;
  return statusLabels[result.status] ?? "";
}

/** What a month's figures stand on, as warnings: a partial month, working time without the year's holidays. */
export function coverageNotes(coverage) {
  const notes = [];
  if (!coverage) return notes;
  if (coverage.partial)
    notes.push(`Tháng chưa đủ: dữ liệu từ ${formatDay(coverage.from)} đến ${formatDay(coverage.to)}.`);
  if (!coverage.holidays_known)
    notes.push(
      `Chưa có ngày lễ năm ${coverage.month.slice(0, 4)} trong data/calendar/holidays.csv: giờ làm việc tính không trừ ngày lễ.`
    );
  return notes;
}

const signalText = {
  outside_limits: "điểm ngoài giới hạn kiểm soát",
  run_of_8: "8 tháng liên tiếp cùng phía đường trung tâm",
  trend_of_6: "6 tháng liên tiếp đi một chiều"
};

const monthSpan = (months) =>
  months.length > 1 ? `T${months[0] + 1}–T${months[months.length - 1] + 1}` : `T${months[0] + 1}`;

/** One reason of the annual review, for a KPI of `unit`. */
export function reviewReasonText(reason, unit) {
  const show = (v) => formatKpi(unit, v);
  switch (reason.code) {
    case "missing_column":
      return `dữ liệu không có ${columnText(reason.columns)}`;
    case "too_few_months":
      return `chỉ có ${reason.months} tháng đo được, cần từ ${reason.min} tháng để kết luận`;
    case "annual_short":
      return `giá trị cả năm ${show(reason.annual)} chưa đạt mục tiêu ${formatTarget(reason.target, unit)}`;
    case "months_short":
      return `chỉ đạt ${reason.met}/${reason.with_data} tháng (cần ${reason.needed})`;
    case "worsening":
      return `có tín hiệu xấu đi: ${reason.signals.map((s) => `${signalText[s.rule]} (${monthSpan(s.months)})`).join("; ")}`;
    case "meets":
      return `cả năm ${show(reason.annual)} đạt mục tiêu ${formatTarget(reason.target, unit)}, đạt ${reason.met}/${reason.with_data} tháng, không có tín hiệu xấu đi bất thường`;
    case "stable":
      return `không có tín hiệu xấu đi bất thường trong ${reason.with_data} tháng (trung bình ${show(reason.annual)})`;
    default:
      return reason.code;
  }
}

export const verdictLabels = {
  keep: "Phù hợp: giữ chính sách",
  change: "Chưa phù hợp: đề xuất thay đổi",
  not_measured: "Chưa đo được: không đề xuất"
};

/** The review's verdict with its reasons, as one paragraph. */
export function verdictText(kpi) {
  const lead = kpi.verdict === "keep" ? "Phù hợp" : kpi.verdict === "change" ? "Chưa phù hợp" : "Chưa đo được";
  return `${lead}: ${kpi.reasons.map((r) => reviewReasonText(r, kpi.unit)).join("; ")}.`;
}

/** What a year's review stands on, as warnings: working time without the year's holidays, months not covered whole. */
export function reviewCoverageNotes(year, coverage) {
  const notes = [];
  if (!coverage) return notes;
  if (!coverage.holidays_known)
    notes.push(`Chưa có ngày lễ năm ${year} trong data/calendar/holidays.csv: giờ làm việc tính không trừ ngày lễ.`);
  if (coverage.partial_months.length)
    notes.push(
      `Tháng chưa đủ dữ liệu: ${coverage.partial_months.map((m) => `${Number(m.slice(5))}/${m.slice(0, 4)}`).join(", ")}.`
    );
  return notes;
}

/** A before/after comparison's outcome: a real improvement, a real worsening, noise, or too few months. */
export const changeSignalLabels = {
  improved: "Cải thiện thật (tín hiệu)",
  worsened: "Xấu đi thật (tín hiệu)",
  noise: "Dao động ngẫu nhiên (chưa phải tín hiệu)",
  not_measured: "Chưa đủ số liệu để kết luận"
};

/** How a before/after comparison decides signal or noise, in one sentence (the engine's `method`). */
export const changeMethodText = {
  two_proportions:
    "so sánh hai tỷ lệ ở mức 3 sigma: chênh lệch là tín hiệu khi vượt 3·√(p̄(1 − p̄)(1/n trước + 1/n sau))",
  xmr_means:
    "so sánh trung bình hai giai đoạn ở mức 3 sigma: chênh lệch là tín hiệu khi vượt 2,66·MR̄ trước·√(1/k trước + 1/k sau)"
};

/** "02/2025" from "2025-02" or "2025-02-01". */
export const formatMonthShort = (month) => (month ? `${month.slice(5, 7)}/${month.slice(0, 4)}` : "–");

/** A span of months "02/2024–01/2025". */
const monthRange = (from, to) =>
  from === to ? formatMonthShort(from) : `${formatMonthShort(from)}–${formatMonthShort(to)}`;

/** One side of a before/after comparison: "87,0% (02/2024–01/2025, 12 tháng, 1.234 thiết bị)". */
export function changeSideText(side, unit) {
  const cases = side.n == null ? "" : `, n = ${formatNumber(side.n)}`;
  const provisional = side.provisional ? `, không tính ${side.provisional} tháng tạm tính` : "";
  return `${formatKpi(unit, side.value)} (${monthRange(side.from, side.to)}, ${side.months} tháng có số liệu${cases}${provisional})`;
}

/** The label of a Board change on a chart: "Thay đổi 02/2026". */
export function decisionMarkLabel(decision) {
  return `${decision.decision === "keep" ? "Giữ" : "Thay đổi"} ${formatMonthShort(decision.effective)}`;
}

/** A before/after comparison as one paragraph, for the page, the CLI and the report. */
export function changeEffectText(change, unit) {
  const diff =
    change.delta == null
      ? ""
      : `; chênh lệch ${formatSignedKpiChange(unit, change.delta)}` +
        (change.limit == null ? "" : ` (ngưỡng ±${formatKpiChange(unit, change.limit)})`);
  return (
    `Thay đổi quyết định năm ${change.decision_year}, hiệu lực ${formatDay(change.effective)}` +
    `${change.effective_given ? "" : " (tệp không ghi ngày hiệu lực: tính từ ngày 1 của tháng sau ngày quyết định)"}. ` +
    `Trước: ${changeSideText(change.before, unit)}; sau: ${changeSideText(change.after, unit)}${diff}. ` +
    `Kết luận: ${changeSignalLabels[change.signal].toLowerCase()} — ${changeMethodText[change.method]}.`
  );
}
