import { existsSync } from "node:fs";
import { resolveDbPath, Warehouse, type Row } from "./database.ts";

/**
 * Open the warehouse read-only for a data loader and run `read`; when there is no
 * database yet the loader gets `undefined` and the page says how to make one.
 */
export async function withWarehouse<T>(read: (warehouse: Warehouse) => Promise<T>): Promise<T | undefined> {
  const path = resolveDbPath();
  if (!existsSync(path)) return undefined;
  const warehouse = await Warehouse.open(path, { readOnly: true });
  try {
    return await read(warehouse);
  } finally {
    warehouse.close();
  }
}

/** JSON-safe rows: dates become ISO strings (Asia/Ho_Chi_Minh wall time for naive timestamps). */
export function plain(rows: Row[]): Row[] {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
  );
}

/**
 * Rows as columns + value arrays, and text columns that repeat a few values (channels,
 * technicians, models…) stored once in `dictionaries` with indexes in the rows: a page's data
 * is a fraction of the size. Numbers travel exactly as DuckDB computed them (JSON writes the
 * shortest text that reads back as the same double): rounding happens only where a figure is
 * formatted for a person, so the page, the PDF and the workbook show the same figure.
 * Pages expand it with `rowsOf`.
 */
export interface CompactRows {
  columns: string[];
  dictionaries: Record<string, unknown[]>;
  rows: unknown[][];
}

export function compactRows(rows: Row[]): CompactRows {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  const value = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  const dictionaries: Record<string, unknown[]> = {};
  for (const column of columns) {
    const distinct = new Set(rows.map((r) => r[column]));
    if (
      rows.length >= 20 &&
      distinct.size <= rows.length / 4 &&
      [...distinct].every((v) => v === null || typeof v === "string")
    )
      dictionaries[column] = [...distinct];
  }
  const index = Object.fromEntries(
    Object.entries(dictionaries).map(([c, values]) => [c, new Map(values.map((v, i) => [v, i]))]),
  );
  return {
    columns,
    dictionaries,
    rows: rows.map((row) => columns.map((c) => (index[c] ? index[c].get(row[c]) : value(row[c])))),
  };
}
