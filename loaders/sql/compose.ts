/**
 * SQL composed with bound values. Every value that comes from a file, a mapping, a config
 * or a command line travels as a parameter (`$1`, `$2` …), never as SQL text; identifiers
 * (column and table names) are quoted by `ident`. Text that is SQL written in this code base
 * enters through `raw`. One module, so that a reviewer checks one place.
 *
 *   sql`SELECT * FROM ${ident(table)} WHERE ticket_id = ${id} AND ${raw(condition)}`
 */
import type { DuckDBValue } from "@duckdb/node-api";

export type Bindable = string | number | boolean | null | bigint;

export class Sql {
  constructor(
    /** Pieces of SQL text, with a value between each two. */
    readonly strings: readonly string[],
    readonly values: readonly (Bindable | Sql)[],
  ) {}

  /** The text with `$n` placeholders and the values in order (nested Sql inlined, its values renumbered). */
  toQuery(): { text: string; values: DuckDBValue[] } {
    const out: DuckDBValue[] = [];
    const text = this.render(out);
    return { text, values: out };
  }

  private render(out: DuckDBValue[]): string {
    let text = this.strings[0];
    this.values.forEach((value, i) => {
      if (value instanceof Sql) text += value.render(out);
      else {
        out.push(value as DuckDBValue);
        text += `$${out.length}`;
      }
      text += this.strings[i + 1];
    });
    return text;
  }
}

/** Tagged template: interpolated values are bound, interpolated Sql pieces are inlined. */
export function sql(strings: TemplateStringsArray, ...values: (Bindable | Sql)[]): Sql {
  for (const v of values) {
    if (v !== null && !(v instanceof Sql) && !["string", "number", "boolean", "bigint"].includes(typeof v)) {
      throw new TypeError(`sql: cannot bind a ${typeof v} (${String(v)})`);
    }
    if (typeof v === "number" && !Number.isFinite(v)) throw new TypeError(`sql: cannot bind ${v}`);
  }
  return new Sql([...strings], values);
}

/** SQL text written in this code base (never from a file). */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

/** A quoted identifier as text: "name", with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000")) throw new TypeError("sql: identifier contains NUL");
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string as literal text, quotes doubled: for SQL the code base writes, never for file values (bind those). */
export function quoteLiteral(text: string): string {
  if (text.includes("\u0000")) throw new TypeError("sql: literal contains NUL");
  return `'${text.replace(/'/g, "''")}'`;
}

/** An integer as literal text, refusing anything else (a scale bound from a checked survey definition). */
export function intLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`sql: not an integer: ${String(n)}`);
  return String(n);
}

/** A quoted identifier: "name", with embedded quotes doubled. */
export function ident(name: string): Sql {
  return raw(quoteIdent(name));
}

/** Pieces joined by a separator: join(columns.map(ident), ", "). */
export function join(parts: Sql[], separator = ", "): Sql {
  if (parts.length === 0) return raw("");
  const strings = ["", ...parts.slice(1).map(() => separator), ""];
  return new Sql(strings, parts);
}

/** A SQL list of bound values: (… IN ${list(codes)}). */
export function list(values: Bindable[]): Sql {
  return sql`(${join(values.map((v) => sql`${v}`))})`;
}

/**
 * A string as a SQL literal, for the rare places DuckDB does not accept a parameter (e.g. the
 * path of `read_csv`, `COPY … TO`, DDL defaults). Quotes are doubled and NUL refused.
 */
export function literal(text: string): Sql {
  return raw(quoteLiteral(text));
}
