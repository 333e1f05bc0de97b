import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveDbPath } from "./database.ts";

/**
 * Results that several data loaders of one build need (the months' KPIs, the monthly report's tables) are
 * computed once and kept in `.haumai/results/<fingerprint>/<name>.json`: each loader is its own process, so
 * sharing goes through a file. The fingerprint covers everything a result depends on: the database (size and
 * modification time of the file and its WAL, which change with every write), the targets and the holiday
 * calendar, and the code (every .ts under loaders/ and src/data/, by path, size and modification time). A new
 * import, an edited target or an edited loader gives a new fingerprint, so a stale result is never read.
 * HAUMAI_RESULT_CACHE=0 turns it off: each loader then computes its own result, every time.
 */
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
export const defaultResultCache = join(projectRoot, ".haumai", "results");
const configFiles = ["data/targets.json", "data/calendar/holidays.csv", "data/survey/definition.json"];
const codeFolders = ["loaders", "src/data"];
/** Fingerprint folders kept: the current data and a couple before it (a preview and a report may differ). */
const keep = 3;

function codeStamps(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) codeStamps(path, out);
    else if (entry.name.endsWith(".ts")) {
      const s = statSync(path);
      out.push(`${relative(projectRoot, path)} ${s.size} ${s.mtimeMs}`);
    }
  }
}

/** The fingerprint of the data and code a result is computed from; undefined when there is no database. */
export function resultFingerprint(dbPath: string = resolveDbPath()): string | undefined {
  const path = resolve(dbPath);
  if (!existsSync(path)) return undefined;
  const hash = createHash("sha256").update(`database ${path}\n`);
  for (const file of [path, `${path}.wal`]) {
    if (existsSync(file)) {
      // The inode too: a database replaced by a copy of the same size and time is another file.
      const s = statSync(file);
      hash.update(`${file} ${s.size} ${s.mtimeMs} ${s.ino}\n`);
    }
  }
  // The Board's decisions restart control limits (review/decisions.ts): their file, wherever HAUMAI_DECISIONS puts it.
  const decisions = process.env.HAUMAI_DECISIONS
    ? resolve(process.env.HAUMAI_DECISIONS)
    : join(projectRoot, "data/decisions/decisions.csv");
  for (const file of [...configFiles.map((f) => join(projectRoot, f)), decisions]) {
    hash.update(`${file}\n`).update(existsSync(file) ? readFileSync(file) : "(none)");
  }
  const stamps: string[] = [];
  for (const folder of codeFolders) codeStamps(join(projectRoot, folder), stamps);
  hash.update(stamps.join("\n"));
  return hash.digest("hex").slice(0, 20);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A folder another build may still be writing into is left alone for this long. */
const busyMs = 60 * 60 * 1000;

/**
 * Old fingerprints' results go, the newest `keep` stay. Builds of other databases may run at the same time and
 * prune too: a folder that vanished meanwhile is skipped, and one touched in the last hour is kept.
 */
function prune(root: string, current: string): void {
  const mtime = (name: string) => {
    try {
      return statSync(join(root, name)).mtimeMs;
    } catch {
      return undefined; // removed by another build meanwhile
    }
  };
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== current)
    .map((e) => ({ name: e.name, time: mtime(e.name) }))
    .filter((d): d is { name: string; time: number } => d.time !== undefined)
    .sort((a, b) => b.time - a.time);
  for (const { name, time } of dirs.slice(keep - 1))
    if (Date.now() - time > busyMs) rmSync(join(root, name), { recursive: true, force: true });
}

/**
 * The results among `names` not kept yet for the current data; undefined when results are not kept at all (no
 * database, or HAUMAI_RESULT_CACHE=0).
 */
export function missingResults(
  names: string[],
  { dbPath = resolveDbPath(), cacheRoot = defaultResultCache }: { dbPath?: string; cacheRoot?: string } = {},
): string[] | undefined {
  const fingerprint = process.env.HAUMAI_RESULT_CACHE === "0" ? undefined : resultFingerprint(dbPath);
  if (!fingerprint) return undefined;
  return names.filter((name) => !existsSync(join(cacheRoot, fingerprint, `${name}.json`)));
}

/**
 * `compute()`'s result (JSON-safe) for the current data: read from the cache when this fingerprint has it,
 * computed and stored otherwise. Loaders running at the same time wait for the one computing it (a lock file
 * with its PID; a lock whose process is gone is taken over) rather than computing it twice.
 */
export async function sharedResult<T>(
  name: string,
  compute: () => Promise<T>,
  { dbPath = resolveDbPath(), cacheRoot = defaultResultCache }: { dbPath?: string; cacheRoot?: string } = {},
): Promise<T> {
  const fingerprint = process.env.HAUMAI_RESULT_CACHE === "0" ? undefined : resultFingerprint(dbPath);
  if (!fingerprint) return compute();
  const dir = join(cacheRoot, fingerprint);
  const file = join(dir, `${name}.json`);
  const lock = `${file}.lock`;
  mkdirSync(dir, { recursive: true });
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
    let fd: number;
    try {
      fd = openSync(lock, "wx");
    } catch {
      const holder = Number(readFileSync(lock, { encoding: "utf8", flag: "a+" }) || 0);
      if (holder && !alive(holder)) rmSync(lock, { force: true });
      await sleep(100);
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const result = await compute();
      const temp = `${file}.${process.pid}`;
      // undefined (no database) is not cached: JSON has no such value.
      // The cache only saves time: failing to write it or to prune it never fails the loader.
      try {
        if (result !== undefined) {
          mkdirSync(dir, { recursive: true });
          const out = openSync(temp, "w");
          writeSync(out, JSON.stringify(result));
          closeSync(out);
          renameSync(temp, file);
        }
        prune(cacheRoot, fingerprint);
      } catch (error) {
        process.stderr.write(`(bộ nhớ đệm kết quả không ghi được: ${(error as Error).message})\n`);
      }
      return result;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
