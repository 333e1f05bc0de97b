// Observable Framework's cache (<site root>/.observablehq/cache) holds two kinds of things: the outputs of our data
// loaders (data/*.json), which must be rebuilt whenever the database changes, and Framework's own caches of library
// code (_npm, _node, _jsr, _duckdb), which must survive because without them Framework reaches for the network.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Framework's own cache folders: library code it resolved or bundled, never a data loader's output. */
const frameworkCaches = new Set(["_npm", "_node", "_jsr", "_duckdb"]);

export const cacheDir = (siteRoot: string) => join(siteRoot, ".observablehq", "cache");

/**
 * Framework's client bundle (client.js, stdlib.js) imports its recommended libraries as `npm:NAME` without a
 * version and asks the npm registry for the newest one (npm.js resolveNpmVersion) unless a folder
 * `_npm/NAME@VERSION` is already in the cache. These libraries are not used by any page, so npm did not install
 * them; their version only ends up in a lazy import path that is never loaded. The versions are what the registry
 * served when this list was written; a page that starts using one of them must add it to package.json and import
 * it from node_modules (design §5), and then the installed version is used instead.
 */
const versionsWhenNotInstalled: Record<string, string> = {
  "@observablehq/sample-datasets": "1.0.1",
  "@duckdb/duckdb-wasm": "1.32.0",
  "@uwdata/vgplot": "0.32.0",
  "@viz-js/viz": "3.31.0",
  "apache-arrow": "21.2.0",
  echarts: "6.1.0",
  katex: "0.19.1",
  leaflet: "1.9.4",
  lodash: "4.18.1",
  "mapbox-gl": "3.32.0",
  mermaid: "12.3.0",
  "parquet-wasm": "0.8.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  "sql.js": "1.16.0",
  "topojson-client": "3.1.0",
  vega: "6.4.0",
  "vega-lite": "6.5.0",
  "vega-lite-api": "6.0.0",
};

function frameworkDir(root: string): string {
  const dir = join(root, "node_modules", "@observablehq", "framework");
  if (!existsSync(join(dir, "package.json")))
    throw new Error(`Observable Framework is not installed in ${root}: run npm install`);
  return dir;
}

function filesUnder(
  dir: string,
  keep: (path: string) => boolean,
  skip: (name: string) => boolean = () => false,
): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, keep, skip));
    else if (keep(path)) found.push(path);
  }
  return found;
}

/**
 * The library names Framework may look up without a version: every `npm:NAME` literal in its client code and in
 * the server modules that add implicit imports (libraries.js, resolvers.js), less the built-ins it maps to its
 * own bundled files. Read from the installed Framework so that an upgrade cannot add a name silently.
 */
export function unversionedNpmNames(root: string = projectRoot): string[] {
  const dist = join(frameworkDir(root), "dist");
  const sources = [
    ...filesUnder(join(dist, "client"), (p) => p.endsWith(".js")),
    join(dist, "libraries.js"),
    join(dist, "resolvers.js"),
  ];
  const names = new Set<string>();
  const builtins = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^"'`@]*)?["'`]/g)) names.add(m[1]);
    for (const m of text.matchAll(/\["npm:((?:@[\w.-]+\/)?[\w.-]+)", "\/_observablehq\//g)) builtins.add(m[1]);
  }
  return [...names].filter((name) => !builtins.has(name)).sort();
}

/** The version npm installed for `name`, looking where Node would: the project's node_modules, then Framework's. */
export function installedVersion(name: string, root: string = projectRoot): string | undefined {
  for (const base of [root, frameworkDir(root)]) {
    for (let dir = base; ; dir = dirname(dir)) {
      const manifest = join(dir, "node_modules", name, "package.json");
      if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

export interface NpmVersionEntry {
  name: string;
  version: string;
  source: "installed" | "not installed";
}

/**
 * Give Framework, without a network, every version it would otherwise ask the npm registry for: create
 * `_npm/NAME@VERSION` (an empty folder is all its version lookup reads) from what npm installed.
 */
export function fillNpmVersions(siteRoot: string, root: string = projectRoot): NpmVersionEntry[] {
  const entries: NpmVersionEntry[] = [];
  for (const name of unversionedNpmNames(root)) {
    const installed = installedVersion(name, root);
    const version = installed ?? versionsWhenNotInstalled[name];
    if (!version)
      throw new Error(
        `Observable Framework looks up npm:${name}, which neither node_modules nor the list in loaders/site/frameworkCache.ts provides`,
      );
    mkdirSync(join(cacheDir(siteRoot), "_npm", `${name}@${version}`), { recursive: true });
    entries.push({ name, version, source: installed ? "installed" : "not installed" });
  }
  return entries;
}

/** Remove every data loader output from the cache (anything that is not one of Framework's own caches). */
export function clearLoaderOutputs(siteRoot: string): string[] {
  const dir = cacheDir(siteRoot);
  if (!existsSync(dir)) return [];
  const removed = readdirSync(dir).filter((name) => !frameworkCaches.has(name));
  for (const name of removed) rmSync(join(dir, name), { recursive: true, force: true });
  return removed;
}

/** Framework's interpreters (loader.js defaultInterpreters): `x.json.ts` is a loader for `x.json`. */
const loaderPattern = /\.[^./\\]+\.(js|ts|py|r|R|rs|go|java|jl|php|sh|exe)$/;

/** The data loader source files under the site root. */
export function loaderFiles(siteRoot: string): string[] {
  return filesUnder(
    siteRoot,
    (p) => loaderPattern.test(p),
    (name) => name === ".observablehq" || name === "node_modules",
  ).sort();
}

/**
 * Mark every data loader as newer than its cached output. Preview decides from mtimes alone: it reruns a loader
 * whose output is older than the loader file, and the file's URL hash includes the loader's mtime, so an open page
 * is told that its data changed and a reloaded page asks for the new data.
 */
export function touchLoaders(siteRoot: string, at: Date = new Date()): string[] {
  const files = loaderFiles(siteRoot);
  for (const file of files) utimesSync(file, at, at);
  return files.map((f) => relative(siteRoot, f));
}

/** Last modification time of a file, or 0 when it does not exist. */
export const mtimeOf = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** The Framework root being built or previewed; observablehq.config.ts reads the same variable. */
export const siteRoot = (env: NodeJS.ProcessEnv = process.env) => resolve(projectRoot, env.HAUMAI_SITE_ROOT ?? "src");

/** Before a build or a preview: clear the loaders' outputs and fill the npm version cache from node_modules. */
export function prepareSite(root: string): { cleared: string[]; versions: NpmVersionEntry[] } {
  clearLocalPackages(root);
  return { cleared: clearLoaderOutputs(root), versions: fillNpmVersions(root) };
}

/**
 * Framework bundles a node_modules import once per name@version and reuses that bundle while it exists. Our own
 * packages (packages/*, e.g. @haumai/vi, linked into node_modules) change without a version bump, so their bundles
 * are dropped before every build and preview: a few kilobytes to bundle again, never a stale formatter.
 */
function clearLocalPackages(root: string): void {
  rmSync(join(root, ".observablehq", "cache", "_node", "@haumai"), { recursive: true, force: true });
}

/**
 * `env` with node_modules/.bin first on PATH: Framework runs .ts loaders with `tsx`, found on PATH, and `npx haumai`
 * does not put it there. Windows spells the variable `Path`; a second `PATH` beside it would be ambiguous.
 */
export function withLocalBin(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const key = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: `${join(projectRoot, "node_modules", ".bin")}${delimiter}${env[key] ?? ""}` };
}
