// The build computes the facts once (issue 13): the page results computed together on one connection with
// materialised facts must be the figures each loader computes on its own with views, and the loaders run from
// bundles must print what tsx running their sources prints.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { measureGroups, measureMonths } from "../../loaders/kpi/measure.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiRegistry } from "../../loaders/kpi/registry.ts";
import { breakdownDimensions } from "../../loaders/kpi/monthlyReport.ts";
import { monthlyKpis } from "../../loaders/kpi/monthly.ts";
import { monthCoverage } from "../../loaders/kpi/coverage.ts";
import { pageResults, precomputePageResults } from "../../loaders/site/pageResults.ts";
import { missingResults } from "../../loaders/warehouse/resultCache.ts";
import { projectRoot } from "../../loaders/site/frameworkCache.ts";
import { demoWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
const db = join(scratch.dir, "demo.duckdb");
const targets = loadTargets();
const savedDb = process.env.HAUMAI_DB;
const plainJson = (value: unknown) => JSON.parse(JSON.stringify(value));

beforeAll(async () => {
  (await demoWarehouse(scratch.dir, db)).close();
}, 180_000);
afterAll(() => {
  if (savedDb === undefined) delete process.env.HAUMAI_DB;
  else process.env.HAUMAI_DB = savedDb;
  scratch.remove();
});

/** The months' figures and every breakdown's, with the facts installed one way or the other. */
async function figures(w: Warehouse, materialize: boolean) {
  await installFacts(w, targets.repeatWindowDays, undefined, { materialize });
  await monthCoverage(w);
  const months = Object.fromEntries(await measureMonths(w, targets));
  const groups = await measureGroups(w, targets, Object.keys(breakdownDimensions), kpiRegistry);
  const key = (r: Record<string, unknown>) => `${r.month} ${r.dimension} ${r.key}`;
  return { months, groups: groups.sort((a, b) => key(a).localeCompare(key(b))) };
}

describe("facts materialised once", () => {
  it("give every month's and every group's figures exactly as the views do (returns folded into the tickets)", async () => {
    const w = await Warehouse.open(db, { readOnly: true });
    try {
      const views = await figures(w, false);
      const tables = await figures(w, true);
      expect(tables.months).toEqual(views.months);
      expect(tables.groups).toEqual(views.groups);
      // The demo has repairs and returns: the comparison is not between two empty sets.
      const september = views.months["2026-09"] as Record<string, number>;
      expect(Number(september["fix_rate:n"])).toBeGreaterThan(100);
      expect(Number(september["fix_rate:n"]) - Number(september["fix_rate:x"])).toBeGreaterThan(10);
    } finally {
      w.close();
    }
  });

  it("are not built again on the same read-only connection, even when a caller asks for views", async () => {
    const w = await Warehouse.open(db, { readOnly: true });
    try {
      await installFacts(w, targets.repeatWindowDays, undefined, { materialize: true });
      await installFacts(w, targets.repeatWindowDays);
      const kinds = await w.all<{ name: string; kind: string }>(
        `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE temporary AND table_name IN ('ticket_facts', 'repair_returns')
         UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE temporary AND view_name IN ('ticket_facts', 'repair_facts', 'repair_returns')
         ORDER BY name`,
      );
      expect(kinds).toEqual([
        { name: "repair_facts", kind: "view" },
        { name: "repair_returns", kind: "table" },
        { name: "ticket_facts", kind: "table" },
      ]);
      // Another repeat window is another set of facts: built again, as views.
      await installFacts(w, targets.repeatWindowDays + 1);
      const view = await w.one("SELECT 1 AS found FROM duckdb_views() WHERE temporary AND view_name = 'ticket_facts'");
      expect(view).toEqual({ found: 1 });
    } finally {
      w.close();
    }
  });
});

describe("every page result at once (the build's precompute)", () => {
  it("keeps each result, equal to what its loader computes alone on fresh views", async () => {
    process.env.HAUMAI_DB = db;
    expect(missingResults(Object.keys(pageResults))).toEqual(Object.keys(pageResults));
    await precomputePageResults(targets);
    expect(missingResults(Object.keys(pageResults))).toEqual([]);

    const { sharedResult } = await import("../../loaders/warehouse/resultCache.ts");
    const kept = (name: string) =>
      sharedResult(name, () => Promise.reject(new Error(`${name} was not kept by the precompute`)));
    const w = await Warehouse.open(db, { readOnly: true });
    try {
      // The annual review's months are the monthly report's: the same figures as monthlyKpis on views.
      expect(await kept("monthly-kpis")).toEqual(plainJson(await monthlyKpis(w, { targets })));
      for (const name of ["comparisons", "channels", "satisfaction", "recent-tickets"] as const) {
        const alone = await Warehouse.open(db, { readOnly: true });
        try {
          expect(await kept(name), name).toEqual(plainJson(await pageResults[name](alone, targets)));
        } finally {
          alone.close();
        }
      }
    } finally {
      w.close();
    }
  }, 120_000);
});

describe("bin/loader.js", () => {
  const site = join(projectRoot, `.haumai-loader-test-${process.pid}`);
  afterAll(() => rmSync(site, { recursive: true, force: true }));
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env }, encoding: "utf8" });

  it("prints what tsx prints for the project's loader, and for a site copy of it", () => {
    const env = { HAUMAI_DB: join(scratch.dir, "none.duckdb") };
    const viaTsx = run(["--import", "tsx", "src/data/definitions.json.ts"], env);
    expect(viaTsx.length).toBeGreaterThan(1000);
    expect(run(["bin/loader.js", "src/data/definitions.json.ts"], env)).toBe(viaTsx);
    mkdirSync(join(site, "data"), { recursive: true });
    cpSync(join(projectRoot, "src/data/definitions.json.ts"), join(site, "data/definitions.json.ts"));
    expect(run(["bin/loader.js", join(site, "data/definitions.json.ts")], env)).toBe(viaTsx);
  });

  it("runs a loader that is not the project's own as its source says", () => {
    mkdirSync(join(site, "data"), { recursive: true });
    const own = join(site, "data/definitions.json.ts");
    writeFileSync(own, "const answer: number = 42;\nprocess.stdout.write(JSON.stringify({ answer }));\n");
    expect(JSON.parse(run(["bin/loader.js", own]))).toEqual({ answer: 42 });
  });
});
