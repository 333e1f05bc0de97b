import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Sql } from "../sql/compose.ts";

export const defaultDbPath = "data/haumai.duckdb";

/** The database path a command uses: `--db`, else `HAUMAI_DB`, else `data/haumai.duckdb`. */
export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.HAUMAI_DB ?? defaultDbPath);
}

/** Another process holds the database file: DuckDB allows one writer process at a time. */
export class DatabaseInUseError extends Error {
  constructor(readonly path: string, readonly pid?: number) {
    super(
      `Cơ sở dữ liệu đang được một tiến trình khác sử dụng${pid ? ` (PID ${pid})` : ""}: ${path}. ` +
        "Chờ tiến trình đó xong (ví dụ một lần nhập khác, hoặc bản xem trước dashboard) rồi chạy lại.",
    );
    this.name = "DatabaseInUseError";
  }
}

export type Row = Record<string, unknown>;

/** One open warehouse: a DuckDB file and one connection to it, with the few helpers the code needs. */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Warehouse> {
    if (path !== ":memory:" && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: "READ_ONLY" } : {});
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
    return new Warehouse(path, instance, connection);
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
  }
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === "bigint" ? Number(value) : value;
  }
  return out;
}
