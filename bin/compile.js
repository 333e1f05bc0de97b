#!/usr/bin/env node
// Compiles the CLI (loaders/cli/main.ts and what it imports) to plain JavaScript in .haumai/cli, so that
// `haumai` starts without compiling TypeScript first. Run by `npm install` (the "prepare" script) and by
// bin/haumai.js whenever a source is newer than the output; nothing for the user to run.
//
// The output sits two folders below the project root, like the sources (loaders/<folder>/x.ts), so the
// `new URL("../../data/…", import.meta.url)` paths in the sources find the same files.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
export const outDir = join(projectRoot, ".haumai", "cli");

/** Build into a private folder and rename it into place: a run starting meanwhile sees the old output or the new. */
export async function compileCli() {
  const { build } = await import("esbuild");
  const temp = `${outDir}.${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  await build({
    entryPoints: [join(projectRoot, "loaders", "cli", "main.ts")],
    outdir: temp,
    bundle: true,
    // Each command stays its own chunk, loaded by main.ts only when that command runs.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await compileCli();
