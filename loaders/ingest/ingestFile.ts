import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Warehouse } from "../warehouse/database.ts";
import { canonicalColumns, storedFields, tableOf } from "../warehouse/schema.ts";
import type { ExportKind, ExportSpec } from "./fields.ts";
import { ticketSpec } from "./ticketSpec.ts";
import { customerSpec } from "./customerSpec.ts";
import { questionPrefix, surveySpec } from "./surveySpec.ts";
import { checkMapping, missingHeaders, type Mapping } from "./mapping.ts";
import { prepareSource, UnusableFileError } from "./source.ts";
import { dropStage, stageSource } from "./stage.ts";
import { duplicateKeysSql, typedSelect } from "./transform.ts";
import { dropLookups, profileColumns, type ColumnProfile } from "./profile.ts";
import { rememberSpellings, valueSpellings } from "./spellings.ts";
import { rejectMessages, rejectMessageSql } from "./rejectReasons.ts";
import { loadSurveyDefinition, type SurveyDefinition } from "../survey/definition.ts";
import { sqlIdent, sqlString } from "../text/foldKey.ts";
import { join, raw, sql, type Sql } from "../sql/compose.ts";
import { eventTypedSql, planEventLog, storeEvents, type EventStoreSummary } from "./eventLog.ts";

export interface IngestOptions {
  kind?: ExportKind;
  mapping?: Mapping;
  encoding?: string;
  sheet?: string;
  surveyDefinition?: SurveyDefinition;
  /** Load the file even when the same bytes were imported before. */
  force?: boolean;
  /** The import's day (YYYY-MM-DD, Vietnam time); dates after it are not believed. Default: today. */
  today?: string;
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
  /** Field issues of the kept records: the record is stored, that field left empty (see field_issues). */
  fieldIssues: number;
  fieldIssuesByReason: Record<string, number>;
  /** Day/month order of the file's d/m/y dates: "mdy" only when the file proves it. */
  dateOrder?: "dmy" | "mdy";
  /** Most rows rejected: the file is probably not what it seems (wrong mapping, wrong kind…). */
  mostlyRejected?: boolean;
  /** Event logs: rows are events (rowsInserted / rowsUpdated count new / replaced events); the tickets built from them. */
  eventLog?: EventStoreSummary;
  /** Seconds spent in each phase (prepare, load, check, store; hash when it ran first): where an import's time goes. */
  phaseSeconds?: Record<string, number>;
  error?: string;
}

/** Today in Vietnam, YYYY-MM-DD. */
export function vietnamToday(now = new Date()): string {
  return now.toLocaleDateString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" });
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

/** The summary of a file that added no row: skipped (already imported) or failed (unusable, unreadable). */
export function noRows(file: string, status: FileSummary["status"], error?: string): FileSummary {
  return {
    file,
    status,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    unmappedColumns: [],
    rejectsByReason: {},
    fieldIssues: 0,
    fieldIssuesByReason: {},
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * Load one export into the warehouse in one transaction: every row read ends up either
 * in its canonical table (new, or replacing the row with the same key) or in `rejects`
 * with its line, column, value and reason. A file that cannot be used at all throws
 * UnusableFileError and changes nothing.
 */
export async function ingestFile(
  warehouse: Warehouse,
  file: string,
  options: IngestOptions = {},
): Promise<FileSummary> {
  const path = resolve(file);
  const bytes = statSync(path).size;
  const empty = noRows(file, "skipped");
  const phaseSeconds: Record<string, number> = {};
  let current: { phase: string; since: number } | undefined;
  const endPhase = () => {
    if (current) phaseSeconds[current.phase] = (performance.now() - current.since) / 1000;
    current = undefined;
  };
  const phase = (name: string) => {
    endPhase();
    current = { phase: name, since: performance.now() };
    options.onPhase?.(name);
  };

  const previousOf = (hash: string) =>
    warehouse.one<{ import_id: number; kind: ExportKind }>(
      sql`SELECT import_id, kind FROM import_log WHERE file_hash = ${hash} ORDER BY import_id DESC LIMIT 1`,
    );
  // Only a file of the size of an earlier import can be that import again: such a file is hashed before anything
  // else (and skipped when it is a repeat); any other is hashed while DuckDB reads it, the two running side by side.
  let done = 0;
  let hashing: Promise<string>;
  const sameSize = await warehouse.one(sql`SELECT 1 AS found FROM import_log WHERE file_bytes = ${bytes} LIMIT 1`);
  if (sameSize && !options.force) {
    phase("hash");
    const hash = await hashFile(path, (n) => options.onBytes?.((done += n), bytes));
    const previous = await previousOf(hash);
    if (previous) return { ...empty, kind: previous.kind, previousImportId: previous.import_id };
    hashing = Promise.resolve(hash);
  } else {
    hashing = hashFile(path);
    // Read later, after DuckDB's reading: a failure (the file gone meanwhile) must not go unhandled in between.
    hashing.catch(() => undefined);
  }

  const definition =
    options.surveyDefinition ??
    loadSurveyDefinition(
      options.mapping?.surveyDefinition
        ? resolve(dirname(options.mapping.path ?? "."), options.mapping.surveyDefinition)
        : undefined,
    );
  // Event logs (mapping kind "events") go through the same pipeline, one row per event: eventLog.ts.
  const eventLog = options.mapping?.kind === "events" ? planEventLog(options.mapping) : undefined;
  if (eventLog && "problems" in eventLog) {
    throw new UnusableFileError(
      file,
      `tệp ánh xạ ${options.mapping!.path ?? ""} không hợp lệ:\n  - ${eventLog.problems.join("\n  - ")}`,
    );
  }
  const mapping = eventLog?.mapping ?? options.mapping;
  const kind = eventLog ? undefined : (options.kind ?? (options.mapping?.kind as ExportKind | undefined));
  const specs = eventLog
    ? [eventLog.spec]
    : kind
      ? [specFor(kind, definition)]
      : [ticketSpec, surveySpec(definition), customerSpec];

  phase("prepare");
  done = 0;
  let profile: ColumnProfile | undefined;
  const source = await prepareSource(path, specs, mapping, {
    encoding: options.encoding,
    sheet: options.sheet,
    onBytes: (n) => options.onBytes?.((done += n), bytes),
  });
  try {
    const spec = source.header.spec;
    if (options.mapping && mapping) {
      const problems = eventLog ? [] : checkMapping(options.mapping, spec);
      // A header the mapping names and the file lacks: the mapping is for another export, or the export changed.
      problems.push(...missingHeaders(mapping, source.header.headers));
      if (problems.length)
        throw new UnusableFileError(
          file,
          `tệp ánh xạ ${options.mapping.path ?? ""} không hợp lệ:\n  - ${problems.join("\n  - ")}`,
        );
    }
    const startedAt = new Date();
    const plan = source.header.plan;
    const headers = source.header.headers;
    // Staging lives in temp tables outside the transaction: DuckDB numbers rows of a
    // table created inside an open transaction from 2^62, and the line mapping needs
    // them from 0. Only the writes to the warehouse's own tables are transactional.
    phase("load");
    const staged = await stageSource(warehouse, source);
    const fileHash = await hashing;
    // Re-imported with --force: the import it repeats is named in the summary.
    const previous = options.force ? await previousOf(fileHash) : undefined;
    // From here on every row carries its own line and stage row (__line, __row): DuckDB need not keep the
    // order rows arrive in, which lets the typed table and the inserts stream instead of buffering to reorder.
    // The stage itself is read in order (its row ids are the file's record order).
    await warehouse.run("SET preserve_insertion_order = false");
    await stageHeaders(warehouse, headers);
    phase("check");
    const today = options.today ?? vietnamToday();
    profile = await profileColumns(warehouse, spec, plan, staged, await valueSpellings(warehouse, mapping), today);
    const select = typedSelect(spec, plan, staged, profile);
    await warehouse.run(`CREATE TEMP TABLE typed AS ${eventLog ? eventTypedSql(eventLog, select) : select}`);
    // An event log repeats its ticket ids by nature: only other exports have duplicate keys.
    if (!eventLog) await warehouse.run(duplicateKeysSql(spec, plan, headers.length));
    // From here only the rejected rows need their cells (for `raw_row`): they are kept and the stage goes, so that
    // the inserts that follow have the memory it held (DuckDB spills past its limit, and spilling costs time).
    await warehouse.run(`CREATE TEMP TABLE stage_rejected AS SELECT rowid AS __row, * FROM stage
      WHERE rowid IN (SELECT __row FROM typed WHERE len(errors) > 0)`);
    await warehouse.run("DROP TABLE stage");
    const issueReasons = (
      await warehouse.all<{ reason: string; n: number }>(
        "SELECT i.reason, count(*) AS n FROM (SELECT unnest(issues) AS i FROM typed WHERE len(errors) = 0) GROUP BY ALL ORDER BY n DESC, i.reason",
      )
    ).map((r) => [r.reason, Number(r.n)] as const);
    return await warehouse.transaction(async () => {
      const importId = Number((await warehouse.one<{ id: number }>("SELECT nextval('import_id_seq') AS id"))!.id);
      const fileName = basename(path);
      const rawRow = `json_object(${headers.map((_, i) => `h.hs[${i + 1}], stage.c${i}`).join(", ")})`;
      const headerList = "(SELECT list(header ORDER BY idx) AS hs FROM stage_headers) h";
      // A rejected row is listed with every problem it has, so that one look at the export fixes it.
      await warehouse.run(sql`INSERT INTO rejects (import_id, file_name, line, column_name, value, reason, message, raw_row, cause)
        SELECT ${importId}, ${fileName}, t.__line, e.column_name, e.value, e.reason, ${raw(rejectMessageSql("e.reason", "e.detail"))}, ${raw(rawRow)}, t.cause
        FROM (SELECT __line, __row, unnest(errors) AS e, true AS cause FROM typed WHERE len(errors) > 0
              UNION ALL SELECT __line, __row, unnest(issues), false FROM typed WHERE len(errors) > 0) t
        JOIN stage_rejected stage ON stage.__row = t.__row CROSS JOIN ${raw(headerList)}`);
      for (const row of staged.malformed) {
        const column =
          row.columnIndex !== null && headers[row.columnIndex] !== undefined ? headers[row.columnIndex] : null;
        await warehouse.run(sql`INSERT INTO rejects (import_id, file_name, line, column_name, value, reason, message, raw_row, cause)
          VALUES (${importId}, ${fileName}, ${row.line}, ${column}, ${row.text.slice(0, 2000)}, 'malformed_row',
          replace(${rejectMessages.malformed_row}, '{detail}', ${row.message}), NULL, true)`);
      }

      phase("store");
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
        // A response id is unique within its survey definition only (two surveys both number sheets 1, 2, 3…).
        const scope = keyScope(spec, definition);
        updated = Number(
          (await warehouse.one<{ n: number }>(
            sql`SELECT count(*) AS n FROM ${raw(table)} WHERE ${raw(key)} IN (SELECT ${raw(key)} FROM ${raw(accepted)})${scope}`,
          ))!.n,
        );

        // A later export updates the fields it carries and leaves the others as stored. It never
        // erases: an empty cell, or one it could not read or classify (a field issue), keeps the
        // stored value when there is one; the issue is listed all the same.
        const carried = storedFields(spec).filter((f) => plan.fields.has(f.name) || f.name === spec.key);
        const columns = canonicalColumns(carried).map((c) => c.name);
        const fieldOf = (column: string) => column.replace(/_raw$/, "");
        const assignments = columns
          .filter((c) => c !== spec.key)
          .map((c) => {
            const [stored, given] = [`${table}.${sqlIdent(c)}`, `a.${sqlIdent(c)}`];
            return `${sqlIdent(c)} = CASE WHEN (${given} IS NULL OR list_contains(a.__kept, ${sqlString(fieldOf(c))})) AND ${stored} IS NOT NULL THEN ${stored} ELSE ${given} END`;
          })
          .concat([
            `extra = CASE WHEN a.extra IS NULL THEN ${table}.extra WHEN ${table}.extra IS NULL THEN a.extra ELSE json_merge_patch(${table}.extra, a.extra) END`,
            `import_id = ${importId}`,
            "source_line = a.__line",
          ]);
        // Only when the file repeats stored records (a first import of a file skips the join).
        if (updated > 0)
          await warehouse.run(sql`UPDATE ${raw(table)} SET ${raw(assignments.join(",\n          "))}
          FROM (SELECT *, list_transform(list_filter(issues, i -> i.empties OR i.reason IN ('unknown_value', 'negated_value')), i -> i.field) AS __kept
            FROM typed WHERE len(errors) = 0) a
          WHERE ${raw(`${table}.${key} = a.${key}`)}${scope}`);
        const derivedWave = "year(submitted_at) || '-H' || CASE WHEN month(submitted_at) <= 6 THEN 1 ELSE 2 END";
        const survey = spec.kind === "survey";
        const waveFromDate = survey && !plan.fields.has("wave");
        const insertColumns = [
          ...columns,
          ...(waveFromDate ? ["wave"] : []),
          ...(survey ? ["definition_id"] : []),
          "extra",
          "import_id",
          "source_line",
        ];
        const insertValues = [
          ...columns.map((c) => raw(sqlIdent(c))),
          ...(waveFromDate ? [raw(derivedWave)] : []),
          ...(survey ? [sql`${definition.id}`] : []),
          raw("extra"),
          sql`${importId}`,
          raw("__line"),
        ];
        await warehouse.run(sql`INSERT INTO ${raw(table)} (${raw(insertColumns.map(sqlIdent).join(", "))})
          SELECT ${join(insertValues)}
          FROM ${raw(accepted)} a ${updated > 0 ? sql`WHERE NOT EXISTS (SELECT 1 FROM ${raw(table)} t WHERE ${raw(`t.${key} = a.${key}`)}${survey ? sql` AND t.definition_id = ${definition.id}` : raw("")})` : raw("")}`);
        if (survey) await warehouse.run(`UPDATE ${table} SET wave = ${derivedWave} WHERE wave IS NULL`);

        if (spec.kind === "survey") {
          await storeAnswers(warehouse, spec, plan.fields, definition);
          await storeQuestions(warehouse, definition);
        }
      }

      // Field issues: this file's replace the earlier ones of the same records and fields. An event's
      // record is its ticket.
      // A survey response id is unique within its definition only: its issues are keyed by both.
      const recordKey = eventLog
        ? raw("ticket_id")
        : spec.kind === "survey"
          ? sql`${definition.id} || ':' || __key`
          : raw("__key");
      const carriedFields = [...plan.fields.keys()];
      await warehouse.run(sql`DELETE FROM field_issues WHERE kind = ${spec.kind} AND list_contains(${raw(`[${carriedFields.map(sqlString).join(", ")}]`)}, field)
        AND record_key IN (SELECT ${recordKey} FROM typed WHERE len(errors) = 0)`);
      await warehouse.run(sql`INSERT INTO field_issues
        SELECT ${importId}, ${fileName}, ${spec.kind}, t.k, t.__line, i.field, i.column_name, i.value, i.reason, ${raw(rejectMessageSql("i.reason", "i.detail"))}
        FROM (SELECT ${recordKey} AS k, __line, unnest(issues) AS i FROM typed WHERE len(errors) = 0) t`);
      await rememberSpellings(warehouse, options.mapping);

      const counts = (await warehouse.one<{ accepted: number; rejected: number }>(
        "SELECT count(*) FILTER (WHERE len(errors) = 0) AS accepted, count(*) FILTER (WHERE len(errors) > 0) AS rejected FROM typed",
      ))!;
      const rowsRejected = Number(counts.rejected) + staged.malformed.length;
      const rowsAccepted = Number(counts.accepted);
      const rowsRead = staged.rows + staged.malformed.length;
      const fieldIssues = issueReasons.reduce((sum, [, n]) => sum + n, 0);
      const summary: FileSummary = {
        file,
        status: "imported",
        kind: spec.kind,
        importId,
        previousImportId: previous?.import_id,
        encoding: source.encoding,
        delimiter: source.delimiter,
        sheet: source.sheet,
        rowsRead,
        rowsAccepted,
        rowsRejected,
        rowsInserted: rowsAccepted - updated,
        rowsUpdated: updated,
        unmappedColumns: plan.extras.map((e) => e.header),
        ...(events ? { eventLog: events } : {}),
        // Why rows are not records: their record-level reasons only (a rejected row is listed in
        // `rejects` with its field problems too, but those are not why it was rejected).
        rejectsByReason: Object.fromEntries(
          (
            await warehouse.all<{ reason: string; n: number }>(`SELECT reason, count(*) AS n FROM (
              SELECT DISTINCT __line AS line, unnest(errors).reason AS reason FROM typed WHERE len(errors) > 0
              UNION ALL SELECT DISTINCT line, reason FROM rejects WHERE import_id = ${importId} AND reason = 'malformed_row')
            GROUP BY reason ORDER BY n DESC, reason`)
          ).map((r) => [r.reason, Number(r.n)]),
        ),
        fieldIssues,
        fieldIssuesByReason: Object.fromEntries(issueReasons),
        dateOrder:
          profile!.dateEvidence.dayFirst + profile!.dateEvidence.monthFirst > 0 || profile!.dates.order === "mdy"
            ? profile!.dates.order
            : undefined,
        mostlyRejected: rowsRead > 0 && rowsRejected * 2 > rowsRead,
        phaseSeconds,
      };
      endPhase();
      await warehouse.run(sql`INSERT INTO import_log (import_id, kind, file_name, file_path, file_hash, file_bytes, encoding, delimiter, sheet, mapping_file,
          rows_read, rows_accepted, rows_rejected, rows_inserted, rows_updated, columns_unmapped, started_at, finished_at, field_issues, date_order)
        VALUES (${importId}, ${spec.kind}, ${fileName}, ${path}, ${fileHash}, ${bytes}, ${source.encoding}, ${source.delimiter}, ${source.sheet ?? null},
          ${options.mapping?.path ?? null}, ${summary.rowsRead}, ${rowsAccepted}, ${rowsRejected}, ${summary.rowsInserted}, ${updated},
          [${join(summary.unmappedColumns.map((c) => sql`${c}`))}]::VARCHAR[], ${startedAt.toISOString()}::TIMESTAMPTZ, now(), ${fieldIssues}, ${summary.dateOrder ?? null})`);
      return summary;
    });
  } finally {
    source.cleanup();
    await dropLookups(warehouse, profile);
    await dropStage(warehouse);
    await warehouse.run("RESET preserve_insertion_order");
  }
}

/** The file's headers as a temp table: header text reaches SQL as data, never as SQL text. */
async function stageHeaders(warehouse: Warehouse, headers: string[]): Promise<void> {
  await warehouse.run("CREATE OR REPLACE TEMP TABLE stage_headers (idx INTEGER, header VARCHAR)");
  const appender = await warehouse.connection.createAppender("stage_headers", "main", "temp");
  headers.forEach((header, i) => {
    appender.appendInteger(i);
    appender.appendVarchar(header || `Cột ${i + 1}`);
    appender.endRow();
  });
  appender.closeSync();
}

/** Survey rows are matched within their definition; other kinds by key alone. */
function keyScope(spec: ExportSpec, definition: SurveyDefinition): Sql {
  return spec.kind === "survey" ? sql` AND definition_id = ${definition.id}` : raw("");
}

/**
 * Survey answers go long (response, question, score) under the response's definition: one row per
 * answered question; an empty answer is no row. A later export replaces the answers it carries
 * and can read, and keeps the others.
 */
async function storeAnswers(
  warehouse: Warehouse,
  spec: ExportSpec,
  carried: Map<string, unknown>,
  definition: SurveyDefinition,
): Promise<void> {
  const questions = spec.fields.filter((f) => f.name.startsWith(questionPrefix) && carried.has(f.name));
  if (questions.length === 0) return;
  const ids = join(questions.map((q) => sql`${q.name.slice(questionPrefix.length)}`));
  const fields = join(questions.map((q) => sql`${q.name}`));
  const scores = raw(questions.map((q) => sqlIdent(q.name)).join(", "));
  await warehouse.run(sql`CREATE OR REPLACE TEMP TABLE new_answers AS
    SELECT response_id, question_id, score, list_contains(__emptied, field) AS unread FROM (
      SELECT response_id, list_transform(list_filter(issues, i -> i.empties), i -> i.field) AS __emptied,
        unnest([${ids}]) AS question_id, unnest([${fields}]) AS field, unnest([${scores}]) AS score
      FROM typed WHERE len(errors) = 0)`);
  // As for every field: an empty or unreadable answer in a later export does not erase a stored one.
  await warehouse.run(sql`DELETE FROM survey_answers WHERE definition_id = ${definition.id}
    AND (response_id, question_id) IN (SELECT (response_id, question_id) FROM new_answers WHERE NOT unread AND score IS NOT NULL)`);
  await warehouse.run(sql`INSERT INTO survey_answers (response_id, question_id, score, definition_id)
    SELECT response_id, question_id, score, ${definition.id} FROM new_answers WHERE score IS NOT NULL AND NOT unread`);
  await warehouse.run("DROP TABLE new_answers");
}

/**
 * This definition's questions as it says now, so pages can label answers without reading the file.
 * Other definitions' questions stay; a question dropped from this definition keeps its label for
 * the older waves that answered it.
 */
async function storeQuestions(warehouse: Warehouse, definition: SurveyDefinition): Promise<void> {
  await warehouse.run(
    sql`INSERT OR REPLACE INTO survey_definitions VALUES (${definition.id}, ${definition.name ?? null})`,
  );
  for (const q of definition.questions) {
    await warehouse.run(sql`INSERT OR REPLACE INTO survey_questions (definition_id, question_id, dimension, dimension_label, text, scale_min, scale_max)
      VALUES (${definition.id}, ${q.id}, ${q.dimension}, ${definition.dimensions[q.dimension]}, ${q.text}, ${q.scale[0]}, ${q.scale[1]})`);
  }
}
