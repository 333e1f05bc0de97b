import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { projectRoot } from "../../loaders/site/frameworkCache.ts";
import { siteCopy } from "../../loaders/site/siteCopy.ts";
import { answeredTicket, csv, scratchDir, ticketColumns } from "../helpers.ts";

const scratch = scratchDir();
const db = join(scratch.dir, "preview.duckdb");

async function ingest(name: string, id: string): Promise<void> {
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(w, scratch.file(name, csv([ticketColumns, answeredTicket(id)])));
  w.close();
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function waitFor<T>(read: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

describe("npm run dev after an ingest", () => {
  // A private copy of the site: this preview must not share a loader cache with one a developer is running.
  const copy = siteCopy();
  let preview: ChildProcess;
  let url: string;
  let log = "";

  beforeAll(async () => {
    await ingest("dau-thang.csv", "P1");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    preview = spawn("npm", ["run", "dev", "--", "--port", String(port)], {
      cwd: projectRoot,
      env: { ...process.env, HAUMAI_DB: db, HAUMAI_SITE_ROOT: copy.name },
      detached: true, // its own process group: npm, the watcher and Framework stop together
    });
    preview.stdout!.on("data", (d) => (log += d));
    preview.stderr!.on("data", (d) => (log += d));
    expect(await waitFor(async () => ((await fetch(url)).ok ? true : undefined), 90_000), log).toBe(true);
  }, 120_000);

  afterAll(() => {
    if (preview?.pid) process.kill(-preview.pid, "SIGTERM");
    copy.remove();
    scratch.remove();
  });

  const imports = async () =>
    (
      (await (await fetch(`${url}/_file/data/warehouse-status.json`)).json()) as { imports: { file_name: string }[] }
    ).imports.map((i) => i.file_name);
  const fileUrl = async () =>
    /_file\/data\/warehouse-status\.json\?sha=[0-9a-f]+/.exec(await (await fetch(`${url}/du-lieu`)).text())?.[0];

  it("serves the new data without a restart, and a reloaded page asks for it under a new address", async () => {
    expect(await imports()).toEqual(["dau-thang.csv"]);
    const before = await fileUrl();
    expect(before).toBeDefined();

    await ingest("cuoi-thang.csv", "P2");
    const fresh = await waitFor(async () => {
      const names = await imports();
      return names.length === 2 ? names : undefined;
    }, 30_000);
    expect(fresh, log).toEqual(["cuoi-thang.csv", "dau-thang.csv"]);
    // The page links its data by a hash of the loader and its time: a new hash means the browser's copy is not reused.
    const after = await fileUrl();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(log).toContain("Cơ sở dữ liệu đã thay đổi");
  });
});
