import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashOf } from "../report/manifest.ts";

/**
 * What was e-mailed, kept next to what it was about (reports/<period>/gui.json for a report,
 * reports/canh-bao/gui.json for alerts): the next run sends only when its fingerprint differs from the last
 * sending's, so re-running a report or a daily `haumai check` from cron never mails the same thing twice.
 * Only a mail the server accepted is recorded: a failed sending is tried again by the next run.
 */
export interface Sending {
  sentAt: string;
  /** What was sent: the issued report's figures, or the month's alert set, as a hash. */
  fingerprint: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  /** Addresses the server refused while accepting the others. */
  rejected: string[];
  messageId: string;
  attachments: string[];
  /** For a report: when the sent files were issued (manifest.issuedAt). */
  issuedAt?: string;
  /** For alerts: the month and the alerts, to read the file without Haumai. */
  month?: string;
  alerts?: string[];
}

export interface SendingLog {
  sends: Sending[];
  /**
   * Alerts only: when a check found nothing to alert after the last mail. The same alerts coming back after that
   * are news again and are mailed, though they equal the last mail's.
   */
  clearedAt?: string;
}

export const sendingLogName = "gui.json";

/** The log of `file`; none yet is an empty log, a file that is not one is an error naming it (never overwritten). */
export function readSendingLog(file: string): SendingLog {
  if (!existsSync(file)) return { sends: [] };
  try {
    const log = JSON.parse(readFileSync(file, "utf8")) as SendingLog;
    if (!Array.isArray(log?.sends)) throw new Error("thiếu danh sách sends");
    return log;
  } catch (error) {
    throw new Error(
      `${file}: không đọc được nhật ký gửi thư (${(error as Error).message}); sửa hoặc xóa tệp này rồi chạy lại`,
    );
  }
}

export const lastSending = (log: SendingLog): Sending | undefined => log.sends[log.sends.length - 1];

/** Written to a temporary file and renamed, so an interrupted run never leaves half a log. */
function writeSendingLog(file: string, log: SendingLog): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(log, null, 2) + "\n");
  renameSync(temp, file);
}

/** Add one sending. */
export function appendSending(file: string, sending: Sending): void {
  const log = readSendingLog(file);
  log.sends.push(sending);
  delete log.clearedAt;
  writeSendingLog(file, log);
}

/** Note that the alerts of the last mail are gone (once: a later clear check changes nothing). */
export function markCleared(file: string, at: string): void {
  const log = readSendingLog(file);
  if (log.sends.length === 0 || log.clearedAt) return;
  writeSendingLog(file, { ...log, clearedAt: at });
}

/** Whether `fingerprint` is what the last mail of `log` carried, and nothing cleared since. */
export const alreadySent = (log: SendingLog, fingerprint: string): Sending | undefined => {
  const last = lastSending(log);
  return last && last.fingerprint === fingerprint && !log.clearedAt ? last : undefined;
};

/** A hash of named values that does not depend on the order they were listed in. */
export const fingerprintOf = (values: Record<string, unknown> | string[]): string =>
  hashOf(Array.isArray(values) ? [...values].sort() : Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
