import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { monthlyKpis, type MonthKpis } from "../../loaders/kpi/monthly.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { annualReview } from "../../loaders/review/annual.ts";
import { monthContents } from "../../loaders/report/contents.ts";
import { kpiRegistry } from "../../loaders/kpi/registry.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, runCli, scratchDir } from "../helpers.ts";
import { verdictText } from "@haumai/vi";
import { Warehouse as WarehouseClass } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { join } from "node:path";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const day = (d: number, month = 3, year = 2026) =>
  `${String(d).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;

describe("not measured is a state, never met or missed", () => {
  // An export with ids, received times and first responses only: no request types, no ratings, no closing times.
  // Twelve tickets a month from January to June 2026, each answered an hour later.
  const header = ["Mã phiếu", "Ngày tiếp nhận", "Thời điểm phản hồi"];
  const rows: string[][] = [];
  for (let m = 1; m <= 6; m++)
    for (let i = 1; i <= 12; i++) rows.push([`T${m}-${i}`, `${day(i + 1, m)} 08:00`, `${day(i + 1, m)} 09:00`]);
  const db = join(scratch.dir, "bare.duckdb");
  let months: MonthKpis[];

  beforeAll(async () => {
    const w = await WarehouseClass.open(db);
    await ensureSchema(w);
    await ingestFile(w, scratch.file("bare.csv", csv([header, ...rows])));
    months = await monthlyKpis(w, { targets: defaultTargets });
    w.close();
  });

  it("the KPIs whose columns the export lacks say so, with the columns; the rest are measured", () => {
    const march = months.find((m) => m.month === "2026-03")!;
    expect(march.kpis.complaint_rate).toMatchObject({
      status: "not_measured",
      value: null,
      not_measured: { reason: "missing_column", columns: ["request_type"] },
    });
    expect(march.kpis.satisfaction.not_measured).toEqual({ reason: "missing_column", columns: ["csat"] });
    expect(march.kpis.backlog_end.not_measured).toEqual({
      reason: "missing_column",
      columns: ["closed_at / delivered_at"],
    });
    expect(march.kpis.backlog_over30.status).toBe("not_measured");
    expect(march.kpis.resolution_time.not_measured).toEqual({ reason: "missing_column", columns: ["closed_at"] });
    // 12 answered tickets, each in 60 working minutes: measured and met.
    expect(march.kpis.response_time).toMatchObject({ status: "met", n: 12, x: 12, value: 1 });
    expect(march.kpis.tickets_received).toMatchObject({ status: "no_target", value: 12 });
  });

  it("without request types a return cannot be seen: the fix rate is not measured, never 100%", async () => {
    // Twelve repairs in March, each device back ten days after delivery; the export has no "Phân loại" column.
    const cols = ["Mã phiếu", "Ngày tiếp nhận", "Số serial", "Ngày sửa xong", "Ngày trả máy", "Kết quả"];
    const repairs = Array.from({ length: 12 }, (_, i) => [
      `F${i}`,
      `${day(2)} 08:00`,
      `S${i}`,
      `${day(3)} 10:00`,
      `${day(4)} 09:00`,
      "Đã sửa",
    ]);
    const returns = Array.from({ length: 12 }, (_, i) => [`G${i}`, `${day(14)} 08:00`, `S${i}`, "", "", ""]);
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("no-types.csv", csv([cols, ...repairs, ...returns])));
    const [march] = await monthlyKpis(w, { targets: defaultTargets });
    expect(march.kpis.fix_rate).toMatchObject({
      status: "not_measured",
      value: null,
      not_measured: { reason: "missing_column", columns: ["request_type"] },
    });
    expect(march.kpis.repair_time.not_measured).toEqual({ reason: "missing_column", columns: ["request_type"] });
    w.close();
  });

  it("too few cases is not measured, naming n and the threshold", async () => {
    const w = await memoryWarehouse();
    await ingestFile(w, scratch.file("few.csv", csv([header, ...rows.slice(0, 4)])));
    const [january] = await monthlyKpis(w, { targets: defaultTargets });
    expect(january.kpis.response_time).toMatchObject({
      status: "not_measured",
      n: 4,
      not_measured: { reason: "too_few", n: 4, min: 10 },
    });
    w.close();
  });

  it("the CLI table says 'chưa đo được' and why, never 'đạt'", async () => {
    const { code, out } = await runCli(["kpi", "--month", "2026-03", "--db", db]);
    expect(code).toBe(0);
    const line = (label: string) => out.split("\n").find((l) => l.startsWith(label))!;
    expect(line("Tỷ lệ khiếu nại")).toMatch(/chưa đo được.*Chưa đo được$/);
    expect(line("Tỷ lệ khiếu nại")).not.toMatch(/Đạt/);
    expect(line("Chỉ số hài lòng")).toMatch(/Chưa đo được$/);
    expect(line("Tồn đọng quá 30 ngày")).toMatch(/Chưa đo được$/);
    expect(line("Đáp ứng trong mục tiêu")).toMatch(/100%.*Đạt$/);
    expect(out).toContain("Tỷ lệ khiếu nại: chưa đo được — dữ liệu không có phân loại yêu cầu.");
    expect(out).toContain("Chỉ số hài lòng: chưa đo được — dữ liệu không có đánh giá.");
  });

  it("the workbook has no figure for them and says why in the status column", async () => {
    const w = await WarehouseClass.open(db, { readOnly: true });
    const contents = (await monthContents(w, "2026-03"))!;
    w.close();
    const sheet = contents.sheets.find((s) => s.name === "Chỉ số chính")!;
    const row = (id: string) => (sheet.rows as Record<string, unknown>[]).find((r) => r.figure === id)!;
    expect(row("complaint_rate")).toMatchObject({
      value: null,
      status: "Chưa đo được: dữ liệu không có phân loại yêu cầu",
    });
    expect(row("satisfaction")).toMatchObject({ value: null, status: "Chưa đo được: dữ liệu không có đánh giá" });
    expect(row("response_time")).toMatchObject({ value: 1, status: "Đạt" });
  });

  it("the annual review suggests neither keep nor change from them", () => {
    const review = annualReview(months, 2026, defaultTargets);
    const of = (id: string) => review.kpis.find((k) => k.id === id)!;
    // The data lacks their columns: that is the reason given, not "too few months" (more months would not help).
    expect(of("complaint_rate")).toMatchObject({
      verdict: "not_measured",
      reasons: [{ code: "missing_column", columns: ["request_type"] }],
    });
    expect(verdictText(of("satisfaction"))).toBe("Chưa đo được: dữ liệu không có đánh giá.");
    for (const id of ["complaint_rate", "satisfaction", "backlog_over30", "fix_rate", "resolution_time"]) {
      expect(of(id).verdict, id).toBe("not_measured");
      expect(of(id).reasons[0].code, id).toBe("missing_column");
    }
    // Six measured months, each 100% within target: keep.
    expect(of("response_time")).toMatchObject({ verdict: "keep", months_with_data: 6, months_met: 6 });
  });
});

describe("coverage: partial months and years the holiday file does not list", () => {
  let w: Warehouse;
  let months: MonthKpis[];
  beforeAll(async () => {
    w = await memoryWarehouse();
    const header = ["Mã phiếu", "Ngày tiếp nhận"];
    // 2012: the holiday file starts in 2023. May 2012 whole (1st to 31st); June 2012 ends on the 6th.
    const rows = [
      ["A", "01/05/2012 08:00"],
      ["B", "31/05/2012 16:00"],
      ["C", "06/06/2012 10:00"],
    ];
    await ingestFile(w, scratch.file("old.csv", csv([header, ...rows])));
    months = await monthlyKpis(w, { targets: defaultTargets });
  });
  afterAll(() => w.close());

  it("flags months outside the holiday file and the month whose data stops before its end", () => {
    expect(months.map((m) => m.coverage)).toEqual([
      { month: "2012-05", from: "2012-05-01", to: "2012-05-31", partial: false, holidays_known: false },
      { month: "2012-06", from: "2012-06-01", to: "2012-06-06", partial: true, holidays_known: false },
    ]);
  });

  it("the annual review carries the year's coverage, and the review command warns", () => {
    expect(annualReview(months, 2012, defaultTargets).coverage).toEqual({
      months: 2,
      holidays_known: false,
      partial_months: ["2012-06"],
    });
  });

  it("the CLI warns on stderr", async () => {
    const db = join(scratch.dir, "old.duckdb");
    const file = join(scratch.dir, "old.csv");
    const disk = await WarehouseClass.open(db);
    await ensureSchema(disk);
    await ingestFile(disk, file);
    disk.close();
    const { err } = await runCli(["kpi", "--month", "2012-06", "--db", db]);
    expect(err).toContain("Tháng chưa đủ: dữ liệu từ 01/06/2012 đến 06/06/2012.");
    expect(err).toContain("Chưa có ngày lễ năm 2012 trong data/calendar/holidays.csv");
    const review = await runCli(["review", "--year", "2012", "--db", db]);
    expect(review.err).toContain("⚠ Chưa có ngày lễ năm 2012 trong data/calendar/holidays.csv");
    expect(review.err).toContain("⚠ Tháng chưa đủ dữ liệu: 6/2012.");
  });
});

describe("a month the data stops in is measured at the data's last moment", () => {
  it("backlog ages at the last time the data records (a closing), not at the month's end; the month is partial", async () => {
    const w = await memoryWarehouse();
    const rows = [
      ["Mã phiếu", "Ngày tiếp nhận", "Ngày đóng"],
      ["X", "01/06/2026 08:00", ""],
      ["Y", "09/06/2026 08:00", "11/06/2026 16:00"],
    ];
    await ingestFile(w, scratch.file("stops.csv", csv(rows)));
    const [june] = await monthlyKpis(w, { targets: defaultTargets });
    // Measured at 11/06 16:00: X is 10 days old (8–14), where the month's end would have made it 29 (15–30).
    expect(june.kpis.backlog_end).toMatchObject({ value: 1, details: { "8-14": 1, "15-30": 0 } });
    expect(june.coverage).toMatchObject({ from: "2026-06-01", to: "2026-06-11", partial: true });
    w.close();
  });
});

describe("the three new KPIs, worked by hand", () => {
  let w: Warehouse;
  let march: MonthKpis;
  const header = [
    "Mã phiếu",
    "Ngày tiếp nhận",
    "Phân loại",
    "Nơi sửa chữa",
    "Ngày nhận máy",
    "Ngày sửa xong",
    "Ngày trả máy",
    "Ngày hẹn trả",
    "Ngày đóng",
    "Thời gian chờ (giờ)",
  ];
  // Repairs at the centre, received 02/03/2026 08:00 (Monday):
  const rows = [
    // repaired 04/03 08:00: 2 days calendar (2880), 24 hours waiting for parts → net 1440; delivered on the promised day.
    [
      "N1",
      "02/03/2026 08:00",
      "Bảo hành",
      "Trung tâm",
      "02/03/2026 08:00",
      "04/03/2026 08:00",
      "04/03/2026 15:00",
      "04/03/2026",
      "04/03/2026 15:00",
      "24",
    ],
    // repaired 03/03 08:00 (1440), no waiting recorded → counted in gross repair only; delivered a day after the promise.
    [
      "N2",
      "02/03/2026 08:00",
      "Bảo hành",
      "Trung tâm",
      "02/03/2026 08:00",
      "03/03/2026 08:00",
      "05/03/2026 09:00",
      "04/03/2026",
      "05/03/2026 09:00",
      "",
    ],
    // repaired 06/03 08:00 (5760), 0 hours waiting → net 5760; promised at a time, delivered 10 minutes late.
    [
      "N3",
      "02/03/2026 08:00",
      "Sửa chữa",
      "Trung tâm",
      "02/03/2026 08:00",
      "06/03/2026 08:00",
      "06/03/2026 10:10",
      "06/03/2026 10:00",
      "06/03/2026 10:10",
      "0",
    ],
    // repaired 03/03 14:00 (1800), 40 hours waiting (more than the repair: net is 0, never negative); delivered early.
    [
      "N4",
      "02/03/2026 08:00",
      "Sửa chữa",
      "Trung tâm",
      "02/03/2026 08:00",
      "03/03/2026 14:00",
      "03/03/2026 16:00",
      "05/03/2026",
      "03/03/2026 16:00",
      "40",
    ],
    // Promised for 05/03 and still at the centre when the data ends (20/03): already late.
    ["N5", "02/03/2026 08:00", "Bảo hành", "Trung tâm", "02/03/2026 08:00", "", "", "05/03/2026", "", ""],
    // Promised for 30/03, after the data ends, not returned yet: not due, not counted.
    ["N6", "02/03/2026 08:00", "Bảo hành", "Trung tâm", "02/03/2026 08:00", "", "", "30/03/2026", "", ""],
    // A later consultation: the data runs to 20/03.
    ["N7", "20/03/2026 08:00", "Tư vấn", "", "", "", "", "", "", ""],
  ];
  beforeAll(async () => {
    w = await memoryWarehouse();
    await ingestFile(w, scratch.file("new.csv", csv([header, ...rows])));
    [march] = await monthlyKpis(w, { targets: { ...defaultTargets, minimumCases: 1 } });
  });
  afterAll(() => w.close());

  it("on-time return: a date without time promises the whole day; a promised time is kept to the minute", () => {
    // On time: N1 (same day), N4 (early). Late: N2 (next day), N3 (10 minutes after the promised time), N5 (due 05/03,
    // still at the centre on 20/03). N6 is due after the data ends: not counted yet.
    expect(march.kpis.on_time_return).toMatchObject({ n: 5, x: 2, value: 0.4, status: "missed", details: { late: 3 } });
  });

  it("repair time net of on-hold time, with the gross figure of the same repairs beside it", () => {
    // With waiting recorded: N1 net 1440 (gross 2880), N3 net 5760 (gross 5760), N4 net max(1800 − 2400, 0) = 0 (gross 1800).
    // Net sorted 0 1440 5760 → 1440; gross sorted 1800 2880 5760 → 2880; waiting 0 1440 2400 → 1440.
    expect(march.kpis.repair_net).toMatchObject({
      n: 3,
      value: 1440,
      details: { gross_calendar_minutes: 2880, on_hold_calendar_minutes: 1440 },
    });
  });

  it("resolution time: closed − received", () => {
    // Working minutes from Monday 02/03 08:00 (450 left that day, 480 a full day): N1 to Wed 15:00 = 450 + 480 + 360 = 1290;
    // N2 to Thu 09:00 = 450 + 480 + 480 + 90 = 1500; N3 to Fri 10:10 = 450 + 3 × 480 + 160 = 2050; N4 to Tue 16:00 = 450 + 420 = 870.
    // Sorted 870 1290 1500 2050 → median 1395. Calendar: 3300, 4380, 5890, 1920 → sorted 1920 3300 4380 5890 → 3840.
    expect(march.kpis.resolution_time).toMatchObject({ n: 4, value: 1395, details: { median_calendar_minutes: 3840 } });
  });

  it("resolution time net of on-hold time: what an event log, which records waiting but no repair, can show", () => {
    // Calendar, closed − received − waiting: N1 3300 − 1440 = 1860, N3 5890 − 0, N4 max(1920 − 2400, 0) = 0; N2 records no waiting.
    // Net sorted 0 1860 5890 → 1860; gross of the same 1920 3300 5890 → 3300.
    expect(march.kpis.resolution_net).toMatchObject({ n: 3, value: 1860, details: { gross_calendar_minutes: 3300 } });
  });

  it("each is one registry entry read by every surface", () => {
    const ids = kpiRegistry.map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining(["resolution_time", "on_time_return", "repair_net", "resolution_net"]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
