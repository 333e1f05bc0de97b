import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { serveStatic } from "./staticServer.ts";

const root = resolve(new URL("../..", import.meta.url).pathname);

/**
 * Build the dashboard from the database at `dbPath` into `outDir` (loaders rerun, no stale
 * cache). observablehq.config.ts reads the output folder from HAUMAI_SITE_OUT.
 */
export function buildSite(dbPath: string, outDir: string): void {
  execFileSync("npm", ["run", "build"], { cwd: root, env: { ...process.env, HAUMAI_DB: dbPath, HAUMAI_SITE_OUT: resolve(outDir) }, stdio: "pipe" });
}

/** Build the dashboard from `dbPath` and serve it on 127.0.0.1. */
export async function buildAndServe(dbPath: string): Promise<Awaited<ReturnType<typeof serveStatic>>> {
  buildSite(dbPath, resolve(root, "dist"));
  return serveStatic(resolve(root, "dist"));
}
