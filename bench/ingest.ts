// npm run bench: ingest of a 1,000,000-ticket export against bare DuckDB on the same file, same run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeBenchTickets } from "./makeTickets.ts";

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = resolve("bench/out");
mkdirSync(dir, { recursive: true });
const csvPath = join(dir, `tickets-${rows}.csv`);
if (!existsSync(csvPath)) {
  process.stdout.write(`Tạo ${csvPath} (${rows.toLocaleString("vi-VN")} phiếu)…\n`);
  await writeBenchTickets(csvPath, rows);
}
const megabytes = statSync(csvPath).size / 1e6;

function measure(variant: string) {
  const db = join(dir, `${variant}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/child.ts", variant, csvPath, db], { encoding: "utf8" });
  return JSON.parse(out) as { variant: string; seconds: number; rows: number; peakRssMB: number };
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const results: Record<string, ReturnType<typeof measure>[]> = { duckdb: [], haumai: [] };
for (let i = 0; i < runs; i++) for (const variant of ["duckdb", "haumai"]) results[variant].push(measure(variant));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(results.duckdb.map((r) => r.seconds));
const table = Object.entries(results).map(([variant, rs]) => ({
  "cách nạp": variant === "duckdb" ? "DuckDB trần: CREATE TABLE AS read_csv" : "haumai ingest (kiểm tra + loại + ghi)",
  "dòng": rs[0].rows,
  "giây (trung vị)": Number(median(rs.map((r) => r.seconds)).toFixed(2)),
  "các lần": rs.map((r) => r.seconds.toFixed(2)).join(" / "),
  "so với DuckDB": Number((median(rs.map((r) => r.seconds)) / bare).toFixed(2)),
  "RSS đỉnh (MB)": Math.round(Math.max(...rs.map((r) => r.peakRssMB))),
}));
process.stdout.write(`Tệp: ${csvPath}, ${megabytes.toFixed(0)} MB, ${rows.toLocaleString("vi-VN")} phiếu, ${runs} lần mỗi cách\n`);
console.table(table);
