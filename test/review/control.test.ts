import { describe, expect, it } from "vitest";
import { pChart, xmrChart } from "../../loaders/review/control.ts";

describe("XmR chart", () => {
  it("centre, limits and a point outside them, worked by hand", () => {
    const chart = xmrChart([5, 7, 6, 8, 6, 7, 5, 6, 7, 6, 5, 20]);
    // mean 88/12 = 7.3333; moving ranges 2 1 2 2 1 2 1 1 1 1 15 → 29/11 = 2.6364; ± 2.66 × 2.6364 = 7.0127
    expect(chart.centre).toBeCloseTo(7.3333, 4);
    expect(chart.upper[0]).toBeCloseTo(14.3461, 3);
    expect(chart.lower[0]).toBeCloseTo(0.3206, 3);
    // Seven in a row below the centre (months 5–11) is not yet a run of 8.
    expect(chart.signals).toEqual([{ rule: "outside_limits", months: [11], direction: "up" }]);
  });

  it("8 in a row on one side of the centre line", () => {
    const chart = xmrChart([1, 2, 1, 2, 1, 2, 1, 2, 9, 9, 9, 9]);
    // mean 4; moving ranges 1×7, 7, 0×3 → 14/11; upper 4 + 2.66 × 1.2727 = 7.3855
    expect(chart.upper[0]).toBeCloseTo(7.3855, 3);
    expect(chart.signals).toEqual([
      { rule: "outside_limits", months: [8], direction: "up" },
      { rule: "outside_limits", months: [9], direction: "up" },
      { rule: "outside_limits", months: [10], direction: "up" },
      { rule: "outside_limits", months: [11], direction: "up" },
      { rule: "run_of_8", months: [0, 1, 2, 3, 4, 5, 6, 7], direction: "down" },
    ]);
  });

  it("6 in a row rising", () => {
    const chart = xmrChart([10, 11, 12, 13, 14, 15, 11, 15, 11, 15, 11, 15]);
    expect(chart.signals).toEqual([{ rule: "trend_of_6", months: [0, 1, 2, 3, 4, 5], direction: "up" }]);
  });

  it("a missing month breaks runs and moving ranges", () => {
    const chart = xmrChart([1, 1, 1, 1, null, 1, 1, 1, 1, 5, 5, 5]);
    // Present: eight 1s and three 5s, mean 23/11; moving ranges only between neighbours with data: 0 0 0 | 0 0 0 4 0 0 → 4/9
    expect(chart.centre).toBeCloseTo(23 / 11, 6);
    expect(chart.upper[0]).toBeCloseTo(23 / 11 + 2.66 * (4 / 9), 6);
    expect(chart.signals.filter((s) => s.rule === "run_of_8")).toEqual([]);
  });
});

describe("p-chart", () => {
  it("limits widen in months with few cases", () => {
    const chart = pChart([90, 80, 10], [100, 100, 25]);
    // p = 180/225 = 0.8; n = 100: ± 3·√(0.16/100) = 0.12; n = 25: ± 0.24 (upper capped at 1)
    expect(chart.centre).toBeCloseTo(0.8, 10);
    expect(chart.lower[0]).toBeCloseTo(0.68, 10);
    expect(chart.upper[0]).toBeCloseTo(0.92, 10);
    expect(chart.lower[2]).toBeCloseTo(0.56, 10);
    expect(chart.upper[2]).toBe(1);
    expect(chart.signals).toEqual([{ rule: "outside_limits", months: [2], direction: "down" }]);
  });

  it("a month without cases is a gap, not a zero", () => {
    const chart = pChart([90, null, 80], [100, null, 100]);
    expect(chart.centre).toBeCloseTo(0.85, 10);
    expect(chart.lower[1]).toBeNull();
  });
});
