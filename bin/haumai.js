#!/usr/bin/env node
// The `haumai` command. The CLI is TypeScript, compiled to .haumai/cli by `npm install` (bin/compile.js), so a
// command starts in a tenth of a second rather than compiling its sources first. When a source is newer than
// the output (an edit, a pull), it is compiled again; if that fails, tsx runs the sources as they are.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileCli, newestSource, outDir, projectRoot } from "./compile.js";

async function loadMain() {
  const compiled = join(outDir, "main.js");
  const fresh = () => existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource(join(projectRoot, "loaders"));
  if (!fresh()) await compileCli().catch(() => undefined);
  if (fresh()) return import(pathToFileURL(compiled).href);
  const { register } = await import("tsx/esm/api");
  register();
  return import("../loaders/cli/main.ts");
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));
