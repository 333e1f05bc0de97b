import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { foldKey } from "../text/foldKey.ts";

export interface BoardDecision {
  year: number;
  kpi: string;
  decision: "keep" | "change";
  note: string;
  date: string;
}

export const defaultDecisionsPath = fileURLToPath(new URL("../../data/decisions/decisions.csv", import.meta.url));

const spellings: Record<string, BoardDecision["decision"]> = { keep: "keep", giu: "keep", "giu chinh sach": "keep", change: "change", "thay doi": "change", "doi": "change" };

/** The Board's decisions, as the centre keeps them; a line that cannot be read is named with its problem. */
export function loadDecisions(path = defaultDecisionsPath): BoardDecision[] {
  if (!existsSync(path)) return [];
  const rows = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const decision = spellings[foldKey(row.decision ?? "")];
    const year = Number(row.year);
    if (!decision || !Number.isInteger(year) || !row.kpi) {
      throw new Error(`${path}, dòng ${i + 2}: cần year (số), kpi và decision (keep/change, giữ/thay đổi); đọc được "${Object.values(row).join(",")}"`);
    }
    return { year, kpi: row.kpi, decision, note: row.note ?? "", date: row.date ?? "" };
  });
}
