import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
// From the root, not from this module: the CLI runs compiled from .haumai/cli (bin/compile.js), where no
// buildChild.ts sits beside it; the child always runs the TypeScript source with tsx.
const buildChild = join(projectRoot, "loaders", "serve", "buildChild.ts");

/** sites/current.json: which build folder is served, and the database state it was built from. */
export interface BuildPointer {
  dir: string;
  builtAt: string;
  dbMtimeMs: number;
  durationMs: number;
}

export interface BuildResult {
  dir: string;
  durationMs: number;
}

/**
 * The built dashboards under `sitesDir`, one folder per build, and the pointer to the one being served.
 * A build goes to `<name>.partial`, is renamed when complete, and only then does the pointer move: a
 * browser never sees half a site, and requests already under way finish from the folder they started in.
 */
export class SiteBuilds {
  private pointer?: BuildPointer;
  private child?: ChildProcess;

  constructor(
    readonly sitesDir: string,
    readonly dbPath: string,
  ) {
    mkdirSync(sitesDir, { recursive: true });
    this.load();
  }

  private get pointerPath(): string {
    return join(this.sitesDir, "current.json");
  }

  /** Pick up the build served before a restart, and clear what an interrupted build left behind. */
  private load(): void {
    for (const name of readdirSync(this.sitesDir)) {
      if (name.endsWith(".partial")) rmSync(join(this.sitesDir, name), { recursive: true, force: true });
    }
    try {
      const pointer = JSON.parse(readFileSync(this.pointerPath, "utf8")) as BuildPointer;
      if (typeof pointer.dir === "string" && existsSync(join(this.sitesDir, pointer.dir, "index.html")))
        this.pointer = pointer;
    } catch {
      // no build yet
    }
  }

  /** Absolute folder of the site to serve now, if there is one. */
  current(): string | undefined {
    return this.pointer ? join(this.sitesDir, this.pointer.dir) : undefined;
  }

  get building(): boolean {
    return this.child !== undefined;
  }

  /** The build process (the leader of its process group on POSIX), while a build runs. */
  get buildPid(): number | undefined {
    return this.child?.pid;
  }

  /** The database changed since the served site was built (e.g. `haumai ingest` run by hand). */
  isStale(): boolean {
    return !this.pointer || databaseMtime(this.dbPath) > this.pointer.dbMtimeMs;
  }

  /** Build a new site and serve it once complete; on failure the current site stays. */
  async build(): Promise<BuildResult> {
    if (this.child) throw new Error("đang dựng trang");
    const started = Date.now();
    const dbMtimeMs = databaseMtime(this.dbPath);
    const name = buildName(new Date(started));
    const partial = join(this.sitesDir, `${name}.partial`);
    try {
      await this.runChild(partial);
      if (!existsSync(join(partial, "index.html"))) throw new Error("bản dựng không có index.html");
      const dir = join(this.sitesDir, name);
      renameSync(partial, dir);
      const previous = this.pointer?.dir;
      const pointer: BuildPointer = {
        dir: name,
        builtAt: new Date().toISOString(),
        dbMtimeMs,
        durationMs: Date.now() - started,
      };
      writeFileSync(`${this.pointerPath}.tmp`, JSON.stringify(pointer, null, 2));
      renameSync(`${this.pointerPath}.tmp`, this.pointerPath);
      this.pointer = pointer;
      try {
        this.removeOld([name, previous]);
      } catch {
        // a file still open (Windows, antivirus): the folder goes at the next build
      }
      return { dir, durationMs: pointer.durationMs };
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  }

  private runChild(outDir: string): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      // Its own process group (POSIX), so stopping the server can stop npm and Framework under it too.
      const child = spawn(process.execPath, ["--import", "tsx", buildChild, resolve(this.dbPath), outDir], {
        cwd: projectRoot,
        stdio: ["ignore", "ignore", "pipe"],
        detached: process.platform !== "win32",
        windowsHide: true,
      });
      this.child = child;
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-6000)));
      child.on("error", (error) => {
        this.child = undefined;
        reject(error);
      });
      child.on("close", (code, signal) => {
        this.child = undefined;
        if (code === 0) resolvePromise();
        else reject(new Error(signal ? `bị dừng (${signal})` : `mã thoát ${code}: ${lastLines(stderr)}`));
      });
    });
  }

  /**
   * Stop a build under way (server shutting down) and wait until npm and Framework under it are gone too:
   * SIGTERM to the build's process group, SIGKILL for what is still there after 5 seconds.
   */
  async abort(): Promise<void> {
    const pid = this.child?.pid;
    if (!pid) return;
    if (process.platform === "win32") {
      spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { windowsHide: true });
      return;
    }
    const signalGroup = (signal: NodeJS.Signals | 0) => {
      try {
        process.kill(-pid, signal);
        return true;
      } catch {
        return false; // ESRCH: no process left in the group
      }
    };
    signalGroup("SIGTERM");
    for (let waited = 0; waited < 5000 && signalGroup(0); waited += 100) await new Promise((r) => setTimeout(r, 100));
    signalGroup("SIGKILL");
  }

  private removeOld(keep: (string | undefined)[]): void {
    for (const name of readdirSync(this.sitesDir)) {
      const path = join(this.sitesDir, name);
      if (keep.includes(name) || name.endsWith(".partial") || !statSync(path).isDirectory()) continue;
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** The database file's last change; DuckDB writes a .wal beside it between checkpoints. */
export function databaseMtime(dbPath: string): number {
  const times = [dbPath, `${dbPath}.wal`].map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0));
  return Math.max(...times);
}

/** Sortable, readable, unique enough (one build at a time): 2026-11-23T23-05-01-123 in Vietnam time. */
function buildName(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 23).replace(/[:.]/g, "-");
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-12).join("\n");
}
