import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { cacheDir, prepareSite, projectRoot, withLocalBin } from "../site/frameworkCache.ts";
import { siteCopy } from "../site/siteCopy.ts";
import { Warehouse } from "../warehouse/database.ts";
import { serveStatic } from "./staticServer.ts";

const observableBin = join(projectRoot, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");

/**
 * Build the dashboard from the database at `dbPath` into `outDir` (emptied first). The build runs on a private
 * copy of src, so every loader runs against `dbPath` and nothing is shared with a preview or another build
 * running at the same time; it needs no network. observablehq.config.ts reads the root from HAUMAI_SITE_ROOT and
 * the output folder from HAUMAI_SITE_OUT.
 */
export function buildSite(dbPath: string, outDir: string): void {
  const copy = siteCopy();
  try {
    prepareSite(copy.dir);
    // Framework empties only an output folder inside the working directory; a file left there is a conflict.
    rmSync(resolve(outDir), { recursive: true, force: true });
    const env = withLocalBin({
      ...process.env,
      HAUMAI_DB: resolve(dbPath),
      HAUMAI_SITE_OUT: resolve(outDir),
      HAUMAI_SITE_ROOT: copy.name,
    });
    execFileSync(process.execPath, [observableBin, "build"], { cwd: projectRoot, env, stdio: "pipe" });
    keepNodeBundles(copy.dir);
  } finally {
    copy.remove();
  }
}

/** The first build on a machine bundles node_modules for the browser; keep that for the next copies. */
function keepNodeBundles(copyDir: string): void {
  const target = join(cacheDir(join(projectRoot, "src")), "_node");
  const built = join(cacheDir(copyDir), "_node");
  if (existsSync(target) || !existsSync(built)) return;
  const temp = `${target}.${process.pid}`;
  cpSync(built, temp, { recursive: true });
  try {
    renameSync(temp, target);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // a preview or another build got there first
  }
}

function filesUnder(dir: string, skip: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !skip(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), skip) : [join(dir, e.name)]));
}

/**
 * What a built site depends on besides the database: the pages and loaders, the configuration they read
 * (targets, holidays, decisions, survey definition), Framework's config and the installed library versions.
 */
export const siteSources = [
  "src",
  "loaders",
  "data/targets.json",
  "data/calendar",
  "data/decisions",
  "data/survey",
  "observablehq.config.ts",
  "package-lock.json",
];

/**
 * A fingerprint of everything the built site shows: the database (its import log, and the file's size and
 * modification time, which change with every write) and the content of every source file. Same fingerprint,
 * same site.
 */
export async function siteFingerprint(dbPath: string, root: string = projectRoot): Promise<string> {
  const hash = createHash("sha256");
  const path = resolve(dbPath);
  hash.update(`database ${path}\n`);
  for (const file of [path, `${path}.wal`]) {
    if (existsSync(file)) hash.update(`${relative(root, file)} ${statSync(file).size} ${statSync(file).mtimeMs}\n`);
  }
  if (existsSync(path)) {
    const warehouse = await Warehouse.open(path, { readOnly: true });
    try {
      hash.update(
        JSON.stringify(
          await warehouse.all(
            "SELECT import_id, kind, file_name, file_hash, finished_at FROM import_log ORDER BY import_id",
          ),
        ),
      );
    } finally {
      warehouse.close();
    }
  }
  const skip = (name: string) => name === ".observablehq" || name === "node_modules";
  for (const source of siteSources) {
    for (const file of filesUnder(join(root, source), skip)) {
      hash.update(`${relative(root, file).split(sep).join("/")}\n`).update(readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 20);
}

export const defaultSiteCache = join(projectRoot, ".haumai", "site");

/**
 * The built site for the database at `dbPath`: reused from `cacheRoot`/<fingerprint> when one was built from the
 * same data and sources, built there otherwise. A new site is built under a temporary name and renamed when
 * complete, so a reader never sees half a site and two processes building the same site do not collide.
 */
export async function siteFor(
  dbPath: string,
  { cacheRoot = defaultSiteCache, keep = 3 } = {},
): Promise<{ dir: string; reused: boolean }> {
  const fingerprint = await siteFingerprint(dbPath);
  const dir = join(cacheRoot, fingerprint);
  if (existsSync(join(dir, "index.html"))) {
    const now = new Date();
    utimesSync(dir, now, now); // most recently used, for pruning
    return { dir, reused: true };
  }
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    buildSite(dbPath, temp);
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(dir, "index.html"))) throw error; // else another process built the same site meanwhile
  }
  pruneSites(cacheRoot, keep);
  return { dir, reused: false };
}

/** Keep the `keep` most recently used sites; remove the temporary folders of builds that are gone. */
function pruneSites(cacheRoot: string, keep: number): void {
  const entries = readdirSync(cacheRoot).map((name) => ({
    name,
    path: join(cacheRoot, name),
    mtime: statSync(join(cacheRoot, name)).mtimeMs,
  }));
  const sites = entries.filter((e) => !e.name.includes(".tmp-")).sort((a, b) => b.mtime - a.mtime);
  for (const site of sites.slice(keep)) rmSync(site.path, { recursive: true, force: true });
  const hourAgo = Date.now() - 3_600_000;
  for (const temp of entries.filter((e) => e.name.includes(".tmp-") && e.mtime < hourAgo))
    rmSync(temp.path, { recursive: true, force: true });
}

/** The dashboard built from `dbPath` (or reused, see siteFor), served on 127.0.0.1. */
export async function buildAndServe(
  dbPath: string,
): Promise<Awaited<ReturnType<typeof serveStatic>> & { reused: boolean }> {
  const { dir, reused } = await siteFor(dbPath);
  return { ...(await serveStatic(dir)), reused };
}
