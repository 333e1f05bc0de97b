import { DatabaseInUseError } from "../warehouse/database.ts";
import { ingestBatch, type IngestOutcome } from "./ingestBatch.ts";
import { databaseMtime, type SiteBuilds } from "./siteBuilds.ts";

export type ServeEvent =
  | { type: "ingest"; outcomes: IngestOutcome[] }
  | { type: "database-busy"; files: string[]; message: string }
  | { type: "build-start"; reason: string; replacing: boolean }
  | { type: "build-done"; dir: string; durationMs: number }
  | { type: "build-failed"; message: string };

/**
 * One worker that ingests new exports and rebuilds the site, one step at a time: the build reads the
 * database from another process, so ingest and build never overlap. Files that arrive during a build
 * wait and are ingested together afterwards, followed by one rebuild.
 */
export class SiteUpdater {
  private pending: string[] = [];
  private buildReason?: string;
  private running?: Promise<void>;
  private stopping = false;
  private retryTimer?: NodeJS.Timeout;
  private lastBuildFailure = 0;
  private failedBuilds = 0;
  /** The code may have changed since the last run (an update of Haumai): one rebuild after start. */
  private startupBuildDue = true;

  constructor(
    private readonly builds: SiteBuilds,
    private readonly dbPath: string,
    private readonly emit: (event: ServeEvent) => void,
    /** After a failed build or a busy database, wait this long before trying again on its own. */
    private readonly retryMs = 60_000,
  ) {}

  /** Ingesting, building, or waiting to retry a busy database. */
  get busy(): boolean {
    return this.running !== undefined || this.retryTimer !== undefined;
  }

  addFiles(files: string[]): void {
    for (const file of files) if (!this.pending.includes(file)) this.pending.push(file);
    this.kick();
  }

  /**
   * Called when the inbox is quiet. Rebuild once after start (unless exports already caused a build), and
   * whenever the database is newer than the served site (a `haumai ingest` by hand) and has been quiet for
   * `quietMs`, so a build does not start in the middle of someone's import. After failed builds, wait
   * longer each time (retryMs, doubled, at most 30 minutes) rather than rebuild a broken page every minute.
   */
  checkStale(quietMs: number): void {
    if (this.busy || this.stopping) return;
    const backoff = this.failedBuilds ? Math.min(this.retryMs * 2 ** (this.failedBuilds - 1), 30 * 60_000) : 0;
    if (Date.now() - this.lastBuildFailure < backoff) return;
    if (!this.builds.current()) this.buildReason = "chưa có trang";
    else if (this.startupBuildDue) this.buildReason = "khởi động: dựng lại với phiên bản Haumai hiện tại";
    else if (this.builds.isStale() && Date.now() - databaseMtime(this.dbPath) >= quietMs)
      this.buildReason = "cơ sở dữ liệu đã thay đổi";
    else return;
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopping) return;
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    while (!this.stopping && (this.pending.length > 0 || this.buildReason)) {
      if (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        try {
          const outcomes = await ingestBatch(this.dbPath, batch);
          this.emit({ type: "ingest", outcomes });
          const imported = outcomes.filter((o) => o.status === "imported").length;
          if (imported > 0) this.buildReason = `nạp ${imported} tệp mới`;
        } catch (error) {
          if (error instanceof DatabaseInUseError) {
            this.pending.unshift(...batch);
            this.emit({ type: "database-busy", files: batch, message: error.message });
            this.retryTimer = setTimeout(() => {
              this.retryTimer = undefined;
              this.kick();
            }, this.retryMs);
            return;
          }
          this.emit({
            type: "ingest",
            outcomes: batch.map((file) => ({
              file,
              status: "failed",
              rowsRead: 0,
              rowsAccepted: 0,
              rowsRejected: 0,
              error: (error as Error).message,
            })),
          });
        }
        continue; // files that came in meanwhile join before the build
      }
      const reason = this.buildReason!;
      this.buildReason = undefined;
      this.emit({ type: "build-start", reason, replacing: this.builds.current() !== undefined });
      try {
        const result = await this.builds.build();
        this.startupBuildDue = false;
        this.failedBuilds = 0;
        this.emit({ type: "build-done", ...result });
      } catch (error) {
        if (this.stopping) return;
        this.lastBuildFailure = Date.now();
        this.failedBuilds++;
        this.emit({ type: "build-failed", message: (error as Error).message });
      }
    }
  }

  /** Stop: no new work, the build under way is stopped, an ingest under way finishes (one transaction per file). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await Promise.all([this.builds.abort(), this.running]);
  }
}
