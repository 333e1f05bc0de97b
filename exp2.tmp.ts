import { Warehouse } from "./loaders/warehouse/database.ts";
import { ensureSchema } from "./loaders/warehouse/schema.ts";
import { ingestFile } from "./loaders/ingest/ingestFile.ts";
import { writeFileSync } from "node:fs";
const w = await Warehouse.open(":memory:"); await ensureSchema(w);
const orig = w.run.bind(w);
(w as any).run = async (q: any) => {
  const text = typeof q === "string" ? q : q.toQuery().text;
  if (text.startsWith("CREATE TEMP TABLE typed AS")) {
    const sel = text.slice("CREATE TEMP TABLE typed AS".length);
    writeFileSync("/tmp/typed.sql", sel);
    for (const [label, q2] of [["full", sel], ["no-dups", sel.replace(/dups AS \(SELECT __key FROM checked WHERE __key IS NOT NULL GROUP BY __key HAVING count\(\*\) > 1\)/, "dups AS (SELECT NULL::VARCHAR AS __key WHERE false)")]]) {
      const s = performance.now(); await orig(`CREATE OR REPLACE TEMP TABLE tmpx AS ${q2}`); console.log(label, ((performance.now()-s)/1000).toFixed(2));
    }
    const s = performance.now(); await orig(`CREATE OR REPLACE TEMP TABLE tmpx AS SELECT * FROM (${sel.split("checked AS (")[0].replace(/,\s*$/, "")} SELECT * FROM step_two)`); console.log("to step_two", ((performance.now()-s)/1000).toFixed(2));
  }
  return orig(q);
};
await ingestFile(w, "bench/out/tickets-1000000.csv");
w.close();
