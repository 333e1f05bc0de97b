import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funnelData, funnelLimits, funnelPosition, type FunnelData } from "../../loaders/kpi/funnel.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { fixtureTargets, fixtureWarehouse } from "./comparisonFixture.ts";

let w: Warehouse;
let data: FunnelData;
const funnel = (kpi: string, dimension: string, period: string, month = "2026-03") =>
  data.funnels.find((f) => f.kpi === kpi && f.dimension === dimension && f.period === period && f.month === month)!;
const group = (f: ReturnType<typeof funnel>, key: string) => f.groups.find((g) => g.key === key)!;

beforeAll(async () => {
  w = await fixtureWarehouse();
  data = await funnelData(w, fixtureTargets);
});
afterAll(() => w.close());

describe("funnel limits, worked by hand", () => {
  it("p̄ = 0.9, n = 25: 0.9 ± 1.959964 · 0.06 = [0.78240216, 1.01759784 → 1]; 99.8%: 0.9 ± 3.090232 · 0.06", () => {
    const l = funnelLimits(0.9, 25);
    expect(l.lower95).toBeCloseTo(0.78240216, 8);
    expect(l.upper95).toBe(1);
    expect(l.lower998).toBeCloseTo(0.71458608, 8);
    expect(l.upper998).toBe(1);
  });
  it("p̄ = 0.5, n = 100: se = 0.05, 95% [0.4020018, 0.5979982], 99.8% [0.3454884, 0.6545116]", () => {
    const l = funnelLimits(0.5, 100);
    expect(l.lower95).toBeCloseTo(0.4020018, 7);
    expect(l.upper95).toBeCloseTo(0.5979982, 7);
    expect(l.lower998).toBeCloseTo(0.3454884, 7);
    expect(l.upper998).toBeCloseTo(0.6545116, 7);
  });
  it("a side is better or worse by the KPI's direction; on a limit is inside", () => {
    const l = funnelLimits(0.5, 100);
    expect(funnelPosition(0.7, l, "higher")).toEqual({ position: "above_998", side: "better" });
    expect(funnelPosition(0.7, l, "lower")).toEqual({ position: "above_998", side: "worse" });
    expect(funnelPosition(0.38, l, "higher")).toEqual({ position: "below_95", side: "worse" });
    expect(funnelPosition(l.upper95, l, "higher")).toEqual({ position: "inside", side: null });
  });
});

describe("the fix rate by technician, March 2026 (fixture in comparisonFixture.ts)", () => {
  it("the centre: 90 of 100 repairs fixed for good, p̄ = 0.9", () => {
    const f = funnel("fix_rate", "technician", "month");
    expect(f).toMatchObject({ n: 100, x: 90, centre: 0.9, from: "2026-03" });
    expect(f.not_measured).toBeUndefined();
    expect(f.groups.map((g) => [g.key, g.n, g.x])).toEqual([
      ["An", 48, 48],
      ["Bình", 25, 16],
      ["Dũng", 25, 25],
      ["Cường", 2, 1],
    ]);
  });
  it("Bình, 16 of 25 (64%), is below the 99.8% limit 0.9 − 3.090232 · 0.06 = 0.7146: worse", () => {
    const g = group(funnel("fix_rate", "technician", "month"), "Bình");
    expect(g.rate).toBe(0.64);
    expect(g.limits.lower998).toBeCloseTo(0.71458608, 8);
    expect(g).toMatchObject({ position: "below_998", side: "worse" });
  });
  it("Cường, 1 of 2 (50%, worse than Bình), is inside: se = sqrt(0.09 / 2) = 0.2121, lower 95% = 0.9 − 0.4157712 = 0.4842288", () => {
    const g = group(funnel("fix_rate", "technician", "month"), "Cường");
    expect(g.rate).toBe(0.5);
    expect(g.limits.lower95).toBeCloseTo(0.4842288, 7);
    expect(g).toMatchObject({ position: "inside", side: null });
  });
  it("An, 48 of 48, is above 95% (0.9 + 1.959964 · 0.0433013 = 0.98487) but not 99.8% (clamped to 1): better", () => {
    const g = group(funnel("fix_rate", "technician", "month"), "An");
    expect(g.limits.upper95).toBeCloseTo(0.98486893, 8);
    expect(g.limits.upper998).toBe(1);
    expect(g).toMatchObject({ position: "above_95", side: "better" });
  });
  it("Dũng, 25 of 25, sits on the clamped upper limit 1: inside", () => {
    expect(group(funnel("fix_rate", "technician", "month"), "Dũng")).toMatchObject({ rate: 1, position: "inside" });
  });
  it("twelve months to March add February's two repairs of Cường: 92 of 102", () => {
    const f = funnel("fix_rate", "technician", "year");
    expect(f).toMatchObject({ n: 102, x: 92, centre: 92 / 102, from: "2026-02" });
    expect(group(f, "Cường")).toMatchObject({ n: 4, x: 3, rate: 0.75 });
  });
  it("by product model: M-100 74 of 74, M-200 16 of 26", () => {
    const f = funnel("fix_rate", "product_model", "month");
    expect(f.groups.map((g) => [g.key, g.n, g.x])).toEqual([
      ["M-100", 74, 74],
      ["M-200", 26, 16],
    ]);
  });
  it("February alone has 2 repairs: fewer than the minimum of cases, not measured, no group", () => {
    const f = funnel("fix_rate", "technician", "month", "2026-02");
    expect(f).toMatchObject({ n: 2, centre: null, groups: [], not_measured: { reason: "too_few", n: 2, min: 10 } });
  });
});

describe("the on-time repair share (target 480 working minutes) by technician, March 2026", () => {
  it("75 of 100 within a working day (Bình's 25 take 1,440 minutes); Bình at 0 is below 99.8%", () => {
    const f = funnel("repair_time", "technician", "month");
    expect(f).toMatchObject({ n: 100, x: 75, centre: 0.75 });
    // se = sqrt(0.75 · 0.25 / 25) = 0.0866025; lower 99.8% = 0.75 − 3.090232 · 0.0866025 = 0.75 − 0.2676219 = 0.4823781
    const g = group(f, "Bình");
    expect(g.limits.lower998).toBeCloseTo(0.4823781, 7);
    expect(g).toMatchObject({ x: 0, rate: 0, position: "below_998", side: "worse" });
  });
});
