import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import {
  cacheDir,
  clearLoaderOutputs,
  fillNpmVersions,
  projectRoot,
  unversionedNpmNames,
} from "../../loaders/site/frameworkCache.ts";
import { siteCopy } from "../../loaders/site/siteCopy.ts";
import { hasChromium } from "../../loaders/report/chromium.ts";
import { csv, scratchDir, ticketColumns } from "../helpers.ts";

// `unshare -n` runs a command in a network namespace of its own, with nothing in it: no route anywhere, and even
// loopback is down until `ip link set lo up`. It needs root or user namespaces; without them the test says so.
const unshare = spawnSync("unshare", ["-n", "true"]);
const offline = unshare.status === 0;
if (!offline)
  console.warn(
    `unshare -n is not permitted here (${unshare.error?.message ?? unshare.stderr.toString().trim()}): the offline build tests are skipped`,
  );

const scratch = scratchDir();
const db = join(scratch.dir, "site.duckdb");
const ticket = (id: string, day: string) => [
  id,
  `${day}/03/2026 08:00`,
  "Hotline",
  "Bảo hành",
  `S-${id}`,
  "Trung tâm",
  `${day}/03/2026 09:00`,
  `${day}/03/2026 10:00`,
  `${day}/03/2026 15:00`,
  `${day}/03/2026 16:00`,
  `${day}/03/2026 16:00`,
  "Đã sửa",
  "5",
  "",
];

async function ingest(name: string, rows: string[][]): Promise<void> {
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(w, scratch.file(name, csv([ticketColumns, ...rows])));
  w.close();
}

/** The import file names the built site's warehouse-status data lists. */
function builtImports(dist: string): string[] {
  const dir = join(dist, "_file", "data");
  const file = readdirSync(dir).find((f) => f.startsWith("warehouse-status."));
  return JSON.parse(readFileSync(join(dir, file!), "utf8")).imports.map((i: { file_name: string }) => i.file_name);
}

beforeAll(() => ingest("thang-3.csv", [ticket("A1", "02"), ticket("A2", "03")]));
afterAll(() => scratch.remove());

describe("Framework's cache", () => {
  it("a fresh site root gets every library version Framework would ask the npm registry for, from node_modules", () => {
    const root = join(scratch.dir, "fresh-root");
    mkdirSync(root);
    const entries = fillNpmVersions(root);
    const names = unversionedNpmNames();
    // The names come from Framework's own client code; the ones our pages rely on must be among them.
    expect(names).toEqual(expect.arrayContaining(["d3", "htl", "@observablehq/plot", "d3-dsv", "arquero"]));
    expect(entries.map((e) => e.name)).toEqual(names);
    for (const { name, version, source } of entries) {
      expect(existsSync(join(cacheDir(root), "_npm", `${name}@${version}`)), name).toBe(true);
      const installed = join(projectRoot, "node_modules", name, "package.json");
      if (existsSync(installed)) {
        expect(source).toBe("installed");
        expect(version).toBe(JSON.parse(readFileSync(installed, "utf8")).version);
      }
    }
  });

  it("clearing the loaders' outputs keeps Framework's library caches", () => {
    const root = join(scratch.dir, "cleared-root");
    const cache = cacheDir(root);
    for (const dir of ["_npm/d3@7.9.0", "_node/htl@0.3.1", "data", "_observablehq"])
      mkdirSync(join(cache, dir), { recursive: true });
    writeFileSync(join(cache, "data", "monthly-report.json"), "{}");
    writeFileSync(join(cache, "_node", "htl@0.3.1", "index.js"), "export {}");
    writeFileSync(join(cache, "_build.json"), "{}");
    expect(clearLoaderOutputs(root).sort()).toEqual(["_build.json", "_observablehq", "data"]);
    expect(readdirSync(cache).sort()).toEqual(["_node", "_npm"]);
    expect(existsSync(join(cache, "_node", "htl@0.3.1", "index.js"))).toBe(true);
  });
});

describe.skipIf(!offline)("with no network at all (unshare -n)", () => {
  it("npm run build on a fresh copy of the site (no Framework cache) builds, and a rebuild shows a new import", async () => {
    const copy = siteCopy();
    try {
      const dist = join(scratch.dir, "dist");
      // The output is outside the working directory, which Framework does not empty (a leftover file is a conflict).
      const build = () =>
        rmSync(dist, { recursive: true, force: true }) ??
        spawnSync("unshare", ["-n", "npm", "run", "build"], {
          cwd: projectRoot,
          env: { ...process.env, HAUMAI_DB: db, HAUMAI_SITE_ROOT: copy.name, HAUMAI_SITE_OUT: dist },
          encoding: "utf8",
        });
      expect(existsSync(join(cacheDir(copy.dir), "_npm"))).toBe(false);
      const first = build();
      expect(first.status, first.stdout + first.stderr).toBe(0);
      expect(existsSync(join(dist, "bao-cao-thang.html"))).toBe(true);
      expect(builtImports(dist)).toEqual(["thang-3.csv"]);

      // Framework would keep the loader's cached output (the loader file did not change): the build clears it.
      await ingest("thang-3-bo-sung.csv", [ticket("A3", "04")]);
      const second = build();
      expect(second.status, second.stdout + second.stderr).toBe(0);
      expect(builtImports(dist)).toEqual(["thang-3-bo-sung.csv", "thang-3.csv"]);
    } finally {
      copy.remove();
    }
  });

  it.skipIf(!hasChromium || !existsSync("/usr/bin/pdftotext"))(
    "haumai report prints its PDF with only loopback up",
    () => {
      const out = join(scratch.dir, "reports");
      const report = spawnSync(
        "unshare",
        [
          "-n",
          "sh",
          "-c",
          'ip link set lo up && exec node bin/haumai.js report --month 2026-03 --db "$0" --out "$1"',
          db,
          out,
        ],
        {
          cwd: projectRoot,
          encoding: "utf8",
        },
      );
      expect(report.status, report.stdout + report.stderr).toBe(0);
      const text = spawnSync("pdftotext", [join(out, "2026-03", "bao-cao-2026-03.pdf"), "-"], {
        encoding: "utf8",
      }).stdout;
      expect(text).toContain("Báo cáo tổng kết Tháng 3/2026");
    },
  );
});
