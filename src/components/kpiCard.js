import {html} from "htl";
import {
  formatCalendarMinutes,
  formatKpiAgainst,
  formatKpiChange,
  formatMinutes,
  formatNumber,
  formatPercent,
  roundsToZero,
  formatTarget,
  notMeasuredText,
  statusLabels
} from "@haumai/vi";

/** The figures beside a KPI (registry `details`), in the order and words a card shows them. */
const detailFormats = [
  ["median_working_minutes", (v) => `trung vị ${formatMinutes(v)}`],
  ["median_calendar_minutes", (v) => `lịch: ${formatCalendarMinutes(v)}`],
  ["p90_working_minutes", (v) => `P90 ${formatMinutes(v)}`],
  ["gross_calendar_minutes", (v) => `gộp ${formatCalendarMinutes(v)}`],
  ["on_hold_calendar_minutes", (v) => `chờ ${formatCalendarMinutes(v)}`],
  ["returned", (v) => `${formatNumber(v)} quay lại`],
  ["mean", (v) => `điểm TB ${formatNumber(v)}`],
  ["late", (v) => `${formatNumber(v)} trễ hẹn`],
  [">30", (v) => `quá 30 ngày: ${formatNumber(v)}`]
];

/** One line under a KPI: its details, the 95% interval of a share, and n. */
export function kpiNote(info, result) {
  const parts = [];
  for (const [key, format] of detailFormats) {
    const v = result.details?.[key];
    if (v != null && !(key === "median_working_minutes" && info.unit === "minutes")) parts.push(format(v));
  }
  if (result.ci95) parts.push(`KTC 95%: ${formatPercent(result.ci95[0])}–${formatPercent(result.ci95[1])}`);
  if (info.unit === "share") parts.push(`${formatNumber(result.x)}/${formatNumber(result.n)}`);
  else if (info.unit !== "count") parts.push(`n = ${formatNumber(result.n)}`);
  if (result.provisional)
    parts.push(`tạm tính: ${formatNumber(result.details.in_window)} thiết bị còn trong thời gian theo dõi`);
  return parts.join("; ");
}

// Met or missed; a KPI without a target has no badge, and one not measured says so in place of its value.
const badge = (status) =>
  status === "met" || status === "missed"
    ? html`<span class=${`badge ${status === "met" ? "good" : "bad"}`}>${statusLabels[status]}</span>`
    : "";

/**
 * A headline KPI from the registry: its value this month, the change against last month and the same
 * month last year, and its status. A KPI the month cannot measure says "chưa đo được" and why, and
 * shows no value, no change and no verdict. `data-kpi` names the KPI for the browser test.
 */
export function kpiCard(info, result, {previous, lastYear} = {}) {
  const measured = (r) => r && r.status !== "not_measured" && r.value != null;
  const change = (other, label) => {
    if (!measured(result) || !measured(other)) return html`<span class="muted">${label}: –</span>`;
    const d = result.value - other.value;
    // A change that reads as 0 once rounded has no arrow and no colour ("▼ 0 điểm %" would read as a loss).
    const none = roundsToZero(info.unit, d);
    const good = none || info.better === "neutral" ? null : d > 0 === (info.better === "higher");
    const sign = none ? "■" : d > 0 ? "▲" : "▼";
    return html`<span class=${good === null ? "muted" : good ? "good" : "bad"}
      >${label}: ${sign} ${formatKpiChange(info.unit, Math.abs(d))}</span
    >`;
  };
  const notMeasured = result.status === "not_measured";
  return html`<div class="card kpi" data-kpi=${info.id} data-status=${result.status}>
    <h2>${info.label}</h2>
    <span class="big">${notMeasured ? "Chưa đo được" : formatKpiAgainst(info.unit, result.value, info.target)}${result.provisional ? "*" : ""}</span>
    ${notMeasured ? "" : badge(result.status)}
    ${
      notMeasured
        ? html`<div class="muted small not-measured">${notMeasuredText(result.not_measured)}</div>`
        : html`<div class="deltas">${change(previous, "so với tháng trước")}<br />${change(lastYear, "so với cùng kỳ")}</div>`
    }
    ${info.target ? html`<div class="muted small">Mục tiêu: ${formatTarget(info.target, info.unit)}</div>` : ""}
    ${notMeasured ? "" : html`<div class="muted small kpi-note">${kpiNote(info, result)}</div>`}
  </div>`;
}
