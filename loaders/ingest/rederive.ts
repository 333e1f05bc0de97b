import type { Warehouse } from "../warehouse/database.ts";
import { ticketSpec } from "./ticketSpec.ts";
import { lookupTable, vocabularies } from "./vocabulary.ts";
import { classify } from "./classify.ts";
import { valueSpellings } from "./spellings.ts";
import { ident, sql } from "../sql/compose.ts";

/** Reasons under which a coded value is kept unclassified (its original in `<field>_raw`). */
export const unclassifiedReasons = ["unknown_value", "negated_value"] as const;

export interface UnrecognisedValue {
  kind: string;
  field: string;
  value: string;
  reason: string;
  /** Records that carry it now. */
  records: number;
  files: number;
}

/** Values no list knows, with how many stored records carry each: what to add to a mapping file. */
export async function unrecognisedValues(warehouse: Warehouse): Promise<UnrecognisedValue[]> {
  const rows = await warehouse.all<UnrecognisedValue>(sql`
    SELECT kind, field, value, reason, count(DISTINCT record_key) AS records, count(DISTINCT file_name) AS files
    FROM field_issues WHERE reason IN ('unknown_value', 'negated_value')
    GROUP BY ALL ORDER BY records DESC, field, value`);
  return rows.map((r) => ({ ...r, records: Number(r.records), files: Number(r.files) }));
}

/**
 * Classify every stored ticket's coded fields again from their kept originals (`<field>_raw`),
 * with the built-in vocabulary and every spelling the warehouse has been taught: what a new
 * mapping entry resolves is fixed without re-importing. Returns, per field, how many records
 * changed code. Runs in one transaction.
 */
export async function rederiveCodes(warehouse: Warehouse): Promise<Record<string, number>> {
  const spellings = await valueSpellings(warehouse);
  const changed: Record<string, number> = {};
  await warehouse.transaction(async () => {
    for (const field of ticketSpec.fields) {
      if (field.type !== "coded") continue;
      const rawColumn = `${field.name}_raw`;
      const values = await warehouse.all<{ v: string }>(
        sql`SELECT DISTINCT ${ident(rawColumn)} AS v FROM tickets WHERE v IS NOT NULL`,
      );
      const known = lookupTable(vocabularies[field.vocabulary], spellings[field.vocabulary]);
      await warehouse.run("CREATE OR REPLACE TEMP TABLE recoded (raw VARCHAR, code VARCHAR, classified BOOLEAN)");
      const appender = await warehouse.connection.createAppender("recoded", "main", "temp");
      for (const { v } of values) {
        const result = classify(v, known);
        appender.appendVarchar(v);
        // An unclassified channel is still a contact: "other", as at import.
        const code = result.code ?? (field.unknown === "other" ? "other" : null);
        if (code) appender.appendVarchar(code);
        else appender.appendNull();
        appender.appendBoolean(result.code !== null);
        appender.endRow();
      }
      appender.closeSync();
      const before = await warehouse.one<{ n: number }>(sql`
        SELECT count(*) AS n FROM tickets t JOIN recoded r ON r.raw = t.${ident(rawColumn)}
        WHERE t.${ident(field.name)} IS DISTINCT FROM r.code`);
      changed[field.name] = Number(before?.n ?? 0);
      await warehouse.run(sql`UPDATE tickets SET ${ident(field.name)} = r.code FROM recoded r
        WHERE r.raw = tickets.${ident(rawColumn)} AND tickets.${ident(field.name)} IS DISTINCT FROM r.code`);
      // The issue of a value now classified is resolved.
      await warehouse.run(sql`DELETE FROM field_issues WHERE kind = 'tickets' AND field = ${field.name}
        AND reason IN ('unknown_value', 'negated_value')
        AND EXISTS (SELECT 1 FROM tickets t JOIN recoded r ON r.raw = t.${ident(rawColumn)}
          WHERE t.ticket_id = field_issues.record_key AND r.raw = field_issues.value AND r.classified)`);
      await warehouse.run("DROP TABLE recoded");
    }
  });
  return changed;
}
