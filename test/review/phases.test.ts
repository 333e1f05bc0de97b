import { describe, expect, it } from "vitest";
import { pPhases, xmrChart, xmrPhases } from "../../loaders/review/control.ts";
import { annualReview, compareSides, type MonthPoint } from "../../loaders/review/annual.ts";
import type { MonthKpis } from "../../loaders/kpi/monthly.ts";
import type { BoardDecision } from "../../loaders/review/decisions.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { changeEffectText } from "@haumai/vi";

const pts = (values: number[]): MonthPoint[] => values.map((value) => ({ value, met: null }));
const rates = (xs: number[], ns: number[]): MonthPoint[] =>
  xs.map((x, i) => ({ value: x / ns[i], x, n: ns[i], met: null }));

describe("a control chart split into phases at a change", () => {
  it("XmR: centre and limits per phase, worked by hand; the unsplit chart shows signals the phases do not", () => {
    const values = [10, 12, 11, 13, 30, 31, 29, 32];
    // Unsplit: mean 168/8 = 21; moving ranges 2 1 2 17 1 2 3 → 28/7 = 4; 21 ± 2.66 × 4 = 10.36 … 31.64:
    // the first month (10) is below, the last (32) above.
    const whole = xmrChart(values);
    expect(whole.centre).toBe(21);
    expect(whole.signals).toEqual([
      { rule: "outside_limits", months: [0], direction: "down" },
      { rule: "outside_limits", months: [7], direction: "up" },
    ]);
    const chart = xmrPhases(values, [4]);
    // Phase 1: 10 12 11 13 → mean 11.5; moving ranges 2 1 2 → 5/3; 11.5 ± 2.66 × 5/3 = 11.5 ± 4.4333.
    // Phase 2: 30 31 29 32 → mean 30.5; moving ranges 1 2 3 → 2 (the jump 13 → 30 is no moving range); 30.5 ± 5.32.
    expect(chart.phases).toEqual([
      { from: 0, to: 4, centre: 11.5 },
      { from: 4, to: 8, centre: 30.5 },
    ]);
    expect(chart.centre).toBe(30.5);
    for (let i = 0; i < 4; i++) {
      expect(chart.lower[i]).toBeCloseTo(7.0667, 4);
      expect(chart.upper[i]).toBeCloseTo(15.9333, 4);
      expect(chart.lower[i + 4]).toBeCloseTo(25.18, 6);
      expect(chart.upper[i + 4]).toBeCloseTo(35.82, 6);
    }
    expect(chart.signals).toEqual([]);
  });

  it("XmR: a run does not cross a phase boundary; signals keep their place in the year", () => {
    // 12 months all below 5 after the first 4 above: unsplit a run of 8 below the centre, split at 4 none
    // (phase 2 is 8 flat-ish months around its own centre); an outlier in phase 2 keeps its month index.
    const values = [9, 9, 9, 9, 3, 3, 3, 3, 3, 3, 3, 3];
    expect(xmrChart(values).signals.map((s) => s.rule)).toContain("run_of_8");
    expect(xmrPhases(values, [4]).signals).toEqual([]);
    const outlier = xmrPhases([9, 9, 8, 9, 3, 4, 3, 4, 3, 4, 3, 20], [4]);
    expect(outlier.signals).toEqual([{ rule: "outside_limits", months: [11], direction: "up" }]);
  });

  it("breaks at the first month or outside the months change nothing", () => {
    const values = [10, 12, 11, 13, 30, 31, 29, 32];
    expect(xmrPhases(values, [0, 8, 12])).toEqual(xmrChart(values));
  });

  it("p-chart: pooled share and limits per phase, worked by hand", () => {
    const chart = pPhases([80, 85, 90, 95, 48, 94], [100, 100, 100, 100, 50, 100], [3]);
    // Phase 1: 255/300 = 0.85; ± 3√(0.85 × 0.15 / 100) = ± 0.107121.
    // Phase 2: 237/250 = 0.948; n = 100: ± 3√(0.948 × 0.052 / 100) = ± 0.066608; n = 50: ± 0.094198 (upper capped at 1).
    expect(chart.phases?.map((p) => p.centre)).toEqual([0.85, 0.948]);
    expect(chart.lower[0]).toBeCloseTo(0.742879, 6);
    expect(chart.upper[2]).toBeCloseTo(0.957121, 6);
    expect(chart.lower[3]).toBeCloseTo(0.881392, 6);
    expect(chart.upper[3]).toBeCloseTo(1, 9);
    expect(chart.lower[4]).toBeCloseTo(0.853802, 6);
    expect(chart.upper[4]).toBe(1);
    expect(chart.signals).toEqual([]);
  });
});

describe("before vs after a change: a real signal or noise", () => {
  it("shares: a shift beyond 3 sigma of two proportions is a signal", () => {
    // Before 255/300 = 0.85, after 237/250 = 0.948; pooled 492/550 = 0.894545;
    // limit 3√(0.894545 × 0.105455 × (1/300 + 1/250)) = 0.078905; delta 0.098 > limit; higher is better.
    const r = compareSides(
      { chart: "p", better: "higher" },
      rates([80, 85, 90], [100, 100, 100]),
      rates([95, 48, 94], [100, 50, 100]),
    );
    expect(r.before).toEqual({ months: 3, value: 0.85, n: 300 });
    expect(r.after).toEqual({ months: 3, value: 0.948, n: 250 });
    expect(r.delta).toBeCloseTo(0.098, 9);
    expect(r.limit).toBeCloseTo(0.078905, 6);
    expect(r.signal).toBe("improved");
  });

  it("shares: a shift inside 3 sigma is noise", () => {
    // Before 255/300 = 0.85, after 263/300 = 0.876667; pooled 518/600; limit 3√(p̄(1 − p̄) × 2/300) = 0.084139.
    const r = compareSides(
      { chart: "p", better: "higher" },
      rates([85, 85, 85], [100, 100, 100]),
      rates([88, 87, 88], [100, 100, 100]),
    );
    expect(r.delta).toBeCloseTo(0.026667, 6);
    expect(r.limit).toBeCloseTo(0.084139, 6);
    expect(r.signal).toBe("noise");
  });

  it("times: the phase means against 2.66 × MR̄ before × √(1/k_b + 1/k_a)", () => {
    // Before 10 12 11 13: mean 11.5, MR̄ 5/3; limit with 4 and 4 months: 2.66 × 5/3 × √0.5 = 3.134840.
    const before = pts([10, 12, 11, 13]);
    const lower = { chart: "xmr" as const, better: "lower" as const };
    const better = compareSides(lower, before, pts([8, 9, 7, 8])); // mean 8, delta −3.5
    expect(better.before).toEqual({ months: 4, value: 11.5, mr: 5 / 3 });
    expect(better.limit).toBeCloseTo(3.13484, 5);
    expect(better.delta).toBe(-3.5);
    expect(better.signal).toBe("improved");
    expect(compareSides(lower, before, pts([10, 11, 10, 11])).signal).toBe("noise"); // delta −1
    expect(compareSides(lower, before, pts([16, 15, 17, 16])).signal).toBe("worsened"); // delta +4.5
  });

  it("fewer than 3 months on a side is not measured, never noise", () => {
    const r = compareSides({ chart: "xmr", better: "lower" }, pts([10, 12, 11, 13]), pts([8, 9]));
    expect(r.signal).toBe("not_measured");
    expect(r.limit).toBeNull();
  });
});

describe("the annual review reads the Board's changes", () => {
  // fix_rate at 90/100 every month until February 2026, 95/100 from March 2026 (the change took effect 1 March).
  const months = Array.from({ length: 24 }, (_, i) => {
    const month = `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
    const x = i >= 14 ? 95 : 90;
    return {
      month,
      coverage: { holidays_known: true, partial: false },
      provisional: false,
      kpis: { fix_rate: { value: x / 100, x, n: 100, status: "met" } },
    } as unknown as MonthKpis;
  });
  const change = (year: number, effective: string | null, decision: "keep" | "change" = "change") => ({
    year,
    kpi: "fix_rate",
    decision,
    note: "Kiểm tra chéo",
    date: `${year + 1}-01-19`,
    effective,
    effective_given: true,
  });

  it("a change decided at the 2025 review, effective March 2026: phases in 2026, before vs after by hand", () => {
    const fix = annualReview(months, 2026, defaultTargets, [change(2025, "2026-03-01")]).kpis.find(
      (k) => k.id === "fix_rate",
    )!;
    // Phases T1–T2 (0.90) and T3–T12 (0.95): no signal in either.
    expect(fix.control.phases).toEqual([
      { from: 0, to: 2, centre: 0.9 },
      { from: 2, to: 12, centre: 0.95 },
    ]);
    expect(fix.control.signals).toEqual([]);
    // Unsplit (no decision): the ten months at 0.95 are a run above the pooled centre 1130/1200.
    const unsplit = annualReview(months, 2026, defaultTargets).kpis.find((k) => k.id === "fix_rate")!;
    expect(unsplit.control.signals.map((s) => s.rule)).toEqual(["run_of_8"]);
    // Before: 03/2025–02/2026, 1080/1200 = 0.90; after: 03/2026–12/2026, 950/1000 = 0.95;
    // pooled 2030/2200 = 0.922727; limit 3√(0.922727 × 0.077273 × (1/1200 + 1/1000)) = 0.034300; delta 0.05: improved.
    expect(fix.change).toMatchObject({
      decision_year: 2025,
      effective: "2026-03-01",
      effective_month: "2026-03",
      method: "two_proportions",
      before: { from: "2025-03", to: "2026-02", months: 12, n: 1200 },
      after: { from: "2026-03", to: "2026-12", months: 10, n: 1000 },
      signal: "improved",
    });
    expect(fix.change!.before.value).toBeCloseTo(0.9, 12);
    expect(fix.change!.delta).toBeCloseTo(0.05, 12);
    expect(fix.change!.limit).toBeCloseTo(0.0343, 6);
    expect(changeEffectText(fix.change!, fix.unit)).toContain("Kết luận: cải thiện thật (tín hiệu)");
  });

  it("a provisional month (its follow-up window still open) is left out of the comparison, and counted", () => {
    const last = months[23] as unknown as { kpis: Record<string, object> };
    const open = [
      ...months.slice(0, 23),
      { ...last, kpis: { fix_rate: { value: 1, x: 100, n: 100, status: "met", provisional: true } } },
    ] as unknown as MonthKpis[];
    const fix = annualReview(open, 2026, defaultTargets, [change(2025, "2026-03-01")]).kpis.find(
      (k) => k.id === "fix_rate",
    )!;
    expect(fix.change!.after).toMatchObject({ from: "2026-03", to: "2026-11", months: 9, n: 900, provisional: 1 });
    expect(fix.change!.after.value).toBeCloseTo(0.95, 12);
    expect(changeEffectText(fix.change!, fix.unit)).toContain(
      "9 tháng có số liệu, n = 900, không tính 1 tháng tạm tính",
    );
  });

  it("a keep, or a change decided two reviews ago, gives no before/after; a January change no phase", () => {
    const of = (decisions: BoardDecision[]) =>
      annualReview(months, 2026, defaultTargets, decisions).kpis.find((k) => k.id === "fix_rate")!;
    expect(of([change(2025, null, "keep")])).toMatchObject({ change: null });
    expect(of([change(2025, null, "keep")]).control.phases).toBeUndefined();
    expect(of([change(2024, "2026-03-01")]).change).toBeNull();
    expect(of([change(2024, "2026-03-01")]).control.phases).toHaveLength(2);
    expect(of([change(2025, "2026-01-01")]).control.phases).toBeUndefined();
    expect(of([change(2025, "2026-01-01")]).change?.after.months).toBe(12);
  });
});
