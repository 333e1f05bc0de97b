import { readFileSync } from "node:fs";
import type { ExportKind, ExportSpec } from "./fields.ts";
import { vocabularies, type CodedField } from "./vocabulary.ts";
import { foldKey } from "../text/foldKey.ts";
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

export function loadMapping(path: string): Mapping {
  let parsed: MappingFile;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as MappingFile;
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp ánh xạ (${(error as Error).message})`);
  }
  if (parsed.kind === "events" || parsed.events !== undefined) {
    const problems = checkEventMapping(parsed);
    if (problems.length) throw new Error(`${path}: tệp ánh xạ không hợp lệ:\n  - ${problems.join("\n  - ")}`);
  }
  return { ...parsed, path };
}

/** Problems of a mapping against the spec it is applied to; empty when it is sound. */
export function checkMapping(mapping: Mapping, spec: ExportSpec): string[] {
  const names = new Set(spec.fields.map((f) => f.name));
  const problems: string[] = [];
  for (const [header, column] of Object.entries(mapping.columns ?? {})) {
    if (!names.has(column)) problems.push(`columns."${header}": "${column}" không phải cột chuẩn của ${spec.kind} (có: ${[...names].join(", ")})`);
  }
  for (const [field, table] of Object.entries(mapping.values ?? {})) {
    const vocabulary = vocabularies[field as CodedField];
    if (!vocabulary) {
      problems.push(`values."${field}": chỉ ánh xạ được giá trị của ${Object.keys(vocabularies).join(", ")}`);
      continue;
    }
    for (const [spelling, canonical] of Object.entries(table ?? {})) {
      if (!(canonical in vocabulary)) problems.push(`values.${field}."${spelling}": "${canonical}" không thuộc ${Object.keys(vocabulary).join(", ")}`);
    }
  }
  return problems;
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
