import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { loadMapping } from "../../loaders/ingest/mapping.ts";
import { memoryWarehouse } from "../helpers.ts";

const file = "../shared/realdata/support-tickets/customer_support_tickets.csv";
const nyc = "../shared/realdata/nyc311/service_requests_sample.csv";
const present = existsSync(file);
if (!present) console.warn(`realdata not found at ${file}: the real-export tests are skipped`);

describe.skipIf(!present)("a foreign export through a mapping file (Kaggle customer support tickets)", () => {
  it("every row is a record or rejected with its reason; a resolution before the first response is a field issue, not averaged in", async () => {
    // Worked out independently of the ingest code, with csv-parse over the same file.
    const records = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
    const inverted = records.filter(
      (r) => r["Time to Resolution"] && r["Time to Resolution"] < r["First Response Time"],
    ).length;
    const neverAnswered = records.filter((r) => r["First Response Time"] === "").length;
    const rated = records.filter((r) => r["Customer Satisfaction Rating"] !== "").length;

    const w = await memoryWarehouse();
    const summary = await ingestFile(w, file, {
      mapping: loadMapping("data/mappings/kaggle-customer-support-tickets.json"),
    });
    expect(summary.rowsRead).toBe(records.length);
    expect(summary.rowsAccepted + summary.rowsRejected).toBe(records.length);
    // Open tickets never answered have no time at all in this export: they cannot be placed in a month,
    // so they are the only rows that are not records. An inverted resolution keeps the ticket, without its close.
    expect(summary.rejectsByReason).toEqual({ missing_required: neverAnswered });
    expect(summary.fieldIssuesByReason).toEqual({ closed_before_received: inverted });
    expect(summary.rowsAccepted).toBe(records.length - neverAnswered);
    expect(inverted).toBeGreaterThan(1000);
    expect(summary.mostlyRejected).toBe(false);

    expect(await w.all("SELECT channel, count(*) AS n FROM tickets GROUP BY channel ORDER BY channel")).toEqual(
      ["email", "hotline", "social", "web"].map((channel) => ({ channel, n: expect.any(Number) })),
    );
    expect(
      await w.one(
        "SELECT count(*) FILTER (WHERE request_type IS NULL) AS unmapped, count(*) FILTER (WHERE closed_at < received_at) AS negative FROM tickets",
      ),
    ).toEqual({ unmapped: 0, negative: 0 });
    const keptRated = await w.one<{ n: number }>("SELECT count(csat) AS n FROM tickets");
    // Every rating of a kept ticket is kept: ratings sit only on tickets that have a first response.
    const ratedKept = records.filter(
      (r) => r["Customer Satisfaction Rating"] !== "" && r["First Response Time"] !== "",
    ).length;
    expect(keptRated!.n).toBe(ratedKept);
    expect(ratedKept).toBeLessThanOrEqual(rated);
    // Columns the mapping does not claim are kept per row, multi-line descriptions intact.
    const extra = await w.one<{ d: string }>(
      "SELECT extra->>'Ticket Description' AS d FROM tickets WHERE ticket_id = '1'",
    );
    expect(extra!.d).toContain("\n\nYour billing zip code is: 71701.");
    w.close();
  });
});

describe.skipIf(!existsSync(nyc))("NYC 311 requests mapped on the command line's terms", () => {
  it("ISO timestamps with milliseconds, multi-line quoted locations; every row accounted for", async () => {
    const records = parse(readFileSync(nyc), { columns: true, bom: true }) as Record<string, string>[];
    const w = await memoryWarehouse();
    const summary = await ingestFile(w, nyc, {
      mapping: {
        kind: "tickets",
        columns: {
          unique_key: "ticket_id",
          created_date: "received_at",
          closed_date: "closed_at",
          open_data_channel_type: "channel",
        },
        values: { channel: { MOBILE: "web", ONLINE: "web", PHONE: "hotline", UNKNOWN: "other" } },
      },
    });
    expect(summary.rowsRead).toBe(records.length);
    const inverted = records.filter((r) => r.closed_date && r.closed_date < r.created_date).length;
    // Every request has a key and a creation time: all are records; a close before the creation is a field issue.
    expect(summary.rowsRejected).toBe(0);
    expect(summary.fieldIssuesByReason.closed_before_received ?? 0).toBe(inverted);
    const open = records.filter((r) => !r.closed_date).length + inverted;
    expect(await w.one("SELECT count(*) FILTER (WHERE closed_at IS NULL) AS open FROM tickets")).toEqual({ open });
    w.close();
  });
});
