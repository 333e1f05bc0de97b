import { closeSync, mkdirSync, openSync, readSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Sql } from "../sql/compose.ts";

export const defaultDbPath = "data/haumai.duckdb";

/** The database path a command uses: `--db`, else `HAUMAI_DB`, else `data/haumai.duckdb`. */
export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.HAUMAI_DB ?? defaultDbPath);
}

/** Another process holds the database file: DuckDB allows one writer process at a time. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly path: string,
    readonly pid?: number,
  ) {
    super(
      `Cơ sở dữ liệu đang được một tiến trình khác sử dụng${pid ? ` (PID ${pid})` : ""}: ${path}. ` +
        "Chờ tiến trình đó xong (ví dụ một lần nhập khác, hoặc bản xem trước dashboard) rồi chạy lại.",
    );
    this.name = "DatabaseInUseError";
  }
}

/** The file given as the database is something else (a SQLite file, a spreadsheet…): it is not opened. */
export class NotADatabaseError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} không phải tệp cơ sở dữ liệu DuckDB của Haumai (phần đầu tệp không có dấu "DUCK"). Kiểm tra lại --db hoặc biến HAUMAI_DB; tệp này không bị thay đổi.`,
    );
    this.name = "NotADatabaseError";
  }
}

/**
 * Refuse a file that is not DuckDB before DuckDB sees it: handed a SQLite file, DuckDB would
 * try to load (and download) its SQLite extension and attach it. DuckDB files carry "DUCK" at
 * byte 8; a path that does not exist yet is a new database, and so is an empty file (DuckDB
 * itself refuses one, so it is removed first — it holds nothing).
 */
function checkDuckDbFile(path: string, readOnly: boolean): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  let empty = false;
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    empty = n === 0;
    if (!empty && (n < 12 || head.toString("latin1", 8, 12) !== "DUCK")) throw new NotADatabaseError(path);
  } finally {
    closeSync(fd);
  }
  if (empty && readOnly) throw new NotADatabaseError(path);
  if (empty) unlinkSync(path);
}

/**
 * No extension is ever fetched or loaded behind the code's back (design.md §5: the build runs
 * offline; parquet, json and icu are built in).
 */
const instanceConfig = { autoload_known_extensions: "false", autoinstall_known_extensions: "false" };

/**
 * DuckDB's memory cap when writing: past it, joins, sorts and big inserts spill to the temp directory instead of
 * growing the process, so `haumai ingest` stays under 1 GB whatever the file's size (DuckDB's default is 80 % of
 * the machine's memory). 400 MB, not 500: DuckDB allocates some memory outside its limit, and a 5M-row ingest
 * peaked at 980 MB with 500. HAUMAI_MEMORY_LIMIT overrides it ("2GB").
 */
export const defaultMemoryLimit = "400MB";

/**
 * Where DuckDB spills: beside the database, `<db>.tmp/<process>`, one folder per process so that two readers
 * of the same file never remove each other's files; removed on close (and `<db>.tmp` with it when empty).
 */
export function tempDirectoryOf(path: string): string {
  return `${resolve(path)}.tmp`;
}

/** This process's spill folder under `<db>.tmp` (DuckDB makes only the last folder of the path itself). */
function spillFolder(path: string): string | undefined {
  try {
    mkdirSync(tempDirectoryOf(path), { recursive: true });
  } catch {
    return undefined; // a read-only place: DuckDB keeps its default (memory only past the limit fails)
  }
  return join(tempDirectoryOf(path), `${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

export type Row = Record<string, unknown>;

/** One open warehouse: a DuckDB file and one connection to it, with the few helpers the code needs. */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** Opened read-only: nothing this connection reads can change under it. */
    readonly readOnly: boolean,
    private readonly tempDirectory?: string,
  ) {}

  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Warehouse> {
    if (path !== ":memory:") checkDuckDbFile(path, options.readOnly === true);
    if (path !== ":memory:" && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    const temp = path === ":memory:" ? undefined : spillFolder(path);
    const config: Record<string, string> = {
      ...instanceConfig,
      // Readers (data loaders, kpi, report) keep DuckDB's own limit: capped at 500 MB the monthly report's
      // joins spill and take twice as long, and no reader holds a file's worth of rows.
      ...(options.readOnly && !process.env.HAUMAI_MEMORY_LIMIT
        ? {}
        : { memory_limit: process.env.HAUMAI_MEMORY_LIMIT ?? defaultMemoryLimit }),
      ...(temp ? { temp_directory: temp } : {}),
      ...(options.readOnly ? { access_mode: "READ_ONLY" } : {}),
    };
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      const message = (error as Error).message ?? "";
      if (/Could not set lock|Conflicting lock/i.test(message)) {
        const pid = /PID (\d+)/.exec(message)?.[1];
        throw new DatabaseInUseError(path, pid ? Number(pid) : undefined);
      }
      throw error;
    }
    const connection = await instance.connect();
    // Naive timestamps in the warehouse are Asia/Ho_Chi_Minh wall time; the session says so too.
    await connection.run("SET TimeZone = 'Asia/Ho_Chi_Minh'");
    return new Warehouse(path, instance, connection, options.readOnly === true, temp);
  }

  /** Run a statement: plain text written in this code base, or an `sql` template with bound values. */
  async run(query: string | Sql): Promise<void> {
    if (typeof query === "string") await this.connection.run(query);
    else {
      const { text, values } = query.toQuery();
      await this.connection.run(text, values);
    }
  }

  /** Rows as plain objects; BIGINT and HUGEINT come back as numbers, timestamps as ISO-like strings. */
  async all<T = Row>(query: string | Sql): Promise<T[]> {
    const { text, values } = typeof query === "string" ? { text: query, values: undefined } : query.toQuery();
    const reader = await this.connection.runAndReadAll(text, values);
    return reader.getRowObjectsJS().map((row) => normaliseRow(row)) as T[];
  }

  async one<T = Row>(query: string | Sql): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }

  /** Run `work` in one transaction: all of it lands, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await work();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.tempDirectory) {
      rmSync(this.tempDirectory, { recursive: true, force: true });
      try {
        rmdirSync(tempDirectoryOf(this.path));
      } catch {
        // another process still spills there, or it was never made
      }
    }
  }
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === "bigint" ? Number(value) : value;
  }
  return out;
}
