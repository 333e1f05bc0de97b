import { unwatchFile, watchFile, type Stats } from "node:fs";

/**
 * Call `changed` once the database file has stopped changing after a change (an ingest writes the file and its
 * WAL for a while; a loader that ran in the middle would find it locked). Polls the files' stats rather than
 * using fs.watch, which does not see a file that does not exist yet and behaves differently on each system.
 */
export function watchDatabase(dbPath: string, changed: () => void, { interval = 300, settle = 800 } = {}): () => void {
  const files = [dbPath, `${dbPath}.wal`];
  let timer: NodeJS.Timeout | undefined;
  const listener = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    clearTimeout(timer);
    timer = setTimeout(changed, settle);
  };
  for (const file of files) watchFile(file, { interval, persistent: false }, listener);
  return () => {
    clearTimeout(timer);
    for (const file of files) unwatchFile(file, listener);
  };
}
