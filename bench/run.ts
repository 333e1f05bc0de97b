// npm run bench: every figure of issue 13 as whole commands, each beside its baseline measured in the same run
// (alternating, several runs, medians), in one table printed and written to bench/out/ (latest.md, latest.json
// and a dated JSON) with the previous run's value beside each figure.
//
//   BENCH_ROWS=1000000         tickets of the ingest-ratio file (16 columns, the centre's format)
//   BENCH_RUNS=3               runs of each timed command (medians)
//   BENCH_MEMORY_ROWS=5000000  tickets of the file whose ingest peak RSS is measured
//   BENCH_BUILD_ROWS=3000000   tickets in the database `npm run build` is timed on
//   BENCH_SKIP=memory,build    parts left out (ingest, help, memory, build, report)
//
// Generated exports and databases stay in bench/out (git-ignored) and are reused by later runs.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { writeBenchTickets } from "./makeTickets.ts";
import { defaultResultCache, resultFingerprint } from "../loaders/warehouse/resultCache.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const rows = env("BENCH_ROWS", 1_000_000);
const runs = env("BENCH_RUNS", 3);
const memoryRows = env("BENCH_MEMORY_ROWS", 5_000_000);
const buildRows = env("BENCH_BUILD_ROWS", 3_000_000);
const skip = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const out = resolve("bench/out");
mkdirSync(out, { recursive: true });
const node = process.execPath;
const say = (text: string) => process.stdout.write(`${text}\n`);
const fmt = (n: number) => n.toLocaleString("vi-VN");

interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
  stdout: string;
}

/**
 * One whole command, timed from spawn to exit; its peak RSS is VmHWM read from /proc while it runs (the
 * high-water mark only grows, so the last reading before exit is the peak; 20 ms apart).
 */
function measure(args: string[], extraEnv: Record<string, string> = {}, command = node): Promise<Measured> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let peakKB = 0;
    let cpuTicks = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        peakKB = Math.max(peakKB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
        cpuTicks = Number(stat[11]) + Number(stat[12]);
      } catch {
        // exited between two readings
      }
    }, 20);
    child.on("exit", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) fail(new Error(`${args.join(" ")} → ${code}\n${stderr}`));
      else done({ seconds, cpuSeconds: cpuTicks / 100, peakMB: peakKB / 1024, stdout });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ticketsFile(n: number): Promise<string> {
  const path = join(out, `tickets-${n}.csv`);
  if (!existsSync(path)) {
    say(`Tạo ${path} (${fmt(n)} phiếu, 16 cột)…`);
    await writeBenchTickets(`${path}.part`, n);
    spawnSync("mv", [`${path}.part`, path]);
  }
  return path;
}

function freshDb(name: string): string {
  const db = join(out, name);
  for (const f of [db, `${db}.wal`, `${db}.tmp`]) rmSync(f, { recursive: true, force: true });
  return db;
}

const ingestArgs = (file: string, db: string) => ["bin/haumai.js", "ingest", file, "--db", db, "--json"];
const bareArgs = (file: string, db: string) => ["bench/bare.mjs", file, db];

interface Row {
  figure: string;
  now: number;
  unit: string;
  goal: string;
  met: boolean;
  missedBy?: string;
  baseline?: string;
  detail?: string;
}
const table: Row[] = [];

// The CLI compiled as `npm install` leaves it, so the first timed command does not pay for compiling.
spawnSync(node, ["bin/compile.js"], { stdio: "inherit" });

let ingestPeak1M: number | undefined;
if (!skip.has("ingest")) {
  const file = await ticketsFile(rows);
  say(`Nạp ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB): haumai ingest và DuckDB trần, xen kẽ, ${runs} lần…`);
  const bare: Measured[] = [];
  const haumai: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await measure(bareArgs(file, freshDb("bare.duckdb"))));
    haumai.push(await measure(ingestArgs(file, freshDb("ingest.duckdb"))));
    say(`  lần ${i + 1}: DuckDB trần ${bare[i].seconds.toFixed(2)} s, haumai ${haumai[i].seconds.toFixed(2)} s`);
  }
  const [b, h] = [median(bare.map((m) => m.seconds)), median(haumai.map((m) => m.seconds))];
  const ratio = h / b;
  // Where haumai's time goes: the phases its --json summary reports (medians), against the bare read.
  const phases = haumai.map((m) => (JSON.parse(m.stdout).files?.[0]?.phaseSeconds ?? {}) as Record<string, number>);
  const phaseNames: Record<string, string> = {
    hash: "băm tệp",
    prepare: "nhận dạng tệp",
    load: "đọc vào bảng tạm (read_csv)",
    check: "đọc giá trị và kiểm tra từng ô",
    store: "ghi vào kho và ghi lý do",
  };
  const where = Object.entries(phaseNames)
    .filter(([key]) => phases.some((p) => key in p))
    .map(([key, label]) => `${label} ${median(phases.map((p) => p[key] ?? 0)).toFixed(2)} s`)
    .join(", ");
  const cpuRatio = median(haumai.map((m) => m.cpuSeconds)) / median(bare.map((m) => m.cpuSeconds));
  table.push({
    figure: `haumai ingest / DuckDB trần CREATE TABLE AS read_csv (${fmt(rows)} phiếu, lệnh trọn vẹn)`,
    now: ratio,
    unit: "×",
    goal: "≤ 1,3×",
    met: ratio <= 1.3,
    // Why, when missed: wall time follows CPU time on a machine whose cores DuckDB already keeps busy.
    missedBy:
      `${(ratio / 1.3).toFixed(2)}× quá mục tiêu — kiểm tra mọi ô (đọc ngày giờ, số, mã, thứ tự mốc, trùng khóa) ` +
      `cần CPU gấp ${cpuRatio.toFixed(2)}× lần đọc trần, trên ${(await import("node:os")).cpus().length} lõi`,
    baseline: `${b.toFixed(2)} s trần vs ${h.toFixed(2)} s haumai`,
    detail: `các lần haumai ${haumai.map((m) => m.seconds.toFixed(1)).join(" / ")}, trần ${bare.map((m) => m.seconds.toFixed(1)).join(" / ")}; CPU ${cpuRatio.toFixed(2)}×. Thời gian của haumai: ${where}`,
  });
  ingestPeak1M = Math.max(...haumai.map((m) => m.peakMB));
  table.push({
    figure: `RSS đỉnh của haumai ingest, ${fmt(rows)} phiếu`,
    now: ingestPeak1M,
    unit: "MB",
    goal: "≤ 1024 MB",
    met: ingestPeak1M <= 1024,
    missedBy: `${(ingestPeak1M - 1024).toFixed(0)} MB quá`,
    baseline: `DuckDB trần ${Math.max(...bare.map((m) => m.peakMB)).toFixed(0)} MB`,
  });
}

if (!skip.has("memory")) {
  const file = await ticketsFile(memoryRows);
  say(`Nạp ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) để đo RSS đỉnh…`);
  const bare = await measure(bareArgs(file, freshDb("bare.duckdb")));
  const h = await measure(ingestArgs(file, freshDb("ingest.duckdb")));
  table.push({
    figure: `RSS đỉnh của haumai ingest, ${fmt(memoryRows)} phiếu`,
    now: h.peakMB,
    unit: "MB",
    goal: "≤ 1024 MB",
    met: h.peakMB <= 1024,
    missedBy: `${(h.peakMB - 1024).toFixed(0)} MB quá`,
    baseline: `DuckDB trần ${bare.peakMB.toFixed(0)} MB`,
    detail: `${h.seconds.toFixed(1)} s (trần ${bare.seconds.toFixed(1)} s)`,
  });
  for (const f of ["bare.duckdb", "ingest.duckdb"]) freshDb(f);
}

if (!skip.has("help")) {
  say("haumai --help, 5 lần mỗi cách…");
  const compiled: Measured[] = [];
  const tsx: Measured[] = [];
  const viaTsx = [
    "--import",
    "tsx",
    "-e",
    'const { main } = await import("./loaders/cli/main.ts"); await main(["--help"]);',
  ];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    compiled.push(await measure(["bin/haumai.js", "--help"]));
    tsx.push(await measure(viaTsx));
  }
  const now = median(compiled.map((m) => m.seconds));
  table.push({
    figure: "haumai --help (mọi lệnh trả phần khởi động này)",
    now,
    unit: "s",
    goal: "≤ 0,3 s",
    met: now <= 0.3,
    missedBy: `${(now - 0.3).toFixed(2)} s quá`,
    baseline: `qua tsx (như trước) ${median(tsx.map((m) => m.seconds)).toFixed(2)} s`,
  });
}

if (!skip.has("build")) {
  const file = await ticketsFile(buildRows);
  const db = join(out, `build-${buildRows}.duckdb`);
  if (!existsSync(db)) {
    say(`Nạp ${file} vào ${db}…`);
    await measure(ingestArgs(file, freshDb(`build-${buildRows}.duckdb`)));
  }
  say(`npm run build trên ${fmt(buildRows)} phiếu: lần đầu (không kết quả dùng chung), rồi dựng lại cùng dữ liệu…`);
  const build = () => measure(["run", "build"], { HAUMAI_DB: db }, "npm");
  // A first build of new data: no shared result is there yet (the results folder emptied).
  rmSync(resolve(".haumai/results"), { recursive: true, force: true });
  const cold = await build();
  const warm = await build();
  // Where the first build's time goes: Framework logs each loader's time; the first loader computes every shared
  // result (the facts once), the others read theirs.
  const loaders = [...cold.stdout.matchAll(/load \/data\/(\S+) → .*? in (\d+)ms/g)].map((m) => ({
    name: m[1],
    seconds: Number(m[2]) / 1000,
  }));
  const slowest = loaders.reduce((a, l) => (l.seconds > a.seconds ? l : a), { name: "—", seconds: 0 });
  const others = loaders.reduce((sum, l) => sum + l.seconds, 0) - slowest.seconds;
  // The precompute's own record of where its time went (loaders/site/pageResults.ts).
  const timesFile = join(defaultResultCache, resultFingerprint(db) ?? "—", "page-results.json");
  const times = existsSync(timesFile)
    ? (JSON.parse(readFileSync(timesFile, "utf8")) as { seconds: Record<string, number> }).seconds
    : {};
  const inside = Object.entries(times)
    .map(([name, s]) => `${name === "facts" ? "dữ kiện" : name} ${s.toFixed(1)} s`)
    .join(", ");
  const buildWhy =
    `${slowest.name} (tính mọi kết quả dùng chung, dữ kiện dựng một lần) ${slowest.seconds.toFixed(1)} s` +
    `${inside ? ` — ${inside}` : ""}; ` +
    `${loaders.length - 1} loader khác ${others.toFixed(1)} s; Framework và khởi động ` +
    `${(cold.seconds - slowest.seconds - others).toFixed(1)} s`;
  table.push({
    figure: `npm run build, ${fmt(buildRows)} phiếu, dữ liệu mới (chưa có kết quả dùng chung)`,
    now: cold.seconds,
    unit: "s",
    goal: "≤ 15 s",
    met: cold.seconds <= 15,
    missedBy: `${(cold.seconds - 15).toFixed(1)} s quá`,
    baseline: "—",
    detail: buildWhy,
  });
  table.push({
    figure: `npm run build, ${fmt(buildRows)} phiếu, dựng lại cùng dữ liệu (kết quả dùng chung)`,
    now: warm.seconds,
    unit: "s",
    goal: "≤ 15 s",
    met: warm.seconds <= 15,
    missedBy: `${(warm.seconds - 15).toFixed(1)} s quá`,
    baseline: `lần đầu ${cold.seconds.toFixed(1)} s`,
  });
}

if (!skip.has("report")) {
  const demo = join(out, "report.duckdb");
  if (!existsSync(demo)) {
    say("Tạo dữ liệu mẫu cho haumai report…");
    // --no-decisions: a benchmark must not write the demo's sample decisions into the centre's decisions file.
    await measure(["bin/haumai.js", "demo", "--db", demo, "--out", join(out, "demo"), "--no-decisions"]);
  }
  // A copy under a new name each run: a new fingerprint, so the first report builds its site.
  const db = join(out, `report-${Date.now()}.duckdb`);
  copyFileSync(demo, db);
  const report = (n: number) => {
    const dir = join(out, `report-out-${n}`);
    rmSync(dir, { recursive: true, force: true });
    return measure(["bin/haumai.js", "report", "--month", "2026-09", "--db", db, "--out", dir]);
  };
  say("haumai report --month 2026-09: lần đầu (dựng trang), rồi cùng dữ liệu…");
  const cold = await report(0);
  const warm: Measured[] = [];
  for (let i = 1; i <= runs; i++) warm.push(await report(i));
  const now = median(warm.map((m) => m.seconds));
  table.push({
    figure: "haumai report --month, trang đã dựng cho cùng dữ liệu (dữ liệu mẫu)",
    now,
    unit: "s",
    goal: "≤ 5 s",
    met: now <= 5,
    missedBy: `${(now - 5).toFixed(1)} s quá`,
    baseline: `lần đầu (dựng trang) ${cold.seconds.toFixed(1)} s`,
  });
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  for (let i = 0; i <= runs; i++) rmSync(join(out, `report-out-${i}`), { recursive: true, force: true });
}

// Each figure's previous value: the latest earlier run that measured it (a run may have skipped some parts).
interface Record_ {
  when: string;
  table: Row[];
}
const earlier: Record_[] = readdirSync(out)
  .filter((f) => /^bench-.*\.json$/.test(f))
  .sort()
  .reverse()
  .map((f) => JSON.parse(readFileSync(join(out, f), "utf8")) as Record_);
const before = (figure: string) => {
  for (const run of earlier) {
    const row = run.table.find((r) => r.figure === figure);
    if (row) return { row, when: run.when };
  }
  return undefined;
};
const latestJson = join(out, "latest.json");
const value = (r: Row) =>
  r.unit === "MB" ? `${r.now.toFixed(0)} MB` : r.unit === "×" ? `${r.now.toFixed(2)}×` : `${r.now.toFixed(2)} s`;
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const when = new Date().toISOString();
const lines = [
  `# npm run bench — ${when}`,
  "",
  `Máy: ${(await import("node:os")).cpus().length} lõi, tải trung bình ${load}. Trung vị của ${runs} lần; cơ sở đo trong cùng lần chạy.`,
  "",
  "| số liệu | bây giờ | mục tiêu | cơ sở (cùng lần chạy) | đạt / thiếu | lần trước | ghi chú |",
  "|---|---|---|---|---|---|---|",
  ...table.map((r) => {
    const p = before(r.figure);
    const shown = p ? `${value(p.row)} (${p.when.slice(0, 16)})` : "—";
    return `| ${r.figure} | ${value(r)} | ${r.goal} | ${r.baseline ?? ""} | ${r.met ? "✔ đạt" : `✘ ${r.missedBy}`} | ${shown} | ${r.detail ?? ""} |`;
  }),
  "",
];
const markdown = lines.join("\n");
say(`\n${markdown}`);
writeFileSync(join(out, "latest.md"), markdown);
const record = { when, load, rows, runs, memoryRows, buildRows, table };
writeFileSync(latestJson, JSON.stringify(record, null, 2));
writeFileSync(join(out, `bench-${when.replace(/[:.]/g, "-")}.json`), JSON.stringify(record, null, 2));
say(`Đã ghi ${join(out, "latest.md")} và ${join(out, `bench-${when.replace(/[:.]/g, "-")}.json`)}`);
