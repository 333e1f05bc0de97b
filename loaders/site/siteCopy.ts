import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { cacheDir, projectRoot } from "./frameworkCache.ts";

const prefix = ".haumai-build-";
let counter = 0;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Remove the copies left by builds whose process is gone (killed in the middle of a build). */
export function removeStaleCopies(root: string = projectRoot): string[] {
  const stale = readdirSync(root).filter((name) => {
    const pid = Number(new RegExp(`^${prefix.replace(/\./g, "\\.")}(\\d+)-`).exec(name)?.[1]);
    return pid > 0 && !alive(pid);
  });
  for (const name of stale) rmSync(join(root, name), { recursive: true, force: true });
  return stale;
}

/**
 * A private copy of the site's sources (src/ without its cache), for a build that must not share a loader cache
 * with a preview or another build running at the same time (they may read different databases). The copy sits
 * beside src, at the same depth, so that the loaders' relative imports (../../loaders/…) resolve to the same
 * files. Framework's bundles of node_modules (_node) are copied too: they depend only on what npm installed, and
 * rebuilding them costs ~15 s.
 */
export function siteCopy(root: string = projectRoot): { name: string; dir: string; remove: () => void } {
  removeStaleCopies(root);
  const name = `${prefix}${process.pid}-${++counter}`;
  const dir = join(root, name);
  const src = join(root, "src");
  cpSync(src, dir, { recursive: true, filter: (path) => !relative(src, path).split(sep).includes(".observablehq") });
  const nodeBundles = join(cacheDir(src), "_node");
  if (existsSync(nodeBundles)) {
    mkdirSync(cacheDir(dir), { recursive: true });
    cpSync(nodeBundles, join(cacheDir(dir), "_node"), { recursive: true });
  }
  return { name, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
