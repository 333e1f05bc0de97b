import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {formatNumber} from "@haumai/vi";

// Identifiers never break across lines (a ticket id cut in two reads as two ids).
const identifier = /(^|_)(id|serial_no)$/;

/**
 * Inputs.table as the pages need it: columns sized to their content (headers and long text
 * wrap, identifiers do not), never an ellipsis, a scroll for long lists, and a Vietnamese
 * line instead of Inputs' "No results." when there is nothing to show.
 *
 * Printed, the table shows its first `printRows` rows; when that cuts the list, a line says
 * "N / M — …" and where the full list is (`full`, by default the report's XLSX file).
 * `nowrap` adds columns that keep to one line (ids do already).
 */
export function table(
  rows,
  {empty = "Không có dòng nào.", nowrap = [], printRows, full = "danh sách đầy đủ trong tệp XLSX", ...options} = {}
) {
  const data = Array.from(rows ?? []);
  if (!data.length) return html`<p class="muted table-empty">${empty}</p>`;
  const shown = options.rows ?? 11.5;
  const columns = options.columns ?? Object.keys(data[0]);
  const printed = Math.min(printRows ?? Infinity, Math.floor(shown * 2)); // Inputs renders 2 × rows before any scroll
  const form = Inputs.table(data, {select: false, layout: "auto", rows: shown, ...options});
  // Inputs titles each header with its column key (ticket_id…): the header's own text is the only name shown.
  for (const th of form.querySelectorAll("thead th")) th.removeAttribute("title");
  // Inputs' height assumes one line a row; a list within its row budget shows whole, wrapped rows and all.
  if (data.length <= shown) form.style.maxHeight = "none";
  const keep = columns.map((c, i) =>
    identifier.test(c) || nowrap.includes(c) ? `#${form.id} tr>:nth-child(${i + 2}){white-space:nowrap}` : null
  );
  const cut = data.length > printed;
  const style = document.createElement("style");
  style.textContent = [
    ...keep.filter(Boolean),
    cut ? `@media print {#${form.id} tbody tr:nth-child(n+${printed + 1}){display:none}}` : ""
  ].join("\n");
  return html`<div class="table-wrap">
    ${form}${style}${
      cut
        ? html`<p class="muted small table-cut print-only">
            ${formatNumber(printed)} / ${formatNumber(data.length)} — ${full}
          </p>`
        : ""
    }
  </div>`;
}
