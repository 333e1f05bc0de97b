import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Warehouse } from "../warehouse/database.ts";

export type Figures = Record<string, number | string | boolean | null>;

export interface Manifest {
  kind: "month" | "year" | "wave";
  period: string;
  issuedAt: string;
  database: string;
  imports: { import_id: number; kind: string; file_name: string; file_hash: string }[];
  targets: unknown;
  definitionsHash: string;
  figures: Figures;
}

/** Every leaf of a nested result as "path.to.figure" → value (arrays by index), the unit of "what changed". */
export function flatten(value: unknown, prefix = "", out: Figures = {}): Figures {
  if (value === null || value === undefined || typeof value !== "object") {
    out[prefix] = (value ?? null) as Figures[string];
    return out;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>))
    flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

export async function importsOf(warehouse: Warehouse): Promise<Manifest["imports"]> {
  return warehouse.all("SELECT import_id, kind, file_name, file_hash FROM import_log ORDER BY import_id");
}

export const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

export function readManifest(file: string): Manifest | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Manifest) : undefined;
}

export interface FigureChange {
  figure: string;
  before: Figures[string] | undefined;
  after: Figures[string] | undefined;
}

/** Figures whose value differs (numbers compared to 1e-9), in a stable order. */
export function compareFigures(before: Figures, after: Figures): FigureChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const same = (a: unknown, b: unknown) =>
    typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-9 : a === b;
  return keys
    .filter((k) => !same(before[k], after[k]))
    .map((figure) => ({ figure, before: before[figure], after: after[figure] }));
}
