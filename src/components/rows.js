import {html} from "htl";

/** Expand the loaders' compact tables ({columns, rows}) into row objects, optionally for one month. */
export function rowsOf(compact, month) {
  if (!compact?.columns) return []; // no database yet: the loader had nothing to give
  const dictionaries = compact.dictionaries ?? {};
  const decode = compact.columns.map((c) => dictionaries[c]);
  const rows = compact.rows.map((values) =>
    Object.fromEntries(compact.columns.map((c, i) => [c, decode[i] ? decode[i][values[i]] : values[i]]))
  );
  return month === undefined ? rows : rows.filter((r) => r.month === month);
}

/** A cell that a spreadsheet would run as a formula is kept as text (CSV formula injection). */
export function safeCell(value) {
  if (value == null) return "";
  const text = String(value);
  const guarded = typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** UTF-8 CSV with BOM (so Excel reads Vietnamese), header row first. */
export function toCsv(rows, columns = rows.length ? Object.keys(rows[0]) : []) {
  return (
    "\ufeff" +
    [columns.map(safeCell).join(","), ...rows.map((r) => columns.map((c) => safeCell(r[c])).join(","))].join("\r\n") +
    "\r\n"
  );
}

/** A "Tải CSV" button for a table's rows. */
export function downloadButton(rows, filename, columns) {
  const button = html`<button class="download" type="button">Tải CSV</button>`;
  button.onclick = () => {
    const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], {type: "text/csv;charset=utf-8"}));
    const a = html`<a href=${url} download=${filename}></a>`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return button;
}
