#!/usr/bin/env node
// Compiles TypeScript to plain JavaScript once, so that nothing compiles it at every start: the CLI
// (loaders/cli/main.ts and what it imports) into .haumai/cli, and the dashboard's data loaders (src/data/*.ts)
// into .haumai/loaders, which bin/loader.js runs for Observable Framework. Run by `npm install` (the "prepare"
// script), and by bin/haumai.js and bin/loader.js whenever a source is newer than the output; nothing for the user
// to run.
//
// The outputs sit two folders below the project root, like the sources (loaders/<folder>/x.ts, src/data/x.ts), so
// the `new URL("../../data/…", import.meta.url)` paths in the sources find the same files.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
export const outDir = join(projectRoot, ".haumai", "cli");
export const loadersOutDir = join(projectRoot, ".haumai", "loaders");
const dataLoaders = join(projectRoot, "src", "data");

/** The newest modification time of the TypeScript sources under `dirs`. */
export function newestSource(...dirs) {
  let newest = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const time = entry.isDirectory() ? newestSource(path) : entry.name.endsWith(".ts") ? statSync(path).mtimeMs : 0;
      if (time > newest) newest = time;
    }
  }
  return newest;
}

/** The sources the data loaders' bundles are made from: when one is newer than a bundle, it is made again. */
export const loaderSources = () => [join(projectRoot, "loaders"), dataLoaders];

export const compileCli = () => compile([join(projectRoot, "loaders", "cli", "main.ts")], outDir);

/**
 * A loader that does not compile fails the bundle of all of them: each loader then runs through tsx, and only the
 * broken one reports its error (so it is not printed under every loader), hence no log here.
 */
export function compileLoaders() {
  const entries = readdirSync(dataLoaders).filter((name) => name.endsWith(".ts"));
  return compile(
    entries.map((name) => join(dataLoaders, name)),
    loadersOutDir,
    "silent",
  );
}

/** Build into a private folder and rename it into place: a run starting meanwhile sees the old output or the new. */
async function compile(entryPoints, outDir, logLevel = "error") {
  const { build } = await import("esbuild");
  const temp = `${outDir}.${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: temp,
    bundle: true,
    // Each command (each loader) stays its own chunk, loaded only when that command (loader) runs.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel,
  });
  writeFileSync(join(temp, "package.json"), '{ "type": "module" }\n');
  mkdirSync(dirname(outDir), { recursive: true });
  const old = `${outDir}.old.${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch {
    // no earlier output
  }
  try {
    renameSync(temp, outDir);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another process put its output there first
  }
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await compileCli();
  await compileLoaders();
}
