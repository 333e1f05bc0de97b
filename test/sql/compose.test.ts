import { describe, expect, it } from "vitest";
import { ident, join, list, literal, raw, sql } from "../../loaders/sql/compose.ts";
import { memoryWarehouse } from "../helpers.ts";

describe("sql composition", () => {
  it("binds values as numbered parameters and inlines nested pieces", () => {
    const where = sql`region = ${"Miền Nam"} AND csat >= ${4}`;
    const q =
      sql`SELECT ${ident("ticket id")} FROM tickets WHERE ${where} AND channel IN ${list(["hotline", "web"])}`.toQuery();
    expect(q.text).toBe('SELECT "ticket id" FROM tickets WHERE region = $1 AND csat >= $2 AND channel IN ($3, $4)');
    expect(q.values).toEqual(["Miền Nam", 4, "hotline", "web"]);
  });

  it("quotes identifiers and literals so that hostile text stays text", async () => {
    const w = await memoryWarehouse();
    const hostile = `x'); DROP TABLE t; --"`;
    await w.run(sql`CREATE TEMP TABLE t (${ident(hostile)} VARCHAR)`);
    await w.run(sql`INSERT INTO t VALUES (${hostile})`);
    expect(await w.all(sql`SELECT ${ident(hostile)} AS v, ${literal(hostile)} AS l FROM t`)).toEqual([
      { v: hostile, l: hostile },
    ]);
    // A targets value such as "0 OR true" is a string parameter, never a condition.
    expect(await w.one(sql`SELECT ${"0 OR true"} = 'x' AS flipped`)).toEqual({ flipped: false });
    w.close();
  });

  it("refuses what cannot be bound", () => {
    expect(() => sql`SELECT ${{} as unknown as string}`).toThrow(/cannot bind/);
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(/cannot bind/);
    expect(() => ident("a\u0000b")).toThrow(/NUL/);
    expect(join([raw("a"), raw("b")], " + ").toQuery().text).toBe("a + b");
    expect(join([]).toQuery().text).toBe("");
  });
});
