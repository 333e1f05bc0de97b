import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Warehouse } from "../warehouse/database.ts";
import { canonicalColumns, storedFields, tableOf } from "../warehouse/schema.ts";
import type { ExportKind, ExportSpec } from "./fields.ts";
import { ticketSpec } from "./ticketSpec.ts";
import { customerSpec } from "./customerSpec.ts";
import { questionPrefix, surveySpec } from "./surveySpec.ts";
import { checkMapping, type Mapping } from "./mapping.ts";
import { prepareSource, UnusableFileError } from "./source.ts";
import { dropStage, stageSource } from "./stage.ts";
import { typedSelect } from "./transform.ts";
import { profileColumns } from "./profile.ts";
import { rejectMessageSql } from "./rejectReasons.ts";
import { loadSurveyDefinition, type SurveyDefinition } from "../survey/definition.ts";
import { sqlIdent, sqlString } from "../text/foldKey.ts";
import { eventTypedSql, planEventLog, storeEvents, type EventStoreSummary } from "./eventLog.ts";

export interface IngestOptions {
  kind?: ExportKind;
  mapping?: Mapping;
  encoding?: string;
  sheet?: string;
  surveyDefinition?: SurveyDefinition;
  /** Load the file even when the same bytes were imported before. */
  force?: boolean;
  onPhase?: (phase: string) => void;
  onBytes?: (n: number, total: number) => void;
}

export interface FileSummary {
  file: string;
  status: "imported" | "skipped" | "failed";
  kind?: ExportKind;
  importId?: number;
  previousImportId?: number;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  unmappedColumns: string[];
  rejectsByReason: Record<string, number>;
  /** Event logs: rows are events (rowsInserted / rowsUpdated count new / replaced events); the tickets built from them. */
  eventLog?: EventStoreSummary;
  error?: string;
}

export function specFor(kind: ExportKind, definition: SurveyDefinition): ExportSpec {
  return kind === "tickets" ? ticketSpec : kind === "survey" ? surveySpec(definition) : customerSpec;
}

async function hashFile(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    onBytes?.(chunk.length);
  }
  return hash.digest("hex");
}

/**
 * Load one export into the warehouse in one transaction: every row read ends up either
 * in its canonical table (new, or replacing the row with the same key) or in `rejects`
 * with its line, column, value and reason. A file that cannot be used at all throws
 * UnusableFileError and changes nothing.
 */
export async function ingestFile(warehouse: Warehouse, file: string, options: IngestOptions = {}): Promise<FileSummary> {
  const path = resolve(file);
  const bytes = statSync(path).size;
  const empty: FileSummary = { file, status: "skipped", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, unmappedColumns: [], rejectsByReason: {} };

  options.onPhase?.("hash");
  let done = 0;
  const fileHash = await hashFile(path, (n) => options.onBytes?.((done += n), bytes));
  const previous = await warehouse.one<{ import_id: number; kind: ExportKind }>(`SELECT import_id, kind FROM import_log WHERE file_hash = ${sqlString(fileHash)} ORDER BY import_id DESC LIMIT 1`);
  if (previous && !options.force) return { ...empty, kind: previous.kind, previousImportId: previous.import_id };

  const definition =
    options.surveyDefinition ??
    loadSurveyDefinition(options.mapping?.surveyDefinition ? resolve(dirname(options.mapping.path ?? "."), options.mapping.surveyDefinition) : undefined);
  // Event logs (mapping kind "events") go through the same pipeline, one row per event: eventLog.ts.
  const eventLog = options.mapping?.kind === "events" ? planEventLog(options.mapping) : undefined;
  if (eventLog && "problems" in eventLog) {
    throw new UnusableFileError(file, `tệp ánh xạ ${options.mapping!.path ?? ""} không hợp lệ:\n  - ${eventLog.problems.join("\n  - ")}`);
  }
  const mapping = eventLog?.mapping ?? options.mapping;
  const kind = eventLog ? undefined : options.kind ?? (options.mapping?.kind as ExportKind | undefined);
  const specs = eventLog ? [eventLog.spec] : kind ? [specFor(kind, definition)] : [ticketSpec, surveySpec(definition), customerSpec];

  options.onPhase?.("prepare");
  done = 0;
  const source = await prepareSource(path, specs, mapping, { encoding: options.encoding, sheet: options.sheet, onBytes: (n) => options.onBytes?.((done += n), bytes) });
  try {
    const spec = source.header.spec;
    if (options.mapping && !eventLog) {
      const problems = checkMapping(options.mapping, spec);
      if (problems.length) throw new UnusableFileError(file, `tệp ánh xạ ${options.mapping.path ?? ""} không hợp lệ:\n  - ${problems.join("\n  - ")}`);
    }
    const startedAt = new Date();
    // Staging lives in temp tables outside the transaction: DuckDB numbers rows of a
    // table created inside an open transaction from 2^62, and the line mapping needs
    // them from 0. Only the writes to the warehouse's own tables are transactional.
    options.onPhase?.("load");
    const staged = await stageSource(warehouse, source);
    options.onPhase?.("check");
    const profile = await profileColumns(warehouse, spec, source.header.plan, staged, mapping);
    const select = typedSelect(spec, source.header.plan, staged, mapping, profile);
    await warehouse.run(`CREATE TEMP TABLE typed AS ${eventLog ? eventTypedSql(eventLog, select, source.header.plan) : select}`);
    return await warehouse.transaction(async () => {
      const importId = Number((await warehouse.one<{ id: number }>("SELECT nextval('import_id_seq') AS id"))!.id);
      const fileName = sqlString(basename(path));
      const headers = source.header.headers;
      const rawRow = `json_object(${headers.map((h, i) => `${sqlString(h || `Cột ${i + 1}`)}, stage.c${i}`).join(", ")})`;
      await warehouse.run(`INSERT INTO rejects
        SELECT ${importId}, ${fileName}, t.__line, e.column_name, e.value, e.reason, ${rejectMessageSql("e.reason", "e.detail")}, ${rawRow}
        FROM (SELECT __line, __row, unnest(errors) AS e FROM typed WHERE len(errors) > 0) t
        JOIN stage ON stage.rowid = t.__row`);
      for (const row of staged.malformed) {
        const column = row.columnIndex !== null && headers[row.columnIndex] !== undefined ? sqlString(headers[row.columnIndex]) : "NULL";
        await warehouse.run(`INSERT INTO rejects VALUES (${importId}, ${fileName}, ${row.line}, ${column}, ${sqlString(row.text.slice(0, 2000))}, 'malformed_row',
          ${rejectMessageSql("'malformed_row'", sqlString(row.message))}, NULL)`);
      }

      options.onPhase?.("store");
      const accepted = "(SELECT * FROM typed WHERE len(errors) = 0)";
      let updated: number;
      let events: EventStoreSummary | undefined;
      if (eventLog) {
        // Events are kept in ticket_events and the tickets they touch are rebuilt from all their events.
        events = await storeEvents(warehouse, eventLog, importId, accepted);
        updated = events.eventsReplaced;
      } else {
        const table = tableOf[spec.kind];
        const key = sqlIdent(spec.key);
        updated = Number((await warehouse.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${accepted})`))!.n);
        if (updated > 0) await warehouse.run(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${accepted})`);
        const columns = canonicalColumns(storedFields(spec)).map((c) => sqlIdent(c.name));
        const wave = spec.kind === "survey" ? { wave: `coalesce(wave, year(submitted_at) || '-H' || CASE WHEN month(submitted_at) <= 6 THEN 1 ELSE 2 END)` } : {};
        const selectList = columns.map((c) => (c === '"wave"' && wave.wave ? `${wave.wave} AS wave` : c));
        await warehouse.run(`INSERT INTO ${table} (${[...columns, "extra", "import_id", "source_line"].join(", ")})
          SELECT ${[...selectList, "extra", String(importId), "__line"].join(", ")} FROM ${accepted}`);
        if (spec.kind === "survey") {
          await storeAnswers(warehouse, spec, accepted);
          await storeQuestions(warehouse, definition);
        }
      }

      const counts = (await warehouse.one<{ accepted: number; rejected: number }>(
        "SELECT count(*) FILTER (WHERE len(errors) = 0) AS accepted, count(*) FILTER (WHERE len(errors) > 0) AS rejected FROM typed",
      ))!;
      const rowsRejected = Number(counts.rejected) + staged.malformed.length;
      const rowsAccepted = Number(counts.accepted);
      const summary: FileSummary = {
        file,
        status: "imported",
        kind: spec.kind,
        importId,
        previousImportId: previous?.import_id,
        encoding: source.encoding,
        delimiter: source.delimiter,
        sheet: source.sheet,
        rowsRead: staged.rows + staged.malformed.length,
        rowsAccepted,
        rowsRejected,
        rowsInserted: rowsAccepted - updated,
        rowsUpdated: updated,
        unmappedColumns: source.header.plan.extras.map((e) => e.header),
        ...(events ? { eventLog: events } : {}),
        rejectsByReason: Object.fromEntries(
          (await warehouse.all<{ reason: string; n: number }>(`SELECT reason, count(DISTINCT line) AS n FROM rejects WHERE import_id = ${importId} GROUP BY reason ORDER BY n DESC`)).map((r) => [r.reason, Number(r.n)]),
        ),
      };
      await warehouse.run(`INSERT INTO import_log VALUES (${importId}, ${sqlString(spec.kind)}, ${fileName}, ${sqlString(path)}, ${sqlString(fileHash)}, ${bytes},
        ${sqlString(source.encoding)}, ${sqlString(source.delimiter)}, ${source.sheet ? sqlString(source.sheet) : "NULL"}, ${options.mapping?.path ? sqlString(options.mapping.path) : "NULL"},
        ${summary.rowsRead}, ${rowsAccepted}, ${rowsRejected}, ${summary.rowsInserted}, ${updated},
        [${summary.unmappedColumns.map(sqlString).join(", ")}]::VARCHAR[], ${sqlString(startedAt.toISOString())}, now())`);
      return summary;
    });
  } finally {
    source.cleanup();
    await dropStage(warehouse);
  }
}

/** Survey answers go long (response, question, score): one row per answered question; an empty answer is no row. */
async function storeAnswers(warehouse: Warehouse, spec: ExportSpec, accepted: string): Promise<void> {
  const questions = spec.fields.filter((f) => f.name.startsWith(questionPrefix));
  await warehouse.run(`DELETE FROM survey_answers WHERE response_id IN (SELECT response_id FROM ${accepted})`);
  if (questions.length === 0) return;
  const ids = questions.map((q) => sqlString(q.name.slice(questionPrefix.length))).join(", ");
  const scores = questions.map((q) => sqlIdent(q.name)).join(", ");
  await warehouse.run(`INSERT INTO survey_answers
    SELECT response_id, question_id, score FROM (
      SELECT response_id, unnest([${ids}]) AS question_id, unnest([${scores}]) AS score FROM ${accepted}
    ) WHERE score IS NOT NULL`);
}

/** The questions as the definition says now, so pages can label answers without reading the file. */
async function storeQuestions(warehouse: Warehouse, definition: SurveyDefinition): Promise<void> {
  await warehouse.run("DELETE FROM survey_questions");
  const rows = definition.questions.map(
    (q) => `(${[q.id, q.dimension, definition.dimensions[q.dimension], q.text].map(sqlString).join(", ")}, ${q.scale[0]}, ${q.scale[1]})`,
  );
  await warehouse.run(`INSERT INTO survey_questions VALUES ${rows.join(", ")}`);
}
