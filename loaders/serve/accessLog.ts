import type { LogFile } from "./logFile.ts";
import { vietnamTime } from "./logFile.ts";

export interface AccessEntry {
  client: string;
  /** A user name, `local` for the machine itself, `anon` for a remote browser not logged in. */
  user: string;
  method: string;
  path: string;
  status: number;
}

/** A field with no spaces or control characters, so one request is one line with fixed columns. */
function field(value: string, max = 300): string {
  const clean = value.replace(/[\s\p{Cc}]/gu, (c) => encodeURIComponent(c)).slice(0, max);
  return clean || "-";
}

/** One line per request: time, client ip, user, method, path, status — separated by spaces. */
export function accessLine(entry: AccessEntry, at = new Date()): string {
  return [
    vietnamTime(at),
    field(entry.client, 64),
    field(entry.user, 64),
    field(entry.method, 16),
    field(entry.path),
    String(entry.status),
  ].join(" ");
}

export function writeAccess(log: LogFile, entry: AccessEntry): void {
  log.write(accessLine(entry));
}
