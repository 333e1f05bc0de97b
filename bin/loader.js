#!/usr/bin/env node
// Runs one data loader for Observable Framework (observablehq.config.ts `interpreters`): `node bin/loader.js
// <site>/data/x.json.ts`. The loaders are bundled to plain JavaScript once (bin/compile.js, into .haumai/loaders)
// and run by node, instead of tsx compiling each loader and everything it imports at every run (~0.4 s a loader,
// ten loaders a build). A loader whose bundle is older than any source is bundled again first; a loader that is
// not the project's own (a site copy whose loader differs from src/data's) or that cannot be bundled runs
// through tsx as before.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compileLoaders, loaderSources, loadersOutDir, newestSource, projectRoot } from "./compile.js";

const loader = resolve(process.argv[2] ?? "");
const name = basename(loader);
const own = join(projectRoot, "src", "data", name);
const bundle = join(loadersOutDir, name.replace(/\.ts$/, ".js"));

/** The project's own loader: src/data's, or a site copy's identical to it (reports build from a copy of src). */
const isOwn = () => loader === own || (existsSync(own) && readFileSync(own).equals(readFileSync(loader)));
const fresh = () => existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(...loaderSources());

if (name.endsWith(".ts") && isOwn()) {
  if (!fresh()) await compileLoaders().catch(() => undefined);
}
if (name.endsWith(".ts") && isOwn() && fresh()) await import(pathToFileURL(bundle).href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(loader).href);
}
