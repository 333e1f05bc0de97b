import type { ExportSpec, FieldSpec } from "../ingest/fields.ts";
import { ticketSpec } from "../ingest/ticketSpec.ts";
import { customerSpec } from "../ingest/customerSpec.ts";
import { surveySheetFields } from "../ingest/surveySpec.ts";
import { ident, join, raw, sql, type Sql } from "../sql/compose.ts";
import { standardDefinitionId } from "../survey/definition.ts";
import type { Warehouse } from "./database.ts";

/** Canonical table of each export kind. */
export const tableOf = { tickets: "tickets", survey: "survey_responses", customers: "customers" } as const;

/** Columns every canonical row carries besides its fields: where it came from and what else its export said. */
const provenance = ["extra JSON", "import_id INTEGER NOT NULL", "source_line INTEGER"];

function columnType(field: FieldSpec): string {
  switch (field.type) {
    case "timestamp":
      return "TIMESTAMP";
    case "score":
      return "TINYINT";
    case "amount":
      return "DOUBLE";
    default:
      return "VARCHAR";
  }
}

/** The columns a spec's table has, in order: coded fields keep the export's own spelling in `<name>_raw`. */
export function canonicalColumns(fields: FieldSpec[]): { name: string; type: string }[] {
  return fields.flatMap((field) => {
    const column = { name: field.name, type: columnType(field) };
    return field.type === "coded" ? [column, { name: `${field.name}_raw`, type: "VARCHAR" }] : [column];
  });
}

function tableDdl(table: string, fields: FieldSpec[]): Sql {
  const columns = canonicalColumns(fields).map((c) => sql`${ident(c.name)} ${raw(c.type)}`);
  return sql`CREATE TABLE IF NOT EXISTS ${ident(table)} (${join([...columns, ...provenance.map(raw)])})`;
}

const surveyTableFields: FieldSpec[] = surveySheetFields;

const ddl: (string | Sql)[] = [
  `CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1`,
  `CREATE TABLE IF NOT EXISTS import_log (
     import_id INTEGER PRIMARY KEY,
     kind VARCHAR NOT NULL,
     file_name VARCHAR NOT NULL,
     file_path VARCHAR NOT NULL,
     file_hash VARCHAR NOT NULL,
     file_bytes BIGINT,
     encoding VARCHAR,
     delimiter VARCHAR,
     sheet VARCHAR,
     mapping_file VARCHAR,
     rows_read INTEGER NOT NULL,
     rows_accepted INTEGER NOT NULL,
     rows_rejected INTEGER NOT NULL,
     rows_inserted INTEGER NOT NULL,
     rows_updated INTEGER NOT NULL,
     columns_unmapped VARCHAR[],
     started_at TIMESTAMPTZ NOT NULL,
     finished_at TIMESTAMPTZ NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS rejects (
     import_id INTEGER NOT NULL,
     file_name VARCHAR NOT NULL,
     line INTEGER,
     column_name VARCHAR,
     value VARCHAR,
     reason VARCHAR NOT NULL,
     message VARCHAR NOT NULL,
     raw_row JSON
   )`,
  // A record kept with a problem in one field: the field was left empty (or kept as read, for
  // `two_digit_year`), the original text is here. Replaced when a later export carries the field again.
  `CREATE TABLE IF NOT EXISTS field_issues (
     import_id INTEGER NOT NULL,
     file_name VARCHAR NOT NULL,
     kind VARCHAR NOT NULL,
     record_key VARCHAR NOT NULL,
     line INTEGER,
     field VARCHAR NOT NULL,
     column_name VARCHAR,
     value VARCHAR,
     reason VARCHAR NOT NULL,
     message VARCHAR NOT NULL
   )`,
  // Spellings of coded values taught by mapping files: every later import and re-derivation uses them.
  `CREATE TABLE IF NOT EXISTS value_aliases (
     field VARCHAR NOT NULL,
     spelling VARCHAR NOT NULL,
     code VARCHAR NOT NULL,
     source VARCHAR,
     added_at TIMESTAMPTZ NOT NULL
   )`,
  tableDdl(tableOf.tickets, ticketSpec.fields),
  tableDdl(tableOf.survey, surveyTableFields),
  // Survey definitions live side by side: a question is (definition_id, question_id), and responses and
  // answers carry the definition they answered (definition_id is added below, for old databases too).
  `CREATE TABLE IF NOT EXISTS survey_answers (response_id VARCHAR NOT NULL, question_id VARCHAR NOT NULL, score TINYINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS survey_questions (definition_id VARCHAR NOT NULL, question_id VARCHAR NOT NULL, dimension VARCHAR, dimension_label VARCHAR, text VARCHAR,
     scale_min TINYINT, scale_max TINYINT, PRIMARY KEY (definition_id, question_id))`,
  `CREATE TABLE IF NOT EXISTS survey_definitions (definition_id VARCHAR PRIMARY KEY, name VARCHAR)`,
  tableDdl(tableOf.customers, customerSpec.fields),
];

/** Create whatever is missing; columns added to a spec later are added to existing tables. */
export async function ensureSchema(warehouse: Warehouse): Promise<void> {
  for (const statement of ddl) await warehouse.run(statement);
  // Columns import_log gained after its first release.
  await warehouse.run("ALTER TABLE import_log ADD COLUMN IF NOT EXISTS field_issues INTEGER");
  await warehouse.run("ALTER TABLE import_log ADD COLUMN IF NOT EXISTS date_order VARCHAR");
  // A rejected row is listed with every problem it has; `cause` marks the ones that made it no record.
  await warehouse.run("ALTER TABLE rejects ADD COLUMN IF NOT EXISTS cause BOOLEAN DEFAULT true");
  const specs: [string, FieldSpec[]][] = [
    [tableOf.tickets, ticketSpec.fields],
    [tableOf.survey, surveyTableFields],
    [tableOf.customers, customerSpec.fields],
  ];
  for (const [table, fields] of specs) {
    for (const column of canonicalColumns(fields)) {
      await warehouse.run(
        sql`ALTER TABLE ${ident(table)} ADD COLUMN IF NOT EXISTS ${ident(column.name)} ${raw(column.type)}`,
      );
    }
  }
  await migrateSurveyDefinitions(warehouse);
}

/**
 * Databases made before survey definitions had ids: their responses, answers and questions all
 * belong to the standard definition. survey_questions was keyed by question_id alone, a key DuckDB
 * cannot alter, so that table is rebuilt; the others gain a column whose default fills old rows.
 */
async function migrateSurveyDefinitions(warehouse: Warehouse): Promise<void> {
  const standard = `'${standardDefinitionId}'`; // a constant of this code base, not a value from a file
  for (const table of [tableOf.survey, "survey_answers"]) {
    await warehouse.run(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS definition_id VARCHAR DEFAULT ${standard}`);
  }
  const keyed = await warehouse.one<{ n: number }>(
    "SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'survey_questions' AND column_name = 'definition_id' AND NOT internal",
  );
  if (Number(keyed?.n) > 0) return;
  await warehouse.transaction(async () => {
    await warehouse.run("ALTER TABLE survey_questions RENAME TO survey_questions_v1");
    await warehouse.run(`CREATE TABLE survey_questions (definition_id VARCHAR NOT NULL, question_id VARCHAR NOT NULL, dimension VARCHAR, dimension_label VARCHAR, text VARCHAR,
      scale_min TINYINT, scale_max TINYINT, PRIMARY KEY (definition_id, question_id))`);
    await warehouse.run(
      `INSERT INTO survey_questions SELECT ${standard}, question_id, dimension, dimension_label, text, scale_min, scale_max FROM survey_questions_v1`,
    );
    await warehouse.run("DROP TABLE survey_questions_v1");
  });
}

/** The fields of a spec that have a column in its canonical table (survey questions go to survey_answers). */
export function storedFields(spec: ExportSpec): FieldSpec[] {
  return spec.kind === "survey" ? surveyTableFields : spec.fields;
}
