import type { ExportSpec, FieldSpec } from "./fields.ts";
import type { ColumnPlan, Mapping } from "./mapping.ts";
import { dateOnlySql, fieldSql } from "./parseSql.ts";
import { canonicalColumns } from "../warehouse/schema.ts";
import { cleanCellSql, type Staged } from "./stage.ts";
import type { ColumnProfile } from "./profile.ts";
import { sqlIdent, sqlString } from "../text/foldKey.ts";
import { markedCellChecks, markedSql } from "./cellMarks.ts";

const cell = (index: number) => `c${index}`;
const raw = (name: string) => sqlIdent(`r:${name}`);
const parsed = (name: string) => sqlIdent(`p:${name}`);
/** A field's staged cell before cleaning, kept only when the workbook conversion marked cells (cellMarks.ts). */
const markedCell = (name: string) => sqlIdent(`m:${name}`);

/**
 * The SELECT that turns the staged export (`stage`, every cell VARCHAR) into typed
 * canonical rows with, per row, the list of its problems. `lineSql` gives each staged
 * row's line in the original file. The result has `__line`, the canonical columns,
 * `extra` (the columns no field claims, as JSON) and `errors`.
 */
export function typedSelect(spec: ExportSpec, plan: ColumnPlan, staged: Pick<Staged, "lineSql" | "joinSql" | "needsNfc" | "needsTrim"> & { markedCells?: boolean }, mapping?: Mapping, profile?: ColumnProfile): string {
  const present = spec.fields.filter((f) => plan.fields.has(f.name));
  const header = (name: string) => plan.fields.get(name)!.header;
  const hints = (name: string) => ({ codes: profile?.codes.get(name), dateFormat: profile?.dateFormats.get(name) });
  const sqlOf = new Map(present.map((f) => [f.name, fieldSql(f, mapping, hints(f.name))]));

  const cleaned = [
    ...[...plan.fields.values()].map(({ index }) => `${cleanCellSql(cell(index), staged)} AS ${cell(index)}`),
    // FIELD ISSUE (lead wires): a marked workbook cell in a column kept as is keeps its text (the formula, the time).
    ...plan.extras.map(({ index }) => `${cleanCellSql(cell(index), staged, { markedAsText: true })} AS ${cell(index)}`),
  ];
  // FIELD ISSUE (lead wires): the raw cells of present fields travel along so that marks can be reported.
  const marks = staged.markedCells ? present.map((f) => markedCell(f.name)) : [];
  if (staged.markedCells) cleaned.push(...present.map((f) => `${cell(plan.fields.get(f.name)!.index)} AS ${markedCell(f.name)}`));
  const extra = plan.extras.length
    ? `CASE WHEN coalesce(${plan.extras.map(({ index }) => cell(index)).join(", ")}) IS NOT NULL
         THEN json_object(${plan.extras.map(({ index, header: h }) => `${sqlString(h)}, ${cell(index)}`).join(", ")}) END`
    : "NULL";

  const stepOne = present.flatMap((f) => {
    const c = cell(plan.fields.get(f.name)!.index);
    const parse = sqlOf.get(f.name)!.parse;
    return [`${c} AS ${raw(f.name)}`, ...(parse ? [`${parse(c)} AS ${parsed(f.name)}`] : [])];
  });

  // No key column: a hash of the identifying cells stands in, so re-imports still match.
  const derived = !plan.fields.has(spec.key) && spec.deriveKey ? spec.deriveKey.filter((name) => plan.fields.has(name)) : undefined;
  const keySql = derived ? `md5(concat_ws('|', ${derived.map((name) => `coalesce(${cell(plan.fields.get(name)!.index)}, '')`).join(", ")}))` : plan.fields.has(spec.key) ? cell(plan.fields.get(spec.key)!.index) : undefined;
  if (derived) stepOne.push(`${keySql} AS ${raw(spec.key)}`);
  const keyHeader = plan.fields.get(spec.key)?.header ?? `${spec.key} (tự sinh từ ${derived?.join(", ")})`;

  const values = present.flatMap((f) => sqlOf.get(f.name)!.values(raw(f.name), parsed(f.name)).map(([name, sql]) => `${sql} AS ${sqlIdent(name)}`));
  // Fields whose column the file lacks are NULL, so every typed table has the same shape.
  if (derived) values.push(`${raw(spec.key)} AS ${sqlIdent(spec.key)}`);
  const absent = spec.fields.filter((f) => !plan.fields.has(f.name) && !(derived && f.name === spec.key)).flatMap((f) => absentColumns(f));

  const problem = (reason: string, condition: string, column: string, value: string, detail = "NULL") =>
    `CASE WHEN ${condition} THEN {'column_name': ${sqlString(column)}, 'value': ${value}, 'reason': ${sqlString(reason)}, 'detail': ${detail}} END`;

  const checks: string[] = [];
  for (const f of present) {
    for (const [reason, condition, detail] of sqlOf.get(f.name)!.checks(raw(f.name), parsed(f.name))) {
      const code = reason === "missing_required" && f.name === spec.key ? "missing_key" : reason;
      // FIELD ISSUE (lead wires): a marked cell is empty for a reason of its own, reported below instead.
      const unmarked = staged.markedCells && reason === "missing_required" ? ` AND NOT ${markedSql(markedCell(f.name))}` : "";
      checks.push(problem(code, condition + unmarked, header(f.name), `${raw(f.name)}::VARCHAR`, detail));
    }
  }
  // FIELD ISSUE (lead wires): a workbook cell with no usable value (uncached formula, time without a
  // date) is NULL in its field and recorded with its text; here as a reject check until field issues exist.
  if (staged.markedCells) {
    for (const f of present) {
      for (const [reason, condition, value] of markedCellChecks(markedCell(f.name))) checks.push(problem(reason, condition, header(f.name), value));
    }
  }
  for (const rule of spec.order) {
    if (!plan.fields.has(rule.later) || !plan.fields.has(rule.earlier)) continue;
    const [later, earlier] = [parsed(rule.later), parsed(rule.earlier)];
    // A date with no time of day says only which day: compare days then.
    const dateOnly = `(${dateOnlySql(raw(rule.later))} OR ${dateOnlySql(raw(rule.earlier))})`;
    const inverted = `${later} < ${earlier} AND NOT (${dateOnly} AND ${later}::DATE >= ${earlier}::DATE)`;
    const unless = rule.unless && plan.fields.has(rule.unless) ? ` AND ${raw(rule.unless)} IS NULL` : "";
    checks.push(problem(`${rule.later.replace(/_at$/, "")}_before_${rule.earlier.replace(/_at$/, "")}`, inverted + unless, header(rule.later), raw(rule.later), `strftime(${earlier}, '%d/%m/%Y %H:%M')`));
  }
  // Keys seen more than once, found by one grouping (far cheaper than a window over every row).
  const duplicates = keySql ? `, duplicates AS (SELECT ${keySql} AS k, min(__line) AS first_line FROM cleaned WHERE ${keySql} IS NOT NULL GROUP BY k HAVING count(*) > 1)` : "";
  if (keySql) {
    checks.push(problem("duplicate_key_in_file", "__line <> duplicates.first_line", keyHeader, raw(spec.key), "duplicates.first_line::VARCHAR"));
  }

  return `
    WITH cleaned AS (SELECT ${staged.lineSql} AS __line, stage.rowid AS __row, ${cleaned.join(", ")} FROM stage ${staged.joinSql}),
    step_one AS (SELECT __line, __row, ${[...stepOne, ...marks, `${extra} AS extra`].join(", ")} FROM cleaned)${duplicates}
    SELECT __line, __row, ${[...values, ...absent].join(", ")}, extra,
      list_filter([${checks.join(",\n")}], x -> x IS NOT NULL) AS errors
    FROM step_one ${keySql ? `LEFT JOIN duplicates ON duplicates.k = step_one.${raw(spec.key)}` : ""}`;
}

function absentColumns(field: FieldSpec): string[] {
  return canonicalColumns([field]).map((c) => `NULL::${c.type} AS ${sqlIdent(c.name)}`);
}
