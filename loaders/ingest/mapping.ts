import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ExportKind, ExportSpec } from "./fields.ts";
import { vocabularies, type CodedField } from "./vocabulary.ts";
import { ticketSpec } from "./ticketSpec.ts";
import { customerSpec } from "./customerSpec.ts";
import { questionPrefix, surveySheetFields } from "./surveySpec.ts";
import { loadSurveyDefinition, type SurveyDefinition } from "../survey/definition.ts";
import { foldKey } from "../text/foldKey.ts";
import { encodings } from "./encoding.ts";
import { at, ConfigError, isRecord, parseJson, shown, unknownKeys } from "../config/check.ts";
import { checkEventMapping, type EventsSection } from "./eventLog.ts";

/**
 * A mapping file teaches Haumai an export it does not know (a ServiceNow, Zendesk or
 * Odoo export…): which header is which canonical column, and which of its values mean
 * which canonical code. JSON; see data/mappings/README.md for the format.
 */
export interface MappingFile {
  description?: string;
  /** "events": an event log, one row per event of a ticket; tickets are built from the events (eventLog.ts). */
  kind?: ExportKind | "events";
  /** For event logs: the ticket id, time and status columns, and which statuses mark which milestone. */
  events?: EventsSection;
  /** Export header → canonical column. Headers match ignoring case, tone marks and punctuation. */
  columns?: Record<string, string>;
  /** Canonical coded column → { export value → canonical value }. */
  values?: Partial<Record<CodedField, Record<string, string>>>;
  encoding?: string;
  sheet?: string;
  /** For survey exports: the survey definition the export answers (path relative to the mapping file). */
  surveyDefinition?: string;
}

export interface Mapping extends MappingFile {
  path?: string;
}

/** The kinds a mapping may declare. */
export const mappingKinds = ["tickets", "survey", "customers", "events"] as const;

const what = "tệp ánh xạ";

/**
 * Top-level keys and the check of each one's own shape. A key not listed is refused, so a
 * misspelt "colums" fails loudly instead of silently mapping nothing. A new section (such
 * as `events`) is one entry here.
 */
const sections: Record<string, (value: unknown, path: string) => string[]> = {
  // Its inside is checked by checkEventMapping (eventLog.ts), with the kind it needs.
  events: (v, p) =>
    isRecord(v) ? [] : [`${p}: phải là đối tượng { "ticket", "time", "status", … }, đọc được ${shown(v)}`],
  description: (v, p) => (typeof v === "string" ? [] : [`${p}: phải là chuỗi, đọc được ${shown(v)}`]),
  kind: (v, p) =>
    typeof v === "string" && (mappingKinds as readonly string[]).includes(v)
      ? []
      : [`${p}: phải là một trong ${mappingKinds.join(", ")}, đọc được ${shown(v)}`],
  columns: (v, p) => {
    if (!isRecord(v)) return [`${p}: phải là đối tượng { "tiêu đề trong tệp": "cột chuẩn" }, đọc được ${shown(v)}`];
    return Object.entries(v).flatMap(([header, column]) => {
      if (typeof column !== "string" || column === "")
        return [`${at(p, header)}: cột chuẩn phải là chuỗi, đọc được ${shown(column)}`];
      if (header.trim() === "") return [`${at(p, header)}: tiêu đề cột trống`];
      return [];
    });
  },
  values: (v, p) => {
    if (!isRecord(v))
      return [
        `${p}: phải là đối tượng { "cột mã hóa": { "giá trị trong tệp": "giá trị chuẩn" } }, đọc được ${shown(v)}`,
      ];
    return Object.entries(v).flatMap(([field, table]) => {
      if (!isRecord(table))
        return [
          `${at(p, field)}: phải là đối tượng { "giá trị trong tệp": "giá trị chuẩn" }, đọc được ${shown(table)}`,
        ];
      return Object.entries(table)
        .filter(([, canonical]) => typeof canonical !== "string")
        .map(
          ([spelling, canonical]) =>
            `${at(at(p, field), spelling)}: giá trị chuẩn phải là chuỗi, đọc được ${shown(canonical)}`,
        );
    });
  },
  encoding: (v, p) =>
    typeof v === "string" && (encodings as readonly string[]).includes(v.toLowerCase())
      ? []
      : [`${p}: phải là một trong ${encodings.join(", ")}, đọc được ${shown(v)}`],
  sheet: (v, p) =>
    typeof v === "string" && v.trim() !== "" ? [] : [`${p}: phải là tên trang tính, đọc được ${shown(v)}`],
  surveyDefinition: (v, p) =>
    typeof v === "string" && v.trim() !== ""
      ? []
      : [`${p}: phải là đường dẫn tệp định nghĩa khảo sát, đọc được ${shown(v)}`],
};

/** A survey question's column, `q_<id>`, with the id the survey definition allows. */
const questionColumn = new RegExp(`^${questionPrefix}[A-Za-z0-9_]+$`);

/**
 * The canonical columns a `columns` target may name, for one kind. Survey questions are
 * `q_<id>` of the definition when it is known; without one only their shape is checked
 * here and checkMapping checks them against the spec at ingest.
 */
function targetsOf(
  kind: ExportKind,
  definition?: SurveyDefinition,
): { names: Set<string>; shown: string[]; anyQuestion: boolean } {
  if (kind === "tickets" || kind === "customers") {
    const names = (kind === "tickets" ? ticketSpec : customerSpec).fields.map((f) => f.name);
    return { names: new Set(names), shown: names, anyQuestion: false };
  }
  const sheet = surveySheetFields.map((f) => f.name);
  const questions = definition ? definition.questions.map((q) => questionPrefix + q.id) : [];
  return {
    names: new Set([...sheet, ...questions]),
    shown: [...sheet, ...(definition ? questions : [`${questionPrefix}<mã câu hỏi>`])],
    anyQuestion: !definition,
  };
}

function checkTarget(
  kind: ExportKind | undefined,
  column: string,
  path: string,
  definition?: SurveyDefinition,
): string | undefined {
  const kinds: ExportKind[] = kind ? [kind] : ["tickets", "survey", "customers"];
  const targets = kinds.map((k) => targetsOf(k, definition));
  if (targets.some((t) => t.names.has(column) || (t.anyQuestion && questionColumn.test(column)))) return undefined;
  const valid = [...new Set(targets.flatMap((t) => t.shown))];
  return `${path}: "${column}" không phải cột chuẩn của ${kind ?? "tickets, survey hay customers"} (các cột chuẩn: ${valid.join(", ")})`;
}

export interface LoadMappingOptions {
  /** The survey definition the export is read with (`--survey-definition`), when not the mapping's own. */
  surveyDefinition?: SurveyDefinition;
}

/**
 * Read a mapping file and check it whole: top-level keys, the type of each, `kind`, every
 * `columns` target against the canonical columns (of its kind, or of any kind when the
 * kind is not given), every `values` field and canonical value against its vocabulary,
 * and the survey definition it names. Every problem is named by its JSON path.
 */
export function loadMapping(path: string, options: LoadMappingOptions = {}): Mapping {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp ánh xạ (${(error as Error).message})`);
  }
  const parsed = parseJson(text, path, what);
  if (!isRecord(parsed))
    throw new ConfigError(
      path,
      [`phải là một đối tượng JSON { "kind": …, "columns": { … } }, đọc được ${shown(parsed)}`],
      what,
    );

  // Every problem at once: sections whose own shape is sound go on to be checked against
  // the canonical columns and vocabularies even when another section is broken.
  const problems = unknownKeys(parsed, Object.keys(sections), "");
  const sound: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(sections)) {
    if (parsed[key] === undefined) continue;
    const own = check(parsed[key], key);
    if (own.length) problems.push(...own);
    else sound[key] = parsed[key];
  }

  const mapping: Mapping = { ...(sound as MappingFile), path };
  let definition = options.surveyDefinition;
  if (mapping.surveyDefinition !== undefined) {
    if (mapping.kind !== undefined && mapping.kind !== "survey") {
      problems.push(`surveyDefinition: chỉ dùng cho kind "survey", tệp ánh xạ này là "${mapping.kind}"`);
    } else {
      try {
        // Checked even when overridden: the file is part of this mapping. The ingest reads with
        // the definition given on the command line first, so the targets are checked against that one.
        const own = loadSurveyDefinition(resolve(dirname(path), mapping.surveyDefinition));
        definition = options.surveyDefinition ?? own;
      } catch (error) {
        problems.push(`surveyDefinition: ${(error as Error).message}`);
      }
    }
  }
  if (mapping.kind === "events" || parsed.events !== undefined) problems.push(...checkEventMapping(parsed));
  problems.push(...checkMapping(mapping, mapping.kind === "events" ? undefined : mapping.kind, definition));
  if (problems.length) throw new ConfigError(path, problems, what);
  return mapping;
}

/**
 * Problems of a mapping's `columns` targets and `values` against a kind (a spec, once the
 * ingest knows which export it reads; a kind or none at load time); empty when it is sound.
 */
export function checkMapping(
  mapping: Mapping,
  spec: ExportSpec | ExportKind | undefined,
  definition?: SurveyDefinition,
): string[] {
  const problems: string[] = [];
  const kind = typeof spec === "object" ? spec.kind : spec;
  if (typeof spec === "object" && mapping.kind !== undefined && mapping.kind !== spec.kind) {
    problems.push(`kind: tệp ánh xạ dành cho "${mapping.kind}", không dùng được cho tệp ${spec.kind}`);
  }
  const byTarget = new Map<string, string>();
  const byFolded = new Map<string, string>();
  for (const [header, column] of Object.entries(mapping.columns ?? {})) {
    const path = at("columns", header);
    if (typeof spec === "object") {
      const names = spec.fields.map((f) => f.name);
      if (!names.includes(column))
        problems.push(
          `${path}: "${column}" không phải cột chuẩn của ${spec.kind} (các cột chuẩn: ${names.join(", ")})`,
        );
    } else if ((mapping.kind as string) !== "events") {
      const problem = checkTarget(kind, column, path, definition);
      if (problem) problems.push(problem);
    }
    // Two headers for one column: the file's first wins and the other would silently become an extra.
    const other = byTarget.get(column);
    if (other !== undefined) problems.push(`${path}: cột chuẩn "${column}" đã được ánh xạ từ ${at("columns", other)}`);
    else byTarget.set(column, header);
    // Headers match folded (case, tone marks, punctuation): two keys that fold alike are one header.
    const folded = foldKey(header);
    const same = byFolded.get(folded);
    if (same !== undefined)
      problems.push(
        `${path}: trùng với ${at("columns", same)} (tiêu đề so khớp không phân biệt hoa thường, dấu, dấu câu)`,
      );
    else byFolded.set(folded, header);
  }
  for (const [field, table] of Object.entries(mapping.values ?? {})) {
    const path = at("values", field);
    const vocabulary = vocabularies[field as CodedField];
    if (!vocabulary) {
      problems.push(
        `${path}: "${field}" không phải cột mã hóa; chỉ ánh xạ được giá trị của ${Object.keys(vocabularies).join(", ")}`,
      );
      continue;
    }
    if (kind === "survey" || kind === "customers")
      problems.push(`${path}: tệp ${kind} không có cột ${field}; values chỉ dùng cho tệp tickets`);
    for (const [spelling, canonical] of Object.entries(table ?? {})) {
      if (!(canonical in vocabulary))
        problems.push(
          `${at(path, spelling)}: "${canonical}" không thuộc ${field} (các giá trị chuẩn: ${Object.keys(vocabulary).join(", ")})`,
        );
    }
  }
  return problems;
}

/** The mapping key a file header answers to: as planColumns matches, folded, with or without a parenthesis. */
function headerMatches(key: string, header: string): boolean {
  const folded = foldKey(key);
  return foldKey(header) === folded || foldKey(header.replace(/\(.*?\)/g, "")) === folded;
}

/**
 * One problem per `columns` header the file does not have (a mapping describes its export
 * fully, so a missing header means the wrong file or a renamed column), each naming the
 * key and the headers the file does have. Empty when every mapped header is there.
 */
export function missingHeaders(mapping: Mapping, headers: string[]): string[] {
  const missing = Object.keys(mapping.columns ?? {}).filter((key) => !headers.some((h) => headerMatches(key, h)));
  if (missing.length === 0) return [];
  const listed =
    headers
      .slice(0, 40)
      .map((h, i) => `"${h || `Cột ${i + 1}`}"`)
      .join(", ") + (headers.length > 40 ? `, … (${headers.length} cột)` : "");
  return missing.map(
    (key) =>
      `${at("columns", key)}: tệp không có cột "${key}"${mapping.path ? ` (tệp ánh xạ ${mapping.path})` : ""}. Tiêu đề trong tệp: ${listed}`,
  );
}

/** Where each canonical field is found in a file's header row, and which headers are kept as extras. */
export interface ColumnPlan {
  fields: Map<string, { index: number; header: string }>;
  extras: { index: number; header: string }[];
}

/**
 * Match headers to fields. A mapping that lists `columns` describes its export fully:
 * only those headers are claimed (built-in aliases such as "location" or "type" would
 * misread a foreign export); without one, the built-in aliases apply.
 */
export function planColumns(headers: string[], spec: ExportSpec, mapping?: Mapping): ColumnPlan {
  const byAlias = new Map<string, string>();
  const builtIn = !mapping?.columns || Object.keys(mapping.columns).length === 0;
  for (const field of builtIn ? spec.fields : []) {
    byAlias.set(foldKey(field.name), field.name);
    for (const alias of field.aliases) if (!byAlias.has(foldKey(alias))) byAlias.set(foldKey(alias), field.name);
  }
  for (const [header, column] of Object.entries(mapping?.columns ?? {})) byAlias.set(foldKey(header), column);
  const fields = new Map<string, { index: number; header: string }>();
  const extras: { index: number; header: string }[] = [];
  headers.forEach((header, index) => {
    const field = byAlias.get(foldKey(header)) ?? byAlias.get(foldKey(header.replace(/\(.*?\)/g, "")));
    if (field && !fields.has(field)) fields.set(field, { index, header });
    else extras.push({ index, header: header || `Cột ${index + 1}` });
  });
  return { fields, extras };
}
