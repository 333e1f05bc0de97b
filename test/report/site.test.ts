import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { siteFingerprint, siteFor, siteSources } from "../../loaders/report/site.ts";
import { projectRoot } from "../../loaders/site/frameworkCache.ts";
import { answeredTicket, csv, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();

async function ingest(db: string, name: string, id: string): Promise<void> {
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(w, scratch.file(name, csv([ticketColumns, answeredTicket(id)])));
  w.close();
}

/** A built site's import list (the warehouse-status data the "Kho dữ liệu" page shows). */
function siteImports(dir: string): string[] {
  const data = join(dir, "_file", "data");
  const file = readdirSync(data).find((f) => f.startsWith("warehouse-status."))!;
  return JSON.parse(readFileSync(join(data, file), "utf8")).imports.map((i: { file_name: string }) => i.file_name);
}

/** `siteFor` in a process of its own. */
function siteForInChild(db: string, cacheRoot: string): Promise<{ dir: string; reused: boolean; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs"),
        join(projectRoot, "test", "report", "siteFor.child.ts"),
        db,
        cacheRoot,
      ],
      { cwd: projectRoot },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0 ? resolve({ ...JSON.parse(out), pid: child.pid! }) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

const dbA = join(scratch.dir, "a.duckdb");
const dbB = join(scratch.dir, "b.duckdb");
beforeAll(async () => {
  await ingest(dbA, "kho-a.csv", "A1");
  await ingest(dbB, "kho-b.csv", "B1");
});
afterAll(() => scratch.remove());

describe("the report's site fingerprint", () => {
  it("is the same for the same data and sources, and changes with an ingest or a configuration file", async () => {
    const db = join(scratch.dir, "f.duckdb");
    await ingest(db, "f1.csv", "F1");
    const root = join(scratch.dir, "project");
    for (const source of siteSources)
      cpSync(join(projectRoot, source), join(root, source), {
        recursive: true,
        filter: (p) => !p.includes(".observablehq"),
      });
    const first = await siteFingerprint(db, root);
    expect(await siteFingerprint(db, root)).toBe(first);

    await ingest(db, "f2.csv", "F2");
    const afterIngest = await siteFingerprint(db, root);
    expect(afterIngest).not.toBe(first);

    const targets = join(root, "data", "targets.json");
    writeFileSync(targets, readFileSync(targets, "utf8") + "\n");
    const afterTargets = await siteFingerprint(db, root);
    expect(afterTargets).not.toBe(afterIngest);

    mkdirSync(join(root, "src", "extra"), { recursive: true });
    writeFileSync(join(root, "src", "extra", "trang.md"), "# Trang mới");
    expect(await siteFingerprint(db, root)).not.toBe(afterTargets);
  });
});

describe("the report's site", () => {
  it("two builds at once from different databases each show their own data; the same data again is reused, not rebuilt", async () => {
    const cacheRoot = join(scratch.dir, "sites");
    const [a, b] = await Promise.all([siteForInChild(dbA, cacheRoot), siteForInChild(dbB, cacheRoot)]);
    expect([a.reused, b.reused]).toEqual([false, false]);
    expect(a.dir).not.toBe(b.dir);
    expect(siteImports(a.dir)).toEqual(["kho-a.csv"]);
    expect(siteImports(b.dir)).toEqual(["kho-b.csv"]);
    // No build left its private copy of src behind.
    const left = readdirSync(projectRoot).filter((n) =>
      [a.pid, b.pid].some((pid) => n.startsWith(`.haumai-build-${pid}-`)),
    );
    expect(left).toEqual([]);

    const index = statSync(join(a.dir, "index.html")).mtimeMs;
    const again = await siteFor(dbA, { cacheRoot });
    expect(again).toEqual({ dir: a.dir, reused: true });
    expect(statSync(join(a.dir, "index.html")).mtimeMs).toBe(index);
  });
});
