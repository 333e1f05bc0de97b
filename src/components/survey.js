import {html} from "htl";
import {formatNumber, formatP, formatPercent} from "@haumai/vi";

/** "58,1% (48,5–67,1%)" with a small-sample mark under 30 answers. */
export function shareWithInterval(value, ci, small) {
  if (value == null) return "–";
  const interval = ci ? ` (${formatNumber(ci[0] * 100)}–${formatPercent(ci[1])})` : "";
  return `${formatPercent(value)}${interval}${small ? " ⚠" : ""}`;
}

/**
 * A change against another wave, shown only when the two-proportion z-test says it is
 * significant (p < 0,05); otherwise "không đổi" (the difference may be noise).
 */
export function changeMark(test) {
  if (!test) return html`<span class="muted">–</span>`;
  if (!test.significant) return html`<span class="muted">không đổi có ý nghĩa</span>`;
  return html`<span class=${test.delta > 0 ? "good" : "bad"}>${test.delta > 0 ? "▲" : "▼"} ${formatNumber(Math.abs(test.delta) * 100)} điểm % (${formatP(test.p)})</span>`;
}
