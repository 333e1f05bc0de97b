/**
 * Workbook cells that have no usable value but must not vanish silently. xlsx.ts writes such a
 * cell into the intermediate CSV as a private-use character (never typed in an export) followed
 * by the text a person would recognise; the cell cleaning turns the marked cell into NULL, and
 * `markedCellChecks` turns the mark into a field issue with that text as its value.
 *
 * Only workbook conversions write marks (`PreparedSource.markedCells`): a CSV export's cells are
 * never read as marked, whatever characters they hold.
 */
export const cellMarks = {
  /** A formula whose result Excel never saved (a file written by a program, not recalculated): text = "=FORMULA". */
  uncached_formula: "\uE000",
  /** A time of day without a date (Excel time value 0 ≤ x < 1, shown as 30/12/1899): text = "HH:MM:SS". */
  time_only: "\uE001",
} as const;

export type CellMark = keyof typeof cellMarks;

/** A CSV cell carrying a mark. */
export function markCell(mark: CellMark, text: string): string {
  return cellMarks[mark] + text;
}

const marks: string[] = Object.values(cellMarks);

export function isMarked(text: string): boolean {
  return marks.includes(text.charAt(0));
}

/** SQL: the cell starts with one of the marks (`cell` is the raw staged text). */
export function markedSql(cell: string): string {
  return `(${Object.values(cellMarks)
    .map((m) => `starts_with(${cell}, chr(${m.codePointAt(0)}))`)
    .join(" OR ")})`;
}

/**
 * Per present field: `[reason, condition, value]` for a marked raw staged cell, value being the
 * text after the mark (the formula, the time). Field issues, not rejects: the record keeps its
 * other fields; when the marked cell is the key, the row has no key and is rejected with this reason.
 */
export function markedCellChecks(cell: string): [reason: CellMark, condition: string, value: string][] {
  return Object.entries(cellMarks).map(([reason, mark]) => [
    reason as CellMark,
    `starts_with(${cell}, chr(${mark.codePointAt(0)}))`,
    `substr(${cell}, 2)`,
  ]);
}
