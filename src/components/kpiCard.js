import {html} from "htl";

/**
 * A headline KPI: its value this month, the change against last month and the same
 * month last year, and whether it meets the target. `better` says which direction is good.
 */
export function kpiCard({title, value, previous, lastYear, format, delta = (a, b) => a - b, formatDelta = format, met, target, note, better = "higher"}) {
  const change = (other, label) => {
    if (value == null || other == null) return html`<span class="muted">${label}: –</span>`;
    const d = delta(value, other);
    const good = d === 0 || better === "neutral" ? null : (d > 0) === (better === "higher");
    const sign = d > 0 ? "▲" : d < 0 ? "▼" : "■";
    return html`<span class=${good === null ? "muted" : good ? "good" : "bad"}>${label}: ${sign} ${formatDelta(Math.abs(d))}</span>`;
  };
  return html`<div class="card kpi">
    <h2>${title}</h2>
    <span class="big">${format(value)}</span>
    ${target == null ? "" : met == null ? html`<span class="badge muted" title="Dữ liệu tháng này chưa đủ để đo chỉ số: không tính là đạt hay không đạt">chưa đo được</span>` : html`<span class=${`badge ${met ? "good" : "bad"}`}>${met ? "Đạt" : "Không đạt"}</span>`}
    <div class="deltas">${change(previous, "so với tháng trước")}<br>${change(lastYear, "so với cùng kỳ")}</div>
    ${target ? html`<div class="muted small">Mục tiêu: ${target}</div>` : ""}
    ${note ? html`<div class="muted small">${note}</div>` : ""}
  </div>`;
}
