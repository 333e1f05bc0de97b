import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";

/** The exports `haumai ingest <folder>` takes; Office lock files (~$…) and hidden files are not exports. */
const exportFile = /\.(csv|tsv|txt|xlsx)$/i;

export interface InboxWatcherOptions {
  /** A file is complete when its size and time have not changed for this long. */
  stableMs: number;
  /** Give up waiting for a burst to finish after this long and hand over the files that are complete. */
  maxWaitMs: number;
}

interface Seen {
  signature: string;
  changedAt: number;
  handled?: string;
}

/**
 * Watches the inbox by listing it each time `poll` is called (on the server's timer). Polling rather than
 * fs.watch: it behaves the same on Windows, Linux and network shares, and a copy in progress is seen as a
 * growing file either way. Files are handed over only once every file in the folder has stopped changing,
 * so a burst of exports arrives as one batch (one ingest, one rebuild). A file is handed over again only
 * if it changes.
 */
export class InboxWatcher {
  private readonly seen = new Map<string, Seen>();
  private waitingSince?: number;

  constructor(
    readonly dir: string,
    private readonly onFiles: (files: string[]) => void,
    readonly options: InboxWatcherOptions = { stableMs: 3000, maxWaitMs: 5 * 60_000 },
  ) {}

  /** No file is waiting to be handed over (none new, none still being written). */
  idle(): boolean {
    return [...this.seen.values()].every((e) => e.handled === e.signature);
  }

  /** List, compare with the last listing, hand over the complete new files. */
  poll(now = Date.now()): void {
    const present = new Set<string>();
    for (const file of listExports(this.dir)) {
      let signature: string;
      try {
        const info = statSync(file);
        signature = `${info.size}:${info.mtimeMs}`;
      } catch {
        continue; // removed between listing and stat
      }
      present.add(file);
      const entry = this.seen.get(file);
      if (!entry) this.seen.set(file, { signature, changedAt: now });
      else if (entry.signature !== signature) Object.assign(entry, { signature, changedAt: now });
    }
    for (const file of this.seen.keys()) if (!present.has(file)) this.seen.delete(file);

    const pending = [...this.seen].filter(([, e]) => e.handled !== e.signature);
    if (pending.length === 0) {
      this.waitingSince = undefined;
      return;
    }
    this.waitingSince ??= now;
    const complete = pending.filter(([, e]) => now - e.changedAt >= this.options.stableMs);
    const burstOver = complete.length === pending.length || now - this.waitingSince >= this.options.maxWaitMs;
    if (complete.length === 0 || !burstOver) return;
    for (const [, e] of complete) e.handled = e.signature;
    this.waitingSince = undefined;
    this.onFiles(complete.map(([file]) => file).sort((a, b) => a.localeCompare(b, "vi")));
  }
}

/** Export files in the folder and its subfolders, as `haumai ingest <folder>` would take them. */
export function listExports(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => exportFile.test(name) && !/^(~\$|\.)/.test(basename(name)))
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}
