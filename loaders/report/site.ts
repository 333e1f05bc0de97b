import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { serveStatic } from "./staticServer.ts";

const root = resolve(new URL("../..", import.meta.url).pathname);

/** Build the dashboard from `dbPath` (loaders rerun, no stale cache) and serve it on 127.0.0.1. */
export async function buildAndServe(dbPath: string): Promise<Awaited<ReturnType<typeof serveStatic>>> {
  execFileSync("npm", ["run", "build"], { cwd: root, env: { ...process.env, HAUMAI_DB: dbPath }, stdio: "pipe" });
  return serveStatic(resolve(root, "dist"));
}
