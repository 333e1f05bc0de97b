import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { decomposeShare, largestContributions } from "../../loaders/kpi/decompose.ts";
import { judgeMonth } from "../../loaders/kpi/noise.ts";
import { monthlyReportData, type MonthlyReportData } from "../../loaders/kpi/monthlyReport.ts";
import { monthSummary } from "../../loaders/kpi/summary.ts";
import { phaseStarts, type BoardDecision } from "../../loaders/review/decisions.ts";
import { annualReview } from "../../loaders/review/annual.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import type { MonthKpis } from "../../loaders/kpi/monthly.ts";
import type { KpiResult } from "../../loaders/kpi/measure.ts";
import { monthContents } from "../../loaders/report/contents.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";
import { summaryText } from "@haumai/vi";

describe("decomposeShare: a change of a share split by group into own-rate and mix parts", () => {
  it("cut to its largest contributions, the rest summed in one row, the rows still add up to the change", () => {
    // Four groups of 25 cases; their shares fall by 40, 20, 8 and 4 points: Δ = −(10 + 5 + 2 + 1)/100 = −0,18.
    const before = ["a", "b", "c", "d"].map((key) => ({ key, n: 25, x: 25 }));
    const after = [15, 20, 23, 24].map((x, i) => ({ key: "abcd"[i], n: 25, x }));
    const cut = largestContributions(decomposeShare(before, after)!, 2);
    expect(cut.groups.map((g) => g.key)).toEqual(["a", "b"]);
    expect(cut.others).toMatchObject({ count: 2, n_from: 50, n_to: 50 });
    expect(cut.others!.effect).toBeCloseTo(-0.03, 12);
    expect(cut.groups.reduce((s, g) => s + g.effect, cut.others!.effect)).toBeCloseTo(cut.delta, 12);
    expect(cut.delta).toBeCloseTo(-0.18, 12);
  });

  it("pure mix: two groups keep their shares, the better one gains weight", () => {
    // A: g1 50 cases at 90%, g2 50 at 50% → 70%. B: g1 80 at 90%, g2 20 at 50% → 82%. Δ = +12 points.
    // Level (70% + 82%)/2 = 76%. Mix g1 = (0.8 − 0.5)·(0.9 − 0.76) = +0.042; g2 = (0.2 − 0.5)·(0.5 − 0.76) = +0.078.
    const d = decomposeShare(
      [
        { key: "g1", n: 50, x: 45 },
        { key: "g2", n: 50, x: 25 },
      ],
      [
        { key: "g1", n: 80, x: 72 },
        { key: "g2", n: 20, x: 10 },
      ],
    )!;
    expect(d.from).toBeCloseTo(0.7, 12);
    expect(d.to).toBeCloseTo(0.82, 12);
    expect(d.rate_effect).toBeCloseTo(0, 12);
    expect(d.mix_effect).toBeCloseTo(0.12, 12);
    expect(d.groups.map((g) => [g.key, g.mix_effect])).toEqual([
      ["g2", expect.closeTo(0.078, 12)],
      ["g1", expect.closeTo(0.042, 12)],
    ]);
  });

  it("pure rate: same weights, one group's own share falls; a group new in the month is all mix", () => {
    // A: Hotline 60/60, Email 29/30. B: Hotline 60/60, Email 6/30. Email: (1/3 + 1/3)/2 · (0.2 − 29/30) = −23/90.
    const d = decomposeShare(
      [
        { key: "Hotline", n: 60, x: 60 },
        { key: "Email", n: 30, x: 29 },
      ],
      [
        { key: "Hotline", n: 60, x: 60 },
        { key: "Email", n: 30, x: 6 },
      ],
    )!;
    expect(d.delta).toBeCloseTo(-23 / 90, 12);
    expect(d.groups[0]).toMatchObject({ key: "Email", n_from: 30, n_to: 30, share_to: 0.2 });
    expect(d.groups[0].rate_effect).toBeCloseTo(-23 / 90, 12);
    expect(d.groups[0].mix_effect).toBeCloseTo(0, 12);
    // A new group Zalo (10 cases at 0%) in B: A 9/10 = 90%, B (9 + 0)/20 = 45%. Its own share is taken as
    // unchanged: rate 0, mix (0.5 − 0)·(0 − 0.675) = −0.3375; g keeps 90%: mix (0.5 − 1)·(0.9 − 0.675) = −0.1125.
    const n = decomposeShare(
      [{ key: "g", n: 10, x: 9 }],
      [
        { key: "g", n: 10, x: 9 },
        { key: "Zalo", n: 10, x: 0 },
      ],
    )!;
    expect(n.delta).toBeCloseTo(-0.45, 12);
    const zalo = n.groups.find((g) => g.key === "Zalo")!;
    expect(zalo).toMatchObject({ share_from: null, share_to: 0, rate_effect: 0 });
    expect(zalo.mix_effect).toBeCloseTo(-0.3375, 12);
    expect(n.groups.find((g) => g.key === "g")!.effect).toBeCloseTo(-0.1125, 12);
  });
});

/** A month of hand-made KPI results: only the KPIs given are measured. */
function month(m: string, kpis: Record<string, Partial<KpiResult>>): MonthKpis {
  const full = Object.fromEntries(
    Object.entries(kpis).map(([id, r]) => [id, { n: 0, status: "no_target", details: {}, ...r } as KpiResult]),
  );
  return {
    month: m,
    coverage: { month: m, from: `${m}-01`, to: `${m}-28`, partial: false, holidays_known: true },
    kpis: full,
    provisional: false,
  } as MonthKpis;
}
const months2025 = (i: number) => `2025-${String(i + 1).padStart(2, "0")}`;

describe("judgeMonth: beyond noise by the control limits of the 12 months before", () => {
  it("XmR: a median 20 after a year around 11,7 is outside the limits, and its step from 13 beyond D4·MR̄", () => {
    // Baseline 10 12 11 13 12 10 11 13 12 11 12 13: mean 140/12 = 11,667; moving ranges 2 1 2 1 2 1 2 1 1 1 1,
    // MR̄ = 15/11 = 1,3636; upper limit 11,667 + 2,66·1,3636 = 15,294. Step 13 → 20 = 7 > 3,268·1,3636 = 4,456.
    const values = [10, 12, 11, 13, 12, 10, 11, 13, 12, 11, 12, 13];
    const months = values.map((v, i) => month(months2025(i), { response_median: { value: v, n: 50 } }));
    months.push(month("2026-01", { response_median: { value: 20, n: 50 } }));
    const j = judgeMonth(months, "2026-01", defaultTargets).find((k) => k.id === "response_median")!;
    expect(j.baseline).toBe(12);
    expect(j.signal).toMatchObject({ rule: "outside_limits", direction: "up", worse: true });
    expect(j.signal!.centre).toBeCloseTo(140 / 12, 10);
    expect(j.signal!.upper).toBeCloseTo(140 / 12 + 2.66 * (15 / 11), 10);
    const previous = j.changes.find((c) => c.against === "previous_month")!;
    expect(previous).toMatchObject({ month: "2025-12", from: 13, to: 20, delta: 7, beyond: true, direction: "worse" });
    expect(previous.limit).toBeCloseTo(3.268 * (15 / 11), 10);
    // Same month last year 2025-01 (10): 10 → 20.
    expect(j.changes.find((c) => c.against === "last_year")).toMatchObject({
      month: "2025-01",
      delta: 10,
      beyond: true,
    });
  });

  it("p-chart: 85/100 after twelve months of 95/100 is a signal; with three months of history it is not", () => {
    // p̄ = 0,95; at n = 100 the lower limit is 0,95 − 3·√(0,95·0,05/100) = 0,95 − 0,06538 = 0,88462 > 0,85.
    // The change from 0,95: limit 3·√(0,95·0,05·(1/100 + 1/100)) = 0,09247 < 0,10 → beyond.
    const year = Array.from({ length: 12 }, (_, i) =>
      month(months2025(i), { fix_rate: { value: 0.95, n: 100, x: 95, status: "met" } }),
    );
    const now = month("2026-01", { fix_rate: { value: 0.85, n: 100, x: 85, status: "missed" } });
    const j = judgeMonth([...year, now], "2026-01", defaultTargets).find((k) => k.id === "fix_rate")!;
    expect(j.signal).toMatchObject({ rule: "outside_limits", direction: "down", worse: true });
    expect(j.signal!.lower).toBeCloseTo(0.95 - 3 * Math.sqrt((0.95 * 0.05) / 100), 12);
    const previous = j.changes.find((c) => c.against === "previous_month")!;
    expect(previous.limit).toBeCloseTo(3 * Math.sqrt(0.95 * 0.05 * 0.02), 12);
    expect(previous).toMatchObject({ beyond: true, direction: "worse" });
    // Three months of history: no chart (fewer than 6); the change is judged on the two months' pooled share
    // 180/200 = 0,9: limit 3·√(0,09·0,02) = 0,12728 > 0,10 → noise.
    const short = judgeMonth([...year.slice(9), now], "2026-01", defaultTargets).find((k) => k.id === "fix_rate")!;
    expect(short.signal).toBeNull();
    const step = short.changes.find((c) => c.against === "previous_month")!;
    expect(step.limit).toBeCloseTo(3 * Math.sqrt(0.09 * 0.02), 12);
    expect(step.beyond).toBe(false);
  });

  it("a Board change restarts the limits once its new phase has 6 months; before that the old limits judge", () => {
    // Median response 2025-01..06 = 40 40 40 40 40 40; a change effective 2025-07, then 2025-07..12 =
    // 20 21 20 21 20 21. Judging 2026-01 = 21:
    // - with the phase: baseline 2025-07..12 only: mean 20,5, MR̄ 1 → limits 20,5 ± 2,66 → no signal;
    // - without it: 12 months, mean 30,25, MR̄ (5·0 + 20 + 5·1)/11 = 25/11 → lower 30,25 − 2,66·25/11 = 24,2045;
    //   21 is below it (a signal, "better": the change worked).
    const values = [40, 40, 40, 40, 40, 40, 20, 21, 20, 21, 20, 21];
    const months = values.map((v, i) => month(months2025(i), { response_median: { value: v, n: 50 } }));
    months.push(month("2026-01", { response_median: { value: 21, n: 50 } }));
    const judged = (phases = {}) =>
      judgeMonth(months, "2026-01", defaultTargets, phases).find((k) => k.id === "response_median")!;
    const unsplit = judged();
    expect(unsplit.signal).toMatchObject({ rule: "outside_limits", direction: "down", worse: false });
    expect(unsplit.signal!.lower).toBeCloseTo(30.25 - (2.66 * 25) / 11, 10);
    const split = judged({ response_median: ["2025-07"] });
    expect(split.baseline).toBe(6);
    expect(split.signal).toBeNull();
    expect(split.changes.find((c) => c.against === "previous_month")!.limit).toBeCloseTo(3.268, 10);
    // Five months into the new phase (judging 2025-12 = 21): too few, the old limits still judge it.
    const early = judgeMonth(months, "2025-12", defaultTargets, { response_median: ["2025-07"] }).find(
      (k) => k.id === "response_median",
    )!;
    expect(early.baseline).toBe(11);
    expect(early.signal?.direction).toBe("down");
  });

  it("a Board change to one KPI starts a phase on its family: the median of a changed response time too", () => {
    const change: BoardDecision = {
      year: 2024,
      kpi: "response_time",
      decision: "change",
      note: "",
      date: "2025-01-20",
      effective: "2025-02-01",
      effective_given: true,
    };
    expect(phaseStarts([change])).toEqual({ response_time: ["2025-02"], response_median: ["2025-02"] });
    // Median response 2025: 65 in January, then 51–54 under the new staffing. Unsplit: mean 644/12 = 53,667,
    // MR̄ 26/11 = 2,364, upper limit 53,667 + 2,66·2,364 = 59,95: January (65) reads as "worse" and the review would
    // suggest changing a policy that worked. Split at February: January is a phase of its own, no signal.
    const values = [65, 52, 54, 53, 52, 51, 53, 52, 54, 53, 52, 53];
    const months = values.map((v, i) => month(months2025(i), { response_median: { value: v, n: 50 } }));
    const median = (decisions: BoardDecision[]) =>
      annualReview(months, 2025, defaultTargets, decisions).kpis.find((k) => k.id === "response_median")!;
    expect(median([]).verdict).toBe("change");
    expect(median([]).control.upper[0]).toBeCloseTo(644 / 12 + (2.66 * 26) / 11, 10);
    expect(median([change]).verdict).toBe("keep");
    // The before/after comparison stays with the KPI the Board decided on.
    expect(median([change]).change ?? null).toBeNull();
  });

  it("never a limit of zero: a share always 100%, a median that never moved", () => {
    // Twelve months of 100/100, then 99/100: no chart (p̄ = 1); the step is judged on the two months' pooled share
    // 199/200: 3·√(0,995·0,005·(2/100)) = 0,029925 > 0,01 → noise.
    const full = Array.from({ length: 12 }, (_, i) =>
      month(months2025(i), { fix_rate: { value: 1, n: 100, x: 100 }, response_median: { value: 480, n: 50 } }),
    );
    const now = month("2026-01", { fix_rate: { value: 0.99, n: 100, x: 99 }, response_median: { value: 481, n: 50 } });
    const judged = judgeMonth([...full, now], "2026-01", defaultTargets);
    const fix = judged.find((k) => k.id === "fix_rate")!;
    expect(fix.signal).toBeNull();
    const step = fix.changes.find((c) => c.against === "previous_month")!;
    expect(step).toMatchObject({ basis: "pair", beyond: false });
    expect(step.limit).toBeCloseTo(3 * Math.sqrt(0.995 * 0.005 * 0.02), 12);
    // A median flat for a year has no moving range: no limit, no signal (480 → 481 is not news).
    const median = judged.find((k) => k.id === "response_median")!;
    expect(median).toMatchObject({ signal: null, baseline: 0 });
    expect(median.changes.every((c) => c.limit === null && !c.beyond)).toBe(true);
  });

  it("a partial month, or a figure with many cases still in their window, is compared with nothing", () => {
    const year = Array.from({ length: 12 }, (_, i) =>
      month(months2025(i), { fix_rate: { value: 0.95, n: 100, x: 95, status: "met" } }),
    );
    const partial = month("2026-01", { fix_rate: { value: 0.85, n: 100, x: 85, status: "missed" } });
    partial.coverage = { ...partial.coverage, to: "2026-01-12", partial: true };
    const p = judgeMonth([...year, partial], "2026-01", defaultTargets).find((k) => k.id === "fix_rate")!;
    expect(p).toMatchObject({ unjudged: "partial", status: "missed", value: 0.85, signal: null, changes: [] });
    // 20 of 100 devices still in their 30 days: not settled (10% or more).
    const open = month("2026-01", {
      fix_rate: { value: 0.85, n: 100, x: 85, status: "missed", provisional: true, details: { in_window: 20 } },
    });
    const o = judgeMonth([...year, open], "2026-01", defaultTargets).find((k) => k.id === "fix_rate")!;
    expect(o).toMatchObject({ unjudged: "provisional", signal: null, changes: [] });
    // The summary still lists the miss, marked provisional, and says why it compares nothing.
    const summary = monthSummary([...year, open], "2026-01", defaultTargets, new Map())!;
    const text = summaryText(summary.items, kpiCatalogue(defaultTargets));
    expect(text[1]).toMatch(/^Chưa đạt mục tiêu: Sửa chữa triệt để 85% \(tạm tính\), mục tiêu ≥ 95%\. Chưa đo được/);
    expect(text).toContain(
      "Sửa chữa triệt để còn tạm tính, nhiều trường hợp còn trong thời gian theo dõi: chưa so sánh với các tháng khác.",
    );
  });

  it("a change spread evenly over the groups names no group; a group far beyond its share is named", () => {
    // Response in target 95% → 85% (100 cases each month) in two regions of 50 cases each: both fall by 10 points
    // (spread). By channel, Hotline 80 cases 95% → 95%, Email 20 cases 95% → 45%: Email's part −0,1 is all of it.
    const counts = (x: number, n = 100) => ({ value: x / n, n, x, status: "met" as const });
    const months = [
      ...Array.from({ length: 12 }, (_, i) => month(months2025(i), { response_time: counts(95) })),
      month("2026-01", { response_time: counts(85) }),
    ];
    const groups = new Map([
      [
        "response_time",
        new Map([
          [
            "2025-12",
            new Map([
              [
                "region",
                [
                  { key: "Bắc", n: 50, x: 47.5 },
                  { key: "Nam", n: 50, x: 47.5 },
                ],
              ],
              [
                "channel",
                [
                  { key: "hotline", n: 80, x: 76 },
                  { key: "email", n: 20, x: 19 },
                ],
              ],
            ]),
          ],
          [
            "2026-01",
            new Map([
              [
                "region",
                [
                  { key: "Bắc", n: 50, x: 42.5 },
                  { key: "Nam", n: 50, x: 42.5 },
                ],
              ],
              [
                "channel",
                [
                  { key: "hotline", n: 80, x: 76 },
                  { key: "email", n: 20, x: 9 },
                ],
              ],
            ]),
          ],
        ]),
      ],
    ]) as Parameters<typeof monthSummary>[3];
    const summary = monthSummary(months, "2026-01", defaultTargets, groups)!;
    const a = summary.analyses.find((x) => x.id === "response_time" && x.change.against === "previous_month")!;
    // Regions: each −0,05 = its weight 0,5 × −0,1: no excess. Email: −0,1 − 0,2 × (−0,1) = −0,08 beyond its share.
    expect(a.dimension).toBe("channel");
    expect(a.drivers.map((g) => g.key)).toEqual(["email"]);
    expect(a.drivers[0].excess).toBeCloseTo(-0.08, 12);
    const onlyRegions = new Map([
      [
        "response_time",
        new Map([...groups.get("response_time")!].map(([m, d]) => [m, new Map([["region", d.get("region")!]])])),
      ],
    ]) as Parameters<typeof monthSummary>[3];
    const even = monthSummary(months, "2026-01", defaultTargets, onlyRegions)!.analyses[0];
    expect(even).toMatchObject({ dimension: null, drivers: [], spread: true });
    expect(summaryText([{ code: "change", analysis: even }], kpiCatalogue(defaultTargets))[0]).toMatch(
      /Thay đổi dàn đều, không kênh, nhóm sản phẩm, kỹ thuật viên hay khu vực nào nổi bật\.$/,
    );
  });

  it("a KPI not measured this month has no change, no signal, and is never missed", () => {
    const year = Array.from({ length: 12 }, (_, i) =>
      month(months2025(i), { fix_rate: { value: 0.95, n: 100, x: 95 } }),
    );
    const now = month("2026-01", {
      fix_rate: { value: null, n: 4, x: 1, status: "not_measured", not_measured: { reason: "too_few", n: 4, min: 10 } },
    });
    const j = judgeMonth([...year, now], "2026-01", defaultTargets).find((k) => k.id === "fix_rate")!;
    expect(j).toMatchObject({ status: "not_measured", value: null, signal: null, changes: [] });
  });
});

describe("the executive summary on a hand-made export", () => {
  // March and April 2026, consultations only, each month covered from its first to its last working day:
  // Hotline 60 tickets a month, all answered in an hour; Email 30 a month, 29 answered in an hour in March and
  // only 6 in April (the others at 16:00 the same day, 390 working minutes, past the 240 of the target).
  // Response in target: March 89/90 = 98,9%, April 66/90 = 73,3%, Δ −25,6 points. Two months of history: the
  // noise limit is the two months' pooled share 155/180 = 0,86111: 3·√(0,86111·0,13889·(2/90)) = 0,15466 →
  // "±15,5 điểm %". By channel: Email 96,7% → 20%, its part −23/90 = −25,6 points; the mix 0. Email's share of
  // the change beyond its weight: −23/90 − (1/3)(−23/90) = −0,170 (Hotline's is +0,170): Email is named.
  const scratch = scratchDir();
  let w: Warehouse;
  let data: MonthlyReportData;
  const days = { 3: [2, 3, 4, 5, 6, 9, 10, 11, 12, 31], 4: [1, 2, 3, 6, 7, 8, 9, 10, 13, 29] } as const;
  const date = (d: number, m: number) => `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/2026`;

  beforeAll(async () => {
    const rows: string[][] = [["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Phân loại", "Thời điểm phản hồi", "Ngày đóng"]];
    for (const m of [3, 4] as const) {
      for (let i = 0; i < 90; i++) {
        const d = days[m][i % 10];
        const email = i >= 60;
        const late = email && (m === 3 ? i === 89 : i >= 66);
        const answered = `${date(d, m)} ${late ? "16:00" : "09:00"}`;
        rows.push([
          `${m}-${i}`,
          `${date(d, m)} 08:00`,
          email ? "Email" : "Hotline",
          "Tư vấn kỹ thuật",
          answered,
          answered,
        ]);
      }
    }
    w = await memoryWarehouse();
    await ingestFile(w, scratch.file("tickets.csv", csv(rows)));
    data = await monthlyReportData(w, { targets: defaultTargets });
  });
  afterAll(() => {
    w?.close();
    scratch.remove();
  });

  it("names the miss, the change beyond noise and the channel that made it, with the figures worked by hand", () => {
    const april = data.summaries.find((s) => s.month === "2026-04")!;
    const sentences = summaryText(april.items, kpiCatalogue(defaultTargets));
    expect(sentences[0]).toBe("Tháng 4/2026 tiếp nhận 90 phiếu.");
    expect(sentences[1]).toMatch(/^Chưa đạt mục tiêu: Đáp ứng trong mục tiêu 73,3%, mục tiêu ≥ 90%\. Chưa đo được/);
    // Not measured KPIs are listed as such, never as misses.
    expect(sentences[1]).toContain("Sửa chữa triệt để");
    expect(sentences[1].indexOf("Sửa chữa triệt để")).toBeGreaterThan(sentences[1].indexOf("Chưa đo được"));
    expect(sentences[2]).toBe(
      "So với tháng 3/2026, đáp ứng trong mục tiêu giảm 25,6 điểm % (98,9% → 73,3%, xấu đi), vượt mức dao động " +
        "thông thường (±15,5 điểm %, so sánh hai tỷ lệ vì chưa đủ 6 tháng số liệu trước đó). Nổi bật: kênh E-mail " +
        "(96,7% → 20%, kéo giảm 25,6 điểm %); phần do cơ cấu giữa các kênh thay đổi: 0 điểm %.",
    );
    // The other KPIs measured in both months have too little history for a limit: said, not called noise.
    expect(sentences[3]).toBe(
      "So với tháng trước, chưa đủ số liệu các tháng trước để đánh giá: Thời gian giải quyết (trung vị), " +
        "Tỷ lệ khiếu nại, Tồn đọng cuối tháng, Tồn đọng quá 30 ngày.",
    );
    expect(sentences).toHaveLength(4);
    // The same figures, from the engine.
    const a = april.analyses.find((x) => x.id === "response_time")!;
    expect(a.change.limit).toBeCloseTo(3 * Math.sqrt((155 / 180) * (25 / 180) * (2 / 90)), 12);
    expect(a.change.basis).toBe("pair");
    expect(a.dimension).toBe("channel");
    expect(a.drivers.map((g) => g.key)).toEqual(["email"]);
    expect(a.drivers[0].rate_effect).toBeCloseTo(-23 / 90, 12);
    expect(a.drivers[0].excess).toBeCloseTo(-23 / 90 + 23 / 270, 12);
  });

  it("a quiet month says its changes are within noise; the month's report carries the sentences", async () => {
    const march = data.summaries.find((s) => s.month === "2026-03")!;
    const sentences = summaryText(march.items, kpiCatalogue(defaultTargets));
    expect(sentences).toEqual([
      "Tháng 3/2026 tiếp nhận 90 phiếu.",
      expect.stringMatching(/^Các chỉ số đo được đều đạt mục tiêu\. Chưa đo được/),
    ]);
    const contents = (await monthContents(w, "2026-04"))!;
    expect(contents.summary).toEqual(summaryText(data.summaries[1].items, kpiCatalogue(defaultTargets)));
    const sheet = contents.sheets.find((s) => s.name === "Tóm tắt")!;
    expect(sheet.rows.map((r) => (r as Record<string, unknown>).sentence)).toEqual(contents.summary);
    const table = contents.sheets.find((s) => s.name === "Phân tích thay đổi")!;
    expect(table.rows.find((r) => (r as Record<string, unknown>).group === "E-mail")).toMatchObject({
      dimension: "kênh",
      n_from: 30,
      n_to: 30,
      from: 29 / 30,
      to: 0.2,
    });
  });
});
