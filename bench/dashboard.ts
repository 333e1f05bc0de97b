// npm run bench (second part): the dashboard over 1,000,000 tickets — build time, each loader's time,
// bytes each page loads, and one month's KPIs in DuckDB vs arquero over the same rows.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as aq from "arquero";
import { Warehouse } from "../loaders/warehouse/database.ts";
import { ensureSchema } from "../loaders/warehouse/schema.ts";
import { ingestFile } from "../loaders/ingest/ingestFile.ts";
import { monthlyKpis } from "../loaders/kpi/monthly.ts";
import { writeBenchTickets } from "./makeTickets.ts";

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = resolve("bench/out");
const csvPath = join(dir, `tickets-${rows}.csv`);
if (!existsSync(csvPath)) await writeBenchTickets(csvPath, rows);
const db = join(dir, "dashboard.duckdb");
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });
{
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(w, csvPath);
  w.close();
}
const env = { ...process.env, HAUMAI_DB: db };
const seconds = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

// Each loader alone, as Framework runs it, computing its own result only (no shared results: in a build the first
// loader computes them all).
const loaders = readdirSync("src/data").filter((f) => f.endsWith(".ts"));
const loaderTable = loaders.map((file) => {
  let bytes = 0;
  const s = seconds(
    () =>
      (bytes = execFileSync(process.execPath, ["bin/loader.js", join("src/data", file)], {
        env: { ...env, HAUMAI_RESULT_CACHE: "0" },
        maxBuffer: 1 << 30,
      }).length),
  );
  return { "data loader": file, giây: Number(s.toFixed(2)), "byte ra": bytes };
});
const buildSeconds = seconds(() => execFileSync("npm", ["run", "build"], { env, stdio: "pipe" }));

// Bytes of data each page loads: the files its FileAttachments name, as built.
const built = readdirSync("dist/_file/data");
const pageData: Record<string, string[]> = {
  "bao-cao-thang": ["monthly-report"],
  index: ["monthly-report"],
  "phieu-dich-vu": ["recent-tickets"],
  "dinh-nghia": ["definitions"],
  "du-lieu": ["warehouse-status"],
};
const pageTable = Object.entries(pageData).map(([page, names]) => ({
  trang: page,
  "KB dữ liệu": Math.round(
    names.reduce(
      (s, n) =>
        s +
        statSync(
          join(
            "dist/_file/data",
            built.find((f) => f.startsWith(`${n}.`))!,
          ),
        ).size,
      0,
    ) / 1024,
  ),
}));

// One month's KPIs: DuckDB (the KPI module) vs arquero over the same rows in JS.
const w = await Warehouse.open(db, { readOnly: true });
let t = performance.now();
const kpis = await monthlyKpis(w);
const duckdbSeconds = (performance.now() - t) / 1000;
const month = kpis[Math.floor(kpis.length / 2)].month;
t = performance.now();
const facts = await w.all<Record<string, unknown>>(
  `SELECT ticket_id, received_month, request_type, response_calendar_minutes, response_working_minutes, repaired_month, repair_working_minutes, closed_month, csat FROM ticket_facts`,
);
const fetchSeconds = (performance.now() - t) / 1000;
w.close();
t = performance.now();
const table = aq.from(facts).params({ month });
type Out = Record<string, number>;
// Arquero compiles these callbacks from their source: the row and the parameters are plain objects.
// (An empty duration is null at run time; `null >= 0` is false in JavaScript, as the KPI SQL's filter.)
interface Row {
  received_month: string;
  request_type: string | null;
  response_working_minutes: number;
  repaired_month: string;
  repair_working_minutes: number;
  closed_month: string;
  csat: number;
}
type Params = { month: string };
const received = table.filter((d: Row, $: Params) => d.received_month === $.month);
const byReceived = received
  .rollup({ tickets: aq.op.count(), complaints: (d: Row) => aq.op.sum(d.request_type === "complaint" ? 1 : 0) })
  .objects()[0] as Out;
const response = received
  .filter((d: Row) => d.response_working_minutes >= 0)
  .rollup({ median: (d: Row) => aq.op.median(d.response_working_minutes) })
  .objects()[0] as Out;
const repair = table
  .filter(
    (d: Row, $: Params) =>
      d.repaired_month === $.month &&
      d.repair_working_minutes >= 0 &&
      (d.request_type === "warranty" || d.request_type === "repair" || d.request_type === "maintenance"),
  )
  .rollup({ median: (d: Row) => aq.op.median(d.repair_working_minutes) })
  .objects()[0] as Out;
const satisfied = (
  table
    .filter((d: Row, $: Params) => d.closed_month === $.month && d.csat >= 4)
    .rollup({ n: aq.op.count() })
    .objects()[0] as Out
).n;
const arqueroSeconds = (performance.now() - t) / 1000;
const k = kpis.find((m) => m.month === month)!;
const agree =
  byReceived.tickets === k.kpis.tickets_received.value &&
  response.median === k.kpis.response_median.value &&
  repair.median === k.kpis.repair_median.value &&
  satisfied === k.kpis.satisfaction.x;

process.stdout.write(
  `\nDashboard trên ${rows.toLocaleString("vi-VN")} phiếu: npm run build ${buildSeconds.toFixed(1)} giây\n`,
);
console.table(loaderTable);
console.table(pageTable);
console.table([
  { "cách tính": `DuckDB: monthlyKpis (mọi ${kpis.length} tháng)`, giây: Number(duckdbSeconds.toFixed(3)) },
  { "cách tính": `arquero: tháng ${month} (đã có hàng trong JS)`, giây: Number(arqueroSeconds.toFixed(3)) },
  { "cách tính": "  + đưa hàng từ DuckDB sang JS", giây: Number(fetchSeconds.toFixed(3)) },
]);
process.stdout.write(
  `arquero (kể cả đưa hàng sang JS) / DuckDB = ${((arqueroSeconds + fetchSeconds) / duckdbSeconds).toFixed(1)}×; cùng kết quả: ${agree ? "có" : "KHÔNG"}\n`,
);
