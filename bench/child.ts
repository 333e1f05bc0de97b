// One measured run in its own process, so that peak RSS belongs to that run alone.
import { DuckDBInstance } from "@duckdb/node-api";
import { Warehouse } from "../loaders/warehouse/database.ts";
import { ensureSchema } from "../loaders/warehouse/schema.ts";
import { ingestFile } from "../loaders/ingest/ingestFile.ts";

const [variant, csvPath, dbPath] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (variant === "duckdb") {
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csvPath}')`);
  rows = Number((await connection.runAndReadAll("SELECT count(*) FROM t")).getRows()[0][0]);
  connection.closeSync();
  instance.closeSync();
} else {
  const warehouse = await Warehouse.open(dbPath);
  await ensureSchema(warehouse);
  const summary = await ingestFile(warehouse, csvPath);
  rows = summary.rowsAccepted;
  warehouse.close();
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ variant, seconds, rows, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
