// The ingest-and-rebuild worker without a real site build (a stand-in records the builds): a busy
// database is retried, a bad file is reported and the rest goes on, a failed build keeps the old site.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SiteUpdater, type ServeEvent } from "../../loaders/serve/siteUpdater.ts";
import type { SiteBuilds } from "../../loaders/serve/siteBuilds.ts";
import { csv, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

/** Records builds; fails the ones it is told to. */
function fakeBuilds(fail: () => boolean) {
  let current: string | undefined = "site-0";
  const builds = {
    count: 0,
    current: () => current,
    isStale: () => false,
    abort: async () => undefined,
    build: async () => {
      builds.count++;
      await new Promise((r) => setTimeout(r, 50));
      if (fail()) throw new Error("trang lỗi");
      current = `site-${builds.count}`;
      return { dir: current, durationMs: 50 };
    },
  };
  return builds;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 30_000) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Another process holding the database file, as `haumai ingest` or a preview would. */
function holdDatabase(path: string): Promise<ChildProcess> {
  const code = `import { DuckDBInstance } from "@duckdb/node-api";
    await DuckDBInstance.create(${JSON.stringify(path)}); console.log("ready"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout!.once("data", () => resolve(child)));
}

const header = ["Mã phiếu", "Ngày tiếp nhận"];

describe("site updater", () => {
  it("waits for a database held by another process, then ingests; a bad file does not stop the batch", async () => {
    const db = join(scratch.dir, "busy.duckdb");
    const good = scratch.file("a.csv", csv([header, ["A1", "02/03/2026 08:00"], ["A2", "03/03/2026 08:00"]]));
    const bad = scratch.file("b.csv", csv([["Tên"], ["An"]]));
    const events: ServeEvent[] = [];
    const builds = fakeBuilds(() => false);
    const updater = new SiteUpdater(builds as unknown as SiteBuilds, db, (e) => events.push(e), 500);
    const holder = await holdDatabase(db);
    updater.addFiles([good, bad]);
    await waitFor(() => events.some((e) => e.type === "database-busy"), "the busy database");
    expect(updater.busy).toBe(true); // waiting to retry
    expect(builds.count).toBe(0);
    holder.kill();
    await waitFor(() => builds.count === 1 && !updater.busy, "ingest and one build after the retry");
    const ingest = events.find((e) => e.type === "ingest") as Extract<ServeEvent, { type: "ingest" }>;
    expect(ingest.outcomes.map((o) => [o.file, o.status, o.rowsRead, o.rowsAccepted])).toEqual([
      [good, "imported", 2, 2],
      [bad, "failed", 0, 0],
    ]);
    expect(ingest.outcomes[1].error).toContain("thiếu cột");
    await updater.stop();
  });

  it("coalesces files that arrive during a build into one more build; a failed build keeps the old site and backs off", async () => {
    const db = join(scratch.dir, "burst.duckdb");
    let failing = false;
    const builds = fakeBuilds(() => failing);
    const events: ServeEvent[] = [];
    const updater = new SiteUpdater(builds as unknown as SiteBuilds, db, (e) => events.push(e), 60_000);
    updater.addFiles([scratch.file("c1.csv", csv([header, ["C1", "02/03/2026 08:00"]]))]);
    await waitFor(() => builds.count === 1, "the first build to start");
    // Three more exports land while that build runs: one ingest, one build after it.
    for (const n of [2, 3, 4])
      updater.addFiles([scratch.file(`c${n}.csv`, csv([header, [`C${n}`, "02/03/2026 08:00"]]))]);
    await waitFor(() => !updater.busy, "the worker to settle");
    expect(builds.count).toBe(2);
    expect(
      events.filter((e) => e.type === "ingest").map((e) => (e as { outcomes: unknown[] }).outcomes.length),
    ).toEqual([1, 3]);

    failing = true;
    writeFileSync(join(scratch.dir, "c5.csv"), csv([header, ["C5", "02/03/2026 08:00"]]));
    updater.addFiles([join(scratch.dir, "c5.csv")]);
    await waitFor(() => events.some((e) => e.type === "build-failed"), "the failed build");
    await waitFor(() => !updater.busy, "the worker to settle");
    expect(builds.current()).toBe("site-2"); // still the last good one
    updater.checkStale(0); // within the back-off: no new attempt
    expect(updater.busy).toBe(false);
    expect(builds.count).toBe(3);
    await updater.stop();
  });
});
