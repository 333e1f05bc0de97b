import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { csv, runCli, scratchDir, ticketColumns } from "../helpers.ts";
import { kpiRegistry } from "../../loaders/kpi/registry.ts";

const scratch = scratchDir();
const db = join(scratch.dir, "cli.duckdb");

beforeAll(async () => {
  const row = (id: string, received: string, response: string, csat: string) => [
    id,
    received,
    "Hotline",
    "Tư vấn",
    "",
    "",
    response,
    "",
    "",
    "",
    response,
    "",
    csat,
    "",
  ];
  const rows = [
    ticketColumns,
    row("A", "02/03/2026 08:00", "02/03/2026 09:00", "5"),
    row("B", "03/03/2026 08:00", "03/03/2026 08:30", "3"),
    row("C", "01/04/2026 08:00", "01/04/2026 08:10", "4"),
  ];
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(w, scratch.file("t.csv", csv(rows)));
  w.close();
});
afterAll(() => scratch.remove());

const run = runCli;

describe("haumai kpi", () => {
  it("a month without tickets: exit 1, and the months the data has (haumai check says the same)", async () => {
    for (const command of ["kpi", "check"]) {
      const r = await run([command, "--month", "2025-12", "--db", db]);
      expect(r.code, command).toBe(1);
      expect(r.err, command).toContain("✘ Không có phiếu nào trong tháng 2025-12. Dữ liệu có từ 2026-03 đến 2026-04.");
    }
    const wrong = await run(["kpi", "--month", "12/2025", "--db", db]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("--month phải có dạng YYYY-MM");
  });

  it("--json prints the month's KPIs with the documented keys", async () => {
    const { code, out } = await run(["kpi", "--month", "2026-03", "--json", "--db", db]);
    expect(code).toBe(0);
    const k = JSON.parse(out);
    // Every KPI of the registry, each with its value, n, status and details; the month's coverage.
    expect(Object.keys(k.kpis)).toEqual(kpiRegistry.map((spec) => spec.id));
    expect(k.coverage).toMatchObject({
      month: "2026-03",
      from: "2026-03-02",
      to: "2026-03-31",
      partial: false,
      holidays_known: true,
    });
    expect(k.kpis.tickets_received).toMatchObject({ value: 2, status: "no_target" });
    // Two answered tickets (60 and 30 working minutes) and two ratings (5, 3): too few to judge. No value, the counts kept.
    expect(k.kpis.response_time).toMatchObject({ n: 2, x: 2, value: null, ci95: null, status: "not_measured" });
    expect(k.kpis.response_time.details).toEqual({
      median_working_minutes: 45,
      median_calendar_minutes: 45,
      p90_working_minutes: 57,
    });
    expect(k.kpis.satisfaction).toMatchObject({ n: 2, x: 1, value: null, details: { mean: 4 } });
    expect(k.kpis.satisfaction.not_measured).toEqual({ reason: "too_few", n: 2, min: 10 });
    expect(k.kpis.backlog_end).toMatchObject({ value: 0, status: "no_target" });
    for (const key of ["value", "n", "status", "details"]) expect(k.kpis.repair_time).toHaveProperty(key);
    expect(k.kpis.satisfaction.ci95).toBe(null);
  });

  it("a table by default, and a clear message for a month without data", async () => {
    const table = await run(["kpi", "--month", "2026-04", "--db", db]);
    expect(table.out).toContain("Tháng 4/2026");
    expect(table.out).toMatch(/Phiếu tiếp nhận\s+1\s+2/);
    const none = await run(["kpi", "--month", "2025-01", "--db", db]);
    expect(none.code).toBe(1);
    expect(none.err).toContain("Dữ liệu có từ 2026-03 đến 2026-04");
    expect((await run(["kpi", "--month", "03/2026", "--db", db])).code).toBe(2);
  });
});

describe("haumai review", () => {
  it("--json prints every KPI with 12 months, nulls where no data, control limits and a verdict", async () => {
    const { code, out } = await run(["review", "--year", "2026", "--json", "--db", db]);
    expect(code).toBe(0);
    const review = JSON.parse(out);
    expect(review.year).toBe(2026);
    const reviewed = kpiRegistry.filter((spec) => spec.better !== "neutral").map((spec) => spec.id);
    expect(review.kpis.map((k: { id: string }) => k.id)).toEqual(reviewed);
    // Two or one rating a month: below the 10 cases a month needs, so no month is measured and nothing is suggested.
    const satisfaction = review.kpis.find((k: { id: string }) => k.id === "satisfaction");
    expect(satisfaction.months).toEqual(Array(12).fill(null));
    expect(satisfaction).toMatchObject({ months_with_data: 0, verdict: "not_measured", annual: null });
    expect(satisfaction.reasons).toEqual([{ code: "too_few_months", months: 0, min: 6 }]);
    expect(satisfaction.control).toHaveProperty("centre");
    expect(satisfaction.control.signals).toEqual([]);
  });
});

describe("haumai survey", () => {
  it("--json has the documented keys; follow_up is the number of customers to call", async () => {
    const header = ["Mã KH", "Ngày khảo sát", "Q01", "Mức độ hài lòng chung", "Khả năng giới thiệu (0-10)"];
    const w = await Warehouse.open(db);
    await ingestFile(
      w,
      scratch.file("s.csv", csv([header, ["K1", "01/05/2026", "5", "5", "10"], ["K2", "02/05/2026", "2", "1", "2"]])),
    );
    w.close();
    const { code, out } = await run(["survey", "--wave", "2026-H1", "--json", "--db", db]);
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s).toMatchObject({
      wave: "2026-H1",
      responses: 2,
      satisfaction: { n: 2, satisfied: 1, index: 0.5 },
      nps: { n: 2, score: 0 },
      follow_up: 1,
    });
    expect(s.response_rate).toBeNull(); // no customer list loaded
    expect(s.questions[0]).toMatchObject({ id: "Q01", dimension: "product_quality", n: 2, mean: 3.5, top2: 0.5 });
    expect(s.questions[0].ci95).toHaveLength(2);
    expect(s.nps.ci95).toHaveLength(2);
    expect(Array.isArray(s.drivers)).toBe(true);
    expect((await run(["survey", "--wave", "2026-Q1", "--db", db])).code).toBe(2);
  });

  it("a wave that never asked the recommend question says NPS is not measured, not 'n = 0'", async () => {
    const w = await Warehouse.open(db);
    const rows = [
      ["Mã KH", "Ngày khảo sát", "Q01", "Mức độ hài lòng chung"],
      ["K3", "01/11/2026", "4", "4"],
    ];
    await ingestFile(w, scratch.file("s2.csv", csv(rows)));
    w.close();
    const { code, out } = await run(["survey", "--wave", "2026-H2", "--db", db]);
    expect(code).toBe(0);
    expect(out).toContain("NPS: chưa đo được — không phiếu nào trả lời câu khả năng giới thiệu (0–10)");
    expect(out).not.toMatch(/NPS:.*n = 0/);
  });
});

describe("help", () => {
  it("haumai --help lists every command, and each command's --help explains it", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    for (const name of ["ingest", "kpi", "review", "survey", "report", "demo"]) {
      expect(out).toMatch(new RegExp(`^  ${name} `, "m"));
      const help = await run([name, "--help"]);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`haumai ${name}`);
      expect(help.out).toContain("--db");
    }
  });
});
