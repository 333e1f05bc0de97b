import type { ExportSpec, FieldSpec } from "./fields.ts";
import type { ColumnPlan } from "./mapping.ts";
import { dateOnlySql, fieldSql, type Check } from "./parseSql.ts";
import { canonicalColumns } from "../warehouse/schema.ts";
import { cleanCellSql, type Staged } from "./stage.ts";
import type { ColumnProfile } from "./profile.ts";
import { sqlIdent, sqlString } from "../text/foldKey.ts";
import { markedCellChecks, markedSql } from "./cellMarks.ts";

const cell = (index: number) => `c${index}`;
const raw = (name: string) => sqlIdent(`r:${name}`);
const parsed = (name: string) => sqlIdent(`p:${name}`);
const clean = (name: string) => sqlIdent(`v:${name}`);
/** A header of the file, read from `stage_headers` (headers are file text: never spliced into SQL). */
const headerSql = (index: number) => `h.hs[${index + 1}]`;
/** A field's staged cell before cleaning, kept only when the workbook conversion marked cells (cellMarks.ts). */
const markedCell = (name: string) => sqlIdent(`m:${name}`);

/**
 * The SELECT that turns the staged export (`stage`, every cell VARCHAR) into typed
 * canonical rows. Per row it lists
 *  - `errors`: what makes it no record (no key, no usable received / submitted time, a second
 *    row of the same key in the file) — the row goes to `rejects`;
 *  - `issues`: problems of single fields (an unknown spelling, a rating it cannot read, a
 *    milestone out of order…) — the record is kept, the field left empty, the issue stored.
 * The result has `__line`, `__row`, `__key`, the canonical columns, `extra` (the columns no
 * field claims, as JSON), `errors` and `issues`. Needs the temp table `stage_headers`.
 */
export function typedSelect(
  spec: ExportSpec,
  plan: ColumnPlan,
  staged: Pick<Staged, "lineSql" | "joinSql" | "needsNfc" | "needsTrim"> & { markedCells?: boolean },
  profile: ColumnProfile,
): string {
  const present = spec.fields.filter((f) => plan.fields.has(f.name));
  const indexOf = (name: string) => plan.fields.get(name)!.index;
  // A coded field's code comes from its lookup table, joined in step one; its reason travels on as a column.
  const lookupOf = (name: string) => {
    const table = profile.lookups.get(name)?.table;
    return table ? { code: `${table}.code`, reason: sqlIdent(`k:${name}`) } : undefined;
  };
  const sqlOf = new Map(
    present.map((f) => [
      f.name,
      fieldSql(f, { dateFormat: profile.dateFormats.get(f.name), lookup: lookupOf(f.name), dates: profile.dates }),
    ]),
  );
  const recordLevel = (f: FieldSpec) => f.name === spec.key || ("required" in f && f.required === true);

  const cleaned = [
    ...[...plan.fields.values()].map(({ index }) => `${cleanCellSql(cell(index), staged)} AS ${cell(index)}`),
    // A marked workbook cell in a column kept as is keeps its text (the formula, the time).
    ...plan.extras.map(({ index }) => `${cleanCellSql(cell(index), staged, { markedAsText: true })} AS ${cell(index)}`),
  ];
  // The raw cells of present fields travel along so that marks can be reported as issues.
  if (staged.markedCells) cleaned.push(...present.map((f) => `${cell(indexOf(f.name))} AS ${markedCell(f.name)}`));
  const extra = plan.extras.length
    ? `CASE WHEN coalesce(${plan.extras.map(({ index }) => cell(index)).join(", ")}) IS NOT NULL
         THEN json_object(${plan.extras.map(({ index }) => `${headerSql(index)}, ${cell(index)}`).join(", ")}) END`
    : "NULL";
  const lookupJoins = [...profile.lookups.entries()]
    .map(([name, l]) => `LEFT JOIN ${l.table} ON ${l.table}.raw = cleaned.${cell(indexOf(name))}`)
    .join(" ");

  const stepOne = present.flatMap((f) => {
    const c = `cleaned.${cell(indexOf(f.name))}`;
    const parse = sqlOf.get(f.name)!.parse;
    const reason = profile.lookups.get(f.name)
      ? [`${profile.lookups.get(f.name)!.table}.reason AS ${sqlIdent(`k:${f.name}`)}`]
      : [];
    const mark = staged.markedCells ? [`cleaned.${markedCell(f.name)}`] : [];
    return [`${c} AS ${raw(f.name)}`, ...(parse ? [`${parse(c)} AS ${parsed(f.name)}`] : []), ...reason, ...mark];
  });

  // Checks of each field on its own; the emptying ones leave the field empty.
  const checksOf = new Map<string, Check[]>();
  for (const f of present) {
    const r = raw(f.name);
    const p = sqlOf.get(f.name)!.parse ? parsed(f.name) : r;
    // A marked workbook cell is empty for a reason of its own (uncached formula, time without a date).
    const unmarked = staged.markedCells ? ` AND NOT ${markedSql(markedCell(f.name))}` : "";
    const missing = f.name === (spec.idField ?? spec.key) ? "missing_key" : "missing_required";
    const required = recordLevel(f)
      ? [{ reason: missing, when: `${r} IS NULL${unmarked}`, empties: true, unread: true }]
      : [];
    const marks = staged.markedCells
      ? markedCellChecks(markedCell(f.name)).map(([reason, when, value]) => ({ reason, when, empties: true, value }))
      : [];
    checksOf.set(f.name, [...required, ...marks, ...sqlOf.get(f.name)!.checks(r, p)]);
  }
  const emptied = (name: string) =>
    checksOf
      .get(name)!
      .filter((c) => c.empties && !c.unread)
      .map((c) => `(${c.when})`);
  const stepTwo = present.flatMap((f) => {
    const r = raw(f.name);
    const p = sqlOf.get(f.name)!.parse ? parsed(f.name) : r;
    const value = sqlOf.get(f.name)!.value(r, p);
    const bad = emptied(f.name);
    const companions = (sqlOf.get(f.name)!.companions?.(r, p) ?? []).map(
      ([name, sql]) => `${sql} AS ${sqlIdent(name)}`,
    );
    return [
      `${bad.length ? `CASE WHEN ${bad.join(" OR ")} THEN NULL ELSE ${value} END` : value} AS ${clean(f.name)}`,
      ...companions,
    ];
  });

  // Each problem is [its condition, the struct it reports]: the list is only built for rows with one.
  const problem = (f: string, check: Check, value: string): [string, string] => [
    `(${check.guard ?? check.when})`,
    `CASE WHEN ${check.when} THEN {'field': ${sqlString(f)}, 'column_name': ${headerSql(indexOf(f))}, 'value': ${value}, 'reason': ${check.reasonSql ?? sqlString(check.reason)}, 'detail': ${check.detail ?? "NULL"}::VARCHAR, 'empties': ${check.empties}} END`,
  ];
  const errors: [string, string][] = [];
  const issues: [string, string][] = [];
  for (const f of present) {
    for (const check of checksOf.get(f.name)!) {
      const value = "value" in check && typeof check.value === "string" ? check.value : `${raw(f.name)}::VARCHAR`;
      (recordLevel(f) && check.empties ? errors : issues).push(problem(f.name, check, value));
    }
  }

  // Milestones out of order: the later one is not believed and is left empty (compared on the
  // values that passed their own checks; a date with no time of day is compared by day).
  const orderIssues = new Map<string, string[]>();
  for (const rule of spec.order) {
    if (!plan.fields.has(rule.later) || !plan.fields.has(rule.earlier)) continue;
    const [later, earlier] = [clean(rule.later), clean(rule.earlier)];
    const dateOnly = `(${dateOnlySql(raw(rule.later))} OR ${dateOnlySql(raw(rule.earlier))})`;
    const unless = rule.unless && plan.fields.has(rule.unless) ? ` AND ${raw(rule.unless)} IS NULL` : "";
    // CASE: the date-only test (two regexes) runs only on the rare rows out of order.
    const when = `CASE WHEN ${later} < ${earlier}${unless} THEN NOT (${dateOnly} AND ${later}::DATE >= ${earlier}::DATE) ELSE false END`;
    const reason = `${rule.later.replace(/_at$/, "")}_before_${rule.earlier.replace(/_at$/, "")}`;
    const check = { reason, when, detail: `strftime(${earlier}, '%d/%m/%Y %H:%M')`, empties: true };
    if (recordLevel(spec.fields.find((f) => f.name === rule.later)!))
      errors.push(problem(rule.later, check, raw(rule.later)));
    else issues.push(problem(rule.later, check, raw(rule.later)));
    orderIssues.set(rule.later, [...(orderIssues.get(rule.later) ?? []), `(${when})`]);
  }

  // The record's key: its key column, or, for an export without one (a survey with no response
  // id), a hash of what the record says once parsed — so that a re-export in another date format
  // is the same response, and two customers answering on the same day are two. A sheet identical
  // to another in the same file is an exact repeat (`duplicate_row`), as for any export.
  const derived =
    !plan.fields.has(spec.key) && spec.deriveKey ? spec.deriveKey.filter((name) => plan.fields.has(name)) : undefined;
  const identity =
    derived && `md5(concat_ws('|', ${derived.map((name) => `coalesce(${clean(name)}::VARCHAR, '')`).join(", ")}))`;
  const keySql = identity ?? (plan.fields.has(spec.key) ? clean(spec.key) : "NULL");

  const finalValue = (f: FieldSpec) => {
    const order = orderIssues.get(f.name);
    return order ? `CASE WHEN ${order.join(" OR ")} THEN NULL ELSE ${clean(f.name)} END` : clean(f.name);
  };
  const values = present.flatMap((f) => {
    const companions = (sqlOf.get(f.name)!.companions?.("", "") ?? []).map(([name]) => sqlIdent(name));
    return [`${finalValue(f)} AS ${sqlIdent(f.name)}`, ...companions];
  });
  if (derived) values.push(`__key AS ${sqlIdent(spec.key)}`);
  // Fields whose column the file lacks are NULL, so every typed table has the same shape.
  const absent = spec.fields
    .filter((f) => !plan.fields.has(f.name) && !(derived && f.name === spec.key))
    .flatMap((f) => absentColumns(f));
  const filled = present.map((f) => `(${clean(f.name)} IS NOT NULL)::INTEGER`).join(" + ") || "0";

  return `
    WITH h AS (SELECT list(header ORDER BY idx) AS hs FROM stage_headers),
    cleaned AS (SELECT ${staged.lineSql} AS __line, stage.rowid AS __row, ${cleaned.join(", ")} FROM stage ${staged.joinSql}),
    step_one AS (SELECT __line, __row, ${[...stepOne, `${extra} AS extra`].join(", ")} FROM cleaned ${lookupJoins} CROSS JOIN h),
    step_two AS (SELECT *, ${stepTwo.join(", ")} FROM step_one),
    checked AS (
      SELECT *, ${keySql} AS __key, ${filled} AS __filled,
        ${problemList(errors)} AS errors,
        ${problemList(issues)} AS issues
      FROM step_two CROSS JOIN h)
    SELECT __line, __row, __key, __filled, ${[...values, ...absent].join(", ")}, extra, errors, issues
    FROM checked`;
}

/**
 * Keys seen more than once in the file, over the materialised `typed` table (a second pass is far
 * cheaper than ranking inside the SELECT, which would compute every row three times): keep the
 * usable row, then the one with fewer field issues, then the fuller one, then the later line (an
 * export lists a ticket's later state last); every other row of the key is rejected, as an exact
 * repeat (`duplicate_row`) or as another row with the same key (`duplicate_key_in_file`).
 */
export function duplicateKeysSql(spec: ExportSpec, plan: ColumnPlan, width: number): string {
  const column = plan.fields.has(spec.key)
    ? `(SELECT header FROM stage_headers WHERE idx = ${plan.fields.get(spec.key)!.index})`
    : "NULL";
  // Every cell as the file has it, to tell an exact repeat from another row with the same key.
  const cells = Array.from({ length: width }, (_, i) => `stage.${cell(i)}`).join(", ");
  return `
    UPDATE typed SET errors = list_append(typed.errors, {'field': ${sqlString(spec.key)}, 'column_name': ${column}, 'value': typed.__key,
        'reason': CASE WHEN d.__hash = d.__kept_hash THEN 'duplicate_row' ELSE 'duplicate_key_in_file' END,
        'detail': d.__kept_line::VARCHAR, 'empties': true}::${problemType})
    FROM (
      SELECT __row, __hash, row_number() OVER w AS __rank, first_value(__line) OVER w AS __kept_line, first_value(__hash) OVER w AS __kept_hash
      FROM (SELECT typed.*, hash(${cells}) AS __hash FROM typed JOIN stage ON stage.rowid = typed.__row
            WHERE __key IN (SELECT __key FROM typed WHERE __key IS NOT NULL GROUP BY __key HAVING count(*) > 1))
      WINDOW w AS (PARTITION BY __key ORDER BY len(errors) = 0 DESC, len(issues), __filled DESC, __line DESC)
    ) d
    WHERE typed.__row = d.__row AND d.__rank > 1`;
}

/** The shape of one problem of a row (see `problem`). */
const problemType =
  "STRUCT(field VARCHAR, column_name VARCHAR, value VARCHAR, reason VARCHAR, detail VARCHAR, empties BOOLEAN)";

/** The problems that hold, as a typed list (an empty list literal would have no struct type). */
function problemList(problems: [string, string][]): string {
  const none = `[]::${problemType}[]`;
  if (!problems.length) return none;
  // Most rows have no problem: one cheap test of the conditions spares them building the list.
  const any = [...new Set(problems.map(([when]) => when))].map((when) => `coalesce(${when}, false)`).join(" OR ");
  return `CASE WHEN ${any} THEN list_filter([${problems.map(([, struct]) => struct).join(",\n")}], x -> x IS NOT NULL)::${problemType}[] ELSE ${none} END`;
}

function absentColumns(field: FieldSpec): string[] {
  return canonicalColumns([field]).map((c) => `NULL::${c.type} AS ${sqlIdent(c.name)}`);
}
