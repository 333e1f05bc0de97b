import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { foldKey } from "../text/foldKey.ts";
import { ConfigError } from "../config/check.ts";
import { reviewDefinitions } from "./annual.ts";
import { defaultTargets } from "../kpi/targets.ts";
import { kpiCatalogue } from "../kpi/registry.ts";

export interface BoardDecision {
  year: number;
  kpi: string;
  decision: "keep" | "change";
  note: string;
  /** The day the Board decided (yyyy-mm-dd), or "" when the file does not say. */
  date: string;
  /**
   * The day a change takes effect (yyyy-mm-dd); null for a keep (a keep starts no new phase). A change whose
   * line leaves `effective` empty (or a file written before the column existed) takes effect on the 1st of the
   * month after the decision date, or on 1 January after the reviewed year when the date is empty too: the
   * Board decides at the start of the next year, and a change needs the rest of its month to be put in place,
   * so the first whole month under the new policy is the month after the meeting. `effective_given` says
   * which: the file's own date, or this rule.
   */
  effective: string | null;
  effective_given: boolean;
}

/** data/decisions/decisions.csv, or the file `HAUMAI_DECISIONS` names (a test site, a second centre's copy). */
export const defaultDecisionsPath = process.env.HAUMAI_DECISIONS
  ? resolve(process.env.HAUMAI_DECISIONS)
  : fileURLToPath(new URL("../../data/decisions/decisions.csv", import.meta.url));

const spellings: Record<string, BoardDecision["decision"]> = {
  keep: "keep",
  giu: "keep",
  "giu chinh sach": "keep",
  change: "change",
  "thay doi": "change",
  doi: "change",
};

const required = ["year", "kpi", "decision"] as const;
const columns = [...required, "note", "date", "effective"];
/**
 * The effective-date column as a secretary may head it: `effective`, or in Vietnamese `hieu_luc` /
 * `ngay_hieu_luc` / "Ngày hiệu lực" (with or without diacritics). The other columns keep their English names.
 */
const effectiveHeaders = ["effective", "hieu luc", "ngay hieu luc"];
const headerOf = (name: string) => (effectiveHeaders.includes(foldKey(name)) ? "effective" : name.trim());
/** The KPIs the annual review reviews: a decision about anything else would never be shown. */
const kpiIds = reviewDefinitions(defaultTargets).map((d) => d.id);
/** Ids a decisions file written before the KPI registry may use: "backlog" had the over-30-days target. */
const formerIds: Record<string, string> = { backlog: "backlog_over30" };
const what = "tệp quyết định của Ban Giám đốc";

/** yyyy-mm-dd naming a real day (no 2025-02-30). */
function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A change's effective day when the file gives none: the 1st of the month after the decision (see BoardDecision). */
export function defaultEffective(year: number, date: string): string {
  if (!isDate(date)) return `${year + 1}-01-01`;
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 1));
  return d.toISOString().slice(0, 10);
}

/**
 * The Board's decisions, as the centre keeps them. The file is checked whole: its columns,
 * and on every line the year, a KPI the review knows, the verdict, the date and the effective date
 * (a real day, for a change not before the decision); each
 * problem is named with its line and column.
 */
export function loadDecisions(path = defaultDecisionsPath): BoardDecision[] {
  if (!existsSync(path)) return [];
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    records = parse(readFileSync(path), {
      columns: (names: string[]) => names.map(headerOf),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ConfigError(
      path,
      [`${line ? `dòng ${line}: ` : ""}không đọc được CSV (${(error as Error).message})`],
      what,
    );
  }
  const problems: string[] = [];
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const column of required)
    if (records.length && !header.includes(column))
      problems.push(`dòng 1: thiếu cột ${column} (cần ${required.join(", ")}; có thể thêm note, date, effective)`);
  for (const column of header)
    if (!columns.includes(column))
      problems.push(`dòng 1: cột "${column}" không được hỗ trợ (các cột: ${columns.join(", ")})`);
  if (problems.length) throw new ConfigError(path, problems, what);

  const seen = new Map<string, number>();
  const decisions = records.map(({ record: row, info, raw }) => {
    // info.lines is where the record ends; a quoted note may span lines, so count back to its start.
    const line = info.lines - (raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
    const at = (column: string) => `dòng ${line}, cột ${column}`;
    row.kpi = formerIds[row.kpi] ?? row.kpi;
    const year = Number(row.year);
    if (!/^\d{4}$/.test(row.year) || year < 2000 || year > 2100)
      problems.push(`${at("year")}: cần năm (4 chữ số), đọc được "${row.year}"`);
    if (!kpiIds.includes(row.kpi))
      problems.push(`${at("kpi")}: "${row.kpi}" không phải mã chỉ số (có: ${kpiIds.join(", ")})`);
    const decision = spellings[foldKey(row.decision ?? "")];
    if (!decision) problems.push(`${at("decision")}: cần keep/change (giữ/thay đổi), đọc được "${row.decision}"`);
    const date = row.date ?? "";
    if (date !== "" && !isDate(date)) problems.push(`${at("date")}: cần ngày yyyy-mm-dd, đọc được "${date}"`);
    const given = row.effective ?? "";
    if (given !== "" && !isDate(given))
      problems.push(`${at("effective")}: cần ngày hiệu lực yyyy-mm-dd, đọc được "${given}"`);
    else if (given !== "" && decision === "change" && isDate(date) && given < date)
      problems.push(`${at("effective")}: ngày hiệu lực ${given} trước ngày quyết định ${date}`);
    // Pages show one decision per KPI and year: a second line would be hidden behind the first.
    const key = `${row.year}|${row.kpi}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(`dòng ${line}: năm ${row.year}, chỉ số ${row.kpi} đã có quyết định ở dòng ${first}`);
    else seen.set(key, line);
    const effective = given !== "" ? given : decision === "change" ? defaultEffective(year, date) : null;
    return {
      year,
      kpi: row.kpi,
      decision: decision!,
      note: row.note ?? "",
      date,
      effective,
      effective_given: given !== "",
    };
  });
  if (problems.length) throw new ConfigError(path, problems, what);
  return decisions;
}

/**
 * The months (YYYY-MM) each KPI's changes took effect: where its control limits start a new phase. A change to one
 * KPI of a family (registry `family`: the response time and its median…) starts one on all of them.
 */
export function phaseStarts(decisions: readonly BoardDecision[]): Record<string, string[]> {
  const catalogue = kpiCatalogue(defaultTargets);
  const familyOf = new Map(catalogue.map((k) => [k.id, k.family]));
  const out: Record<string, string[]> = {};
  for (const d of decisions)
    if (d.decision === "change" && d.effective)
      for (const k of catalogue.filter((c) => c.family === familyOf.get(d.kpi)))
        (out[k.id] ??= []).push(d.effective.slice(0, 7));
  return out;
}
