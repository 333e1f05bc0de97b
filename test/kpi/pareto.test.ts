import { beforeAll, describe, expect, it } from "vitest";
import { paretoBars, paretoData, type ParetoData } from "../../loaders/kpi/pareto.ts";
import { fixtureWarehouse } from "./comparisonFixture.ts";

const pareto = (data: ParetoData, set: string, period: string, month = "2026-03") =>
  data.paretos.find((p) => p.set === set && p.period === period && p.month === month)!;
const bars = (p: ReturnType<typeof pareto>) => p.bars.map((b) => [b.value, b.count, b.share, b.cumulative]);

describe("Pareto bars, worked by hand", () => {
  it("counts 1, 6, 3: sorted 6, 3, 1 of 10 → shares 0.6, 0.3, 0.1, cumulative 0.6, 0.9, 1", () => {
    const out = paretoBars([
      { value: "c", count: 1 },
      { value: "a", count: 6 },
      { value: "b", count: 3 },
    ]);
    expect(out.map((b) => [b.value, b.share, b.cumulative])).toEqual([
      ["a", 0.6, 0.6],
      ["b", 0.3, 0.9],
      ["c", 0.1, 1],
    ]);
  });
  it("the missing value is a bar of its own, after named bars of the same count", () => {
    expect(
      paretoBars([
        { value: null, count: 2 },
        { value: "x", count: 2 },
      ]).map((b) => b.value),
    ).toEqual(["x", null]);
  });
});

describe("fault codes among repeat repairs and complaints (fixture in comparisonFixture.ts)", () => {
  let data: ParetoData;
  beforeAll(async () => {
    const w = await fixtureWarehouse();
    data = await paretoData(w);
    w.close();
  });
  it("repeat repairs in March: Kẹt giấy 6, Mờ bản in 3, no fault 1 → cumulative 60%, 90%, 100%", () => {
    const p = pareto(data, "repeat", "month");
    expect(p).toMatchObject({ key: "fault", total: 10, from: "2026-03" });
    expect(bars(p)).toEqual([
      ["Kẹt giấy", 6, 0.6, 0.6],
      ["Mờ bản in", 3, 0.3, 0.9],
      [null, 1, 0.1, 1],
    ]);
  });
  it("twelve months to March: February had no return, the same bars", () => {
    expect(bars(pareto(data, "repeat", "year"))).toEqual(bars(pareto(data, "repeat", "month")));
    expect(pareto(data, "repeat", "month", "2026-02")).toMatchObject({ total: 0, bars: [] });
  });
  it("complaints in March: Giao hàng chậm 2, Thái độ nhân viên 1, no fault 1 → 50%, 75%, 100%", () => {
    const p = pareto(data, "complaint", "month");
    expect(p).toMatchObject({ key: "fault", total: 4 });
    expect(bars(p)).toEqual([
      ["Giao hàng chậm", 2, 0.5, 0.5],
      ["Thái độ nhân viên", 1, 0.25, 0.75],
      [null, 1, 0.25, 1],
    ]);
  });
});

describe("complaints that carry no fault at all are counted by product model", () => {
  it("M-100 2, M-200 1, no model 1", async () => {
    const w = await fixtureWarehouse({ complaintFaults: false });
    const data = await paretoData(w);
    w.close();
    expect(data.keys).toEqual({ repeat: "fault", complaint: "product_model" });
    const p = pareto(data, "complaint", "month");
    expect(p.key).toBe("product_model");
    expect(bars(p)).toEqual([
      ["M-100", 2, 0.5, 0.5],
      ["M-200", 1, 0.25, 0.75],
      [null, 1, 0.25, 1],
    ]);
  });
});
