import { describe, expect, it } from "vitest";
import { reviewKpi, type MonthPoint } from "../../loaders/review/annual.ts";
import { verdictText } from "@haumai/vi";

const rate = (id: string, better: "higher" | "lower", target: number) => ({
  id,
  label: id,
  chart: "p" as const,
  better,
  unit: "share" as const,
  target: { bound: better === "higher" ? ("min" as const) : ("max" as const), value: target },
});
const months = (xs: (number | null)[], n = 100, met: (v: number) => boolean = () => true): MonthPoint[] =>
  xs.map((x) => (x === null ? { value: null, met: null } : { value: x / n, x, n, met: met(x / n) }));

describe("the verdict rule", () => {
  it("all months met, no signal: keep", () => {
    const k = reviewKpi(rate("fix_rate", "higher", 0.9), months(Array(12).fill(95)));
    expect(k).toMatchObject({ verdict: "keep", months_met: 12, months_with_data: 12, annual: 0.95 });
    expect(verdictText(k)).toMatch(/^Phù hợp: cả năm 95% đạt mục tiêu ≥ 90%, đạt 12\/12 tháng/);
  });

  it("met every month but worsening six months in a row: change", () => {
    const k = reviewKpi(
      rate("complaint_rate", "lower", 0.1),
      months([2, 3, 4, 5, 6, 7, 3, 3, 3, 3, 3, 3], 100, (v) => v <= 0.1),
    );
    expect(k.months_met).toBe(12);
    expect(k.annual).toBeCloseTo(45 / 1200, 10);
    expect(k.control.signals).toEqual([{ rule: "trend_of_6", months: [0, 1, 2, 3, 4, 5], direction: "up" }]);
    expect(k.verdict).toBe("change");
    expect(verdictText(k)).toBe("Chưa phù hợp: có tín hiệu xấu đi: 6 tháng liên tiếp đi một chiều (T1–T6).");
  });

  it("an improving trend is not a reason to change", () => {
    const k = reviewKpi(
      rate("complaint_rate", "lower", 0.1),
      months([7, 6, 5, 4, 3, 2, 3, 3, 3, 3, 3, 3], 100, (v) => v <= 0.1),
    );
    // Falling complaints: a trend and a run below the centre, both in the good direction.
    expect(k.control.signals).toEqual([
      { rule: "run_of_8", months: [4, 5, 6, 7, 8, 9, 10, 11], direction: "down" },
      { rule: "trend_of_6", months: [0, 1, 2, 3, 4, 5], direction: "down" },
    ]);
    expect(k.verdict).toBe("keep");
  });

  it("missed the target: change, with the annual value and months met", () => {
    const k = reviewKpi(
      rate("satisfaction", "higher", 0.85),
      months(Array(12).fill(80), 100, (v) => v >= 0.85),
    );
    expect(k.verdict).toBe("change");
    expect(verdictText(k)).toBe(
      "Chưa phù hợp: giá trị cả năm 80% chưa đạt mục tiêu ≥ 85%; chỉ đạt 0/12 tháng (cần 9).",
    );
  });

  it("8 of 12 months met is not enough even when the year is", () => {
    const xs = [95, 95, 95, 95, 95, 95, 95, 95, 88, 88, 88, 88];
    const k = reviewKpi(
      rate("fix_rate", "higher", 0.9),
      months(xs, 100, (v) => v >= 0.9),
    );
    expect(k.annual).toBeCloseTo(0.926667, 5);
    expect(k.months_met).toBe(8);
    expect(k.verdict).toBe("change");
    expect(verdictText(k)).toContain("chỉ đạt 8/12 tháng (cần 9)");
  });

  it("a year with missing months: 75% of the months with data, and at least 6 of them", () => {
    const seven = reviewKpi(
      rate("fix_rate", "higher", 0.9),
      months([95, 95, 95, 95, 95, 95, 88, null, null, null, null, null], 100, (v) => v >= 0.9),
    );
    expect(seven).toMatchObject({ months_with_data: 7, months_met: 6, verdict: "keep" });
    expect(seven.months).toEqual([0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.88, null, null, null, null, null]);
    const five = reviewKpi(
      rate("fix_rate", "higher", 0.9),
      months([95, 95, 95, 95, 95, null, null, null, null, null, null, null]),
    );
    // Five measured months suggest neither keeping nor changing the policy.
    expect(five.verdict).toBe("not_measured");
    expect(five.reasons).toEqual([{ code: "too_few_months", months: 5, min: 6 }]);
    expect(verdictText(five)).toBe("Chưa đo được: chỉ có 5 tháng đo được, cần từ 6 tháng để kết luận.");
  });
});
