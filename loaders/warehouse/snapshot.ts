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
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
}
