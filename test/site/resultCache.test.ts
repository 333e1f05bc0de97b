import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { answeredTicket, csv, scratchDir, ticketColumns } from "../helpers.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { monthlyKpis } from "../../loaders/kpi/monthly.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());
const db = join(scratch.dir, "haumai.duckdb");
const cacheRoot = join(scratch.dir, "results");

async function ingest(name: string, ids: string[]) {
  const w = await Warehouse.open(db);
  try {
    await ensureSchema(w);
    await ingestFile(w, scratch.file(name, csv([ticketColumns, ...ids.map(answeredTicket)])));
  } finally {
    w.close();
  }
}

/** What the annual-review loader does: the months' KPIs, through the cache. */
async function tickets(counter: { n: number }) {
  const months = await sharedResult(
    "monthly-kpis",
    async () => {
      counter.n++;
      const w = await Warehouse.open(db, { readOnly: true });
      try {
        return await monthlyKpis(w);
      } finally {
        w.close();
      }
    },
    { dbPath: db, cacheRoot },
  );
  return months.find((m) => m.month === "2026-03")?.kpis.tickets_received.value;
}

describe("results shared by the data loaders", () => {
  it("computes once for the same data, and again after an import changes it", async () => {
    await ingest("a.csv", ["P1", "P2"]);
    const counter = { n: 0 };
    expect(await tickets(counter)).toBe(2);
    expect(await tickets(counter)).toBe(2);
    expect(counter.n).toBe(1);

    await ingest("b.csv", ["P3"]);
    expect(await tickets(counter)).toBe(3);
    expect(counter.n).toBe(2);
  });

  it("leaves no spill folder beside the database after the warehouse closes", () => {
    expect(existsSync(`${db}.tmp`)).toBe(false);
    expect(readdirSync(scratch.dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("waits for a loader already computing the same result instead of computing it twice", async () => {
    const counter = { n: 0 };
    const slow = () =>
      sharedResult("slow", async () => (counter.n++, await new Promise((r) => setTimeout(r, 300)), 42), {
        dbPath: db,
        cacheRoot,
      });
    expect(await Promise.all([slow(), slow()])).toEqual([42, 42]);
    expect(counter.n).toBe(1);
  });
});
