// The warehouse at a glance: what was imported, what was rejected and why, which fields of kept
// records had problems, and the values no list knows. Aggregates only.
import { plain, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { unrecognisedValues } from "../../loaders/ingest/rederive.ts";
import { reasonMessage } from "../../loaders/ingest/rejectReasons.ts";

// A count by reason shows the reason, not one row's detail (a date, a line number).
const byReason = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({ ...r, message: reasonMessage(String(r.reason)) }));

const status = await withWarehouse(async (w) => {
  // A database written before field issues existed has neither the table nor the import_log column
  // until its next import migrates it; the page then shows none rather than failing to build.
  const issuesKnown = Boolean(await w.one("SELECT 1 FROM duckdb_tables() WHERE table_name = 'field_issues'"));
  return {
    available: true,
    tables: plain(
      await w.all(`SELECT 'tickets' AS kind, count(*) AS rows, min(received_at) AS first, max(received_at) AS last FROM tickets
        UNION ALL SELECT 'survey', count(*), min(submitted_at), max(submitted_at) FROM survey_responses
        UNION ALL SELECT 'customers', count(*), NULL, NULL FROM customers`),
    ),
    imports: plain(
      await w.all(`SELECT import_id, kind, file_name, encoding, rows_read, rows_accepted, rows_rejected,
          ${issuesKnown ? "field_issues" : "NULL AS field_issues"}, rows_inserted, rows_updated, finished_at
        FROM import_log ORDER BY import_id DESC LIMIT 200`),
    ),
    rejectReasons: byReason(
      await w.all(`SELECT reason, count(DISTINCT (import_id, line)) AS rows FROM rejects WHERE ${issuesKnown ? "cause" : "true"}
        GROUP BY reason ORDER BY rows DESC, reason`),
    ),
    fieldIssues: issuesKnown
      ? byReason(
          await w.all(`SELECT kind, field, reason, count(DISTINCT record_key) AS records
            FROM field_issues GROUP BY ALL ORDER BY records DESC, kind, field`),
        )
      : [],
    // Values are codes and spellings of categories (channel, request type…), never personal data.
    unrecognised: issuesKnown ? (await unrecognisedValues(w)).slice(0, 200) : [],
  };
});

process.stdout.write(JSON.stringify(status ?? { available: false }));
