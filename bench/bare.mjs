// The baseline of `npm run bench`: bare DuckDB loading the same export, as a whole node process.
// Plain JavaScript (no tsx), the least a program can do to get the file into a DuckDB table.
import { DuckDBInstance } from "@duckdb/node-api";

const [csvPath, dbPath] = process.argv.slice(2);
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csvPath.replace(/'/g, "''")}')`);
const rows = Number((await connection.runAndReadAll("SELECT count(*) FROM t")).getRows()[0][0]);
connection.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ rows }) + "\n");
