#!/usr/bin/env node
// The `haumai` command. The CLI is TypeScript; tsx compiles it on the fly so a
// fresh clone needs no build step before `npx haumai`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../loaders/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
