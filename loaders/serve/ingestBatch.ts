import { Warehouse } from "../warehouse/database.ts";
import { ensureSchema } from "../warehouse/schema.ts";
import { ingestFile, type FileSummary } from "../ingest/ingestFile.ts";

/** What the server reports of one file; the rest of FileSummary belongs to the ingest internals. */
export type IngestOutcome = Pick<
  FileSummary,
  "file" | "status" | "rowsRead" | "rowsAccepted" | "rowsRejected" | "error"
>;

/**
 * Ingest a batch of exports the way `haumai ingest <files>` does: the warehouse is opened for the
 * batch and closed after, so the site build (another process, reading the file) and a `haumai ingest`
 * run by hand can open it in between. Any error on one file fails that file only. A database held by
 * another process (DatabaseInUseError) is thrown before any file is read, for the caller to retry.
 */
export async function ingestBatch(dbPath: string, files: string[]): Promise<IngestOutcome[]> {
  const warehouse = await Warehouse.open(dbPath);
  try {
    await ensureSchema(warehouse);
    const outcomes: IngestOutcome[] = [];
    for (const file of files) {
      try {
        const { status, rowsRead, rowsAccepted, rowsRejected, error } = await ingestFile(warehouse, file);
        outcomes.push({ file, status, rowsRead, rowsAccepted, rowsRejected, error });
      } catch (error) {
        // ingestFile leaves the database as it was on failure; the server goes on with the next file.
        const message = (error as Error)?.message ?? String(error);
        outcomes.push({ file, status: "failed", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, error: message });
      }
    }
    return outcomes;
  } finally {
    warehouse.close();
  }
}
