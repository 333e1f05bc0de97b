import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { decomposeShare } from "../../loaders/kpi/decompose.ts";
import { judgeMonth } from "../../loaders/kpi/noise.ts";
import { monthlyReportData, type MonthlyReportData } from "../../loaders/kpi/monthlyReport.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import type { MonthKpis } from "../../loaders/kpi/monthly.ts";
import type { KpiResult } from "../../loaders/kpi/measure.ts";
import { monthContents } from "../../loaders/report/contents.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";
import { summaryText } from "@haumai/vi";

describe("decomposeShare: a change of a share split by group into own-rate and mix parts", () => {
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
  // March and April 2026, consultations only: Hotline 60 tickets a month, all answered in an hour; Email 30 a
  // month, 29 answered in an hour in March and only 6 in April (the others the next day, far past 240 working
  // minutes). Response in target: March 89/90 = 98,9%, April 66/90 = 73,3%, Δ −25,6 points. Two months of
  // history: the noise limit is the two months' pooled share 155/180 = 0,86111: 3·√(0,86111·0,13889·(2/90)) =
  // 0,15466 → "±15,5 điểm %". By channel: Email's own share 96,7% → 20%, its part −23/90 = −25,6 points, the mix 0.
  const scratch = scratchDir();
  let w: Warehouse;
  let data: MonthlyReportData;
  const days = { 3: [2, 3, 4, 5, 6, 9, 10, 11, 12, 13], 4: [6, 7, 8, 9, 10, 13, 14, 15, 16, 17] } as const;
  const date = (d: number, m: number) => `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/2026`;

  beforeAll(async () => {
    const rows: string[][] = [["Mã phiếu", "Ngày tiếp nhận", "Kênh", "Phân loại", "Thời điểm phản hồi", "Ngày đóng"]];
    for (const m of [3, 4] as const) {
      const list = days[m];
      for (let i = 0; i < 90; i++) {
        const d = list[i % 10];
        const email = i >= 60;
        const late = email && (m === 3 ? i === 89 : i >= 66);
        // Late: received 08:00, answered the next working day at 16:00 (870 working minutes).
        const next = list[(i % 10) + 1] ?? d + 3;
        const answered = late ? `${date(next, m)} 16:00` : `${date(d, m)} 09:00`;
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
    // The export stops on 20 April (the last late answer): the month is partial, said before any judgement.
    expect(sentences[1]).toBe("Tháng chưa đủ: dữ liệu từ 01/04/2026 đến 20/04/2026.");
    expect(sentences[2]).toMatch(/^Chưa đạt mục tiêu: Đáp ứng trong mục tiêu 73,3% \(mục tiêu ≥ 90%\)\. Chưa đo được/);
    // Not measured KPIs are listed as such, never as misses.
    expect(sentences[2]).toContain("Sửa chữa triệt để");
    expect(sentences[2].indexOf("Sửa chữa triệt để")).toBeGreaterThan(sentences[2].indexOf("Chưa đo được"));
    expect(sentences[3]).toBe(
      "So với tháng 3/2026, Đáp ứng trong mục tiêu giảm 25,6 điểm % (98,9% → 73,3%, xấu đi), vượt ngưỡng dao động " +
        "±15,5 điểm % của biểu đồ kiểm soát. Đóng góp lớn nhất: kênh E-mail (tỷ lệ riêng 96,7% → 20%, góp " +
        "−25,6 điểm %); thay đổi cơ cấu giữa các kênh góp 0 điểm %.",
    );
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(sentences.length).toBeLessThanOrEqual(8);
    // The same figures, from the engine.
    const a = april.analyses.find((x) => x.id === "response_time")!;
    expect(a.change.limit).toBeCloseTo(3 * Math.sqrt((155 / 180) * (25 / 180) * (2 / 90)), 12);
    expect(a.dimension).toBe("channel");
    expect(a.drivers.map((g) => g.key)).toEqual(["email"]);
    expect(a.drivers[0].rate_effect).toBeCloseTo(-23 / 90, 12);
  });

  it("a quiet month says its changes are within noise; the month's report carries the sentences", async () => {
    const march = data.summaries.find((s) => s.month === "2026-03")!;
    const sentences = summaryText(march.items, kpiCatalogue(defaultTargets));
    expect(sentences[0]).toBe("Tháng 3/2026 tiếp nhận 90 phiếu.");
    expect(sentences.join(" ")).not.toMatch(/vượt ngưỡng/);
    const contents = (await monthContents(w, "2026-04"))!;
    expect(contents.summary).toEqual(summaryText(data.summaries[1].items, kpiCatalogue(defaultTargets)));
    const sheet = contents.sheets.find((s) => s.name === "Tóm tắt")!;
    expect(sheet.rows.map((r) => (r as Record<string, unknown>).sentence)).toEqual(contents.summary);
    const table = contents.sheets.find((s) => s.name === "Phân tích thay đổi")!;
    expect(table.rows.find((r) => (r as Record<string, unknown>).group === "E-mail")).toMatchObject({
      n_from: 30,
      n_to: 30,
      from: 29 / 30,
      to: 0.2,
    });
  });
});
