import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { waveSummary, type WaveSummary } from "../../loaders/survey/analysis.ts";
import { npsWithInterval, twoProportionTest, wilson } from "../../loaders/kpi/stats.ts";
import { matchesSearch } from "@haumai/vi";
import { formatP } from "@haumai/vi";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
const header = [
  "Mã KH",
  "Tên khách hàng",
  "Ngày khảo sát",
  "Q01",
  "Q07",
  "Mức độ hài lòng chung",
  "Khả năng giới thiệu (0-10)",
  "Góp ý",
];
const wave = [
  ["KH1", "Công ty A", "10/05/2026", "5", "4", "5", "10", "Bảo hành nhanh, nhân viên nhiệt tình"],
  ["KH2", "Công ty B", "11/05/2026", "4", "", "4", "9", "Giao hàng trễ".normalize("NFD")],
  ["KH3", "Công ty C", "12/05/2026", "2", "1", "2", "3", "Gọi 0912 345 678 để báo giá"],
  ["KH4", "Công ty D", "12/05/2026", "3", "3", "3", "7", ""],
  ["KH5", "Công ty E", "13/05/2026", "4", "5", "", "6", ""],
];
// The previous wave: 20 sheets, Q01 all 1, Q07 all 4, overall half 4 and half 3.
const previous = Array.from({ length: 20 }, (_, i) => [
  `P${i}`,
  `Công ty P${i}`,
  "10/11/2025",
  "1",
  "4",
  i < 10 ? "4" : "3",
  "8",
  "",
]);

let w: Warehouse;
let s: WaveSummary;
beforeAll(async () => {
  w = await memoryWarehouse();
  await ingestFile(
    w,
    scratch.file(
      "kh.csv",
      csv([["Mã KH", "Tên khách hàng"], ...Array.from({ length: 10 }, (_, i) => [`KH${i + 1}`, `Công ty ${i + 1}`])]),
    ),
  );
  await ingestFile(w, scratch.file("prev.csv", csv([header, ...previous])));
  await ingestFile(w, scratch.file("wave.csv", csv([header, ...wave])));
  s = await waveSummary(w, "2026-H1");
});
afterAll(() => {
  w.close();
  scratch.remove();
});

describe("interval and test formulas, by hand", () => {
  it("NPS with its interval: p₉₋₁₀ = p₀₋₆ = 0,4, n = 5 → 0 ± 1,96·√(0,8/5)·100 = ±78,4", () => {
    const nps = npsWithInterval(2, 2, 5)!;
    expect(nps.score).toBe(0);
    expect(nps.ci95[1]).toBeCloseTo(78.4, 1);
  });
  it("two-proportion z-test: 3/5 against 0/20 → z = 0,6 / √(0,12·0,88·0,25) = 3,693, p ≈ 0,00022", () => {
    const t = twoProportionTest(3, 5, 0, 20)!;
    expect(t.z).toBeCloseTo(3.6927, 3);
    expect(t.p).toBeCloseTo(0.000222, 5);
    expect(t.significant).toBe(true);
    expect(twoProportionTest(5, 10, 10, 20)).toMatchObject({ delta: 0, significant: false });
  });
  it("p-values are shown to three decimals, tiny ones as p < 0,001", () => {
    expect(formatP(0.0016)).toBe("p = 0,002");
    expect(formatP(0.000222)).toBe("p < 0,001");
  });
});

describe("one wave", () => {
  it("responses and response rate against the customer list", () => {
    expect(s).toMatchObject({
      wave: "2026-H1",
      previous_wave: "2025-H2",
      responses: 5,
      customers_listed: 10,
      customers_responding: 5,
      response_rate: 0.5,
    });
  });

  it("satisfaction index and NPS: missing answers are not counted, small samples are flagged", () => {
    expect(s.satisfaction).toMatchObject({ n: 4, satisfied: 2, index: 0.5, small_sample: true });
    expect(s.satisfaction.ci95).toEqual(wilson(2, 4));
    expect(s.nps).toMatchObject({ n: 5, promoters: 2, detractors: 2, score: 0, small_sample: true });
  });

  it("questions: an empty answer is missing, never zero; top-2 box of the scale", () => {
    const q = Object.fromEntries(s.questions.map((x) => [x.id, x]));
    expect(q.Q01).toMatchObject({ n: 5, mean: 3.6, top2: 0.6 });
    expect(q.Q07).toMatchObject({ n: 4, mean: 3.25, top2: 0.5 });
  });

  it("changes are flagged only when significant (two-proportion z-test, p < 0,05)", () => {
    const q = Object.fromEntries(s.questions.map((x) => [x.id, x]));
    expect(q.Q01.vs_previous).toMatchObject({ significant: true });
    expect(q.Q01.vs_previous!.delta).toBeCloseTo(0.6, 10);
    expect(q.Q07.vs_previous).toMatchObject({ significant: true, delta: -0.5 });
    expect(s.satisfaction.vs_previous).toMatchObject({ delta: 0, significant: false });
    expect(s.satisfaction.vs_last_year).toBeNull();
  });

  it("key drivers: Pearson r of each question with the overall score over the sheets that answered both", () => {
    // Q01 with overall: (5,5) (4,4) (2,2) (3,3) → 1. Q07: (4,5) (1,2) (3,3) → 4,333 / 4,667 = 0,9286.
    expect(s.drivers.map((d) => d.id)).toEqual(["Q01", "Q07"]);
    expect(s.drivers[0].r).toBeCloseTo(1, 10);
    expect(s.drivers[1].r).toBeCloseTo(0.928571, 5);
    expect(s.drivers[1].n).toBe(3);
  });

  it("the follow-up list: overall ≤ 2 or recommend ≤ 6, with the questions scored low", () => {
    expect(s.follow_up.map((f) => [f.customer_id, f.overall, f.nps, f.low_questions])).toEqual([
      ["KH3", 2, 3, ["Q01", "Q07"]],
      ["KH5", null, 6, []],
    ]);
  });

  it("comments: tagged by dimension, phone numbers masked, stored NFC", () => {
    const c = Object.fromEntries(s.comments.map((x) => [x.customer_id, x]));
    expect(c.KH1.dimensions).toEqual(["warranty_service", "staff_attitude"]);
    expect(c.KH2.comment).toBe("Giao hàng trễ".normalize("NFC"));
    expect(c.KH2.dimensions).toEqual(["delivery"]);
    expect(c.KH3.comment).toBe("Gọi [số điện thoại] để báo giá");
  });
});

describe("search ignores tone marks, case and Unicode form", () => {
  it.each([
    ["Bảo hành nhanh", "bao hanh", true],
    ["Bảo hành nhanh".normalize("NFD"), "bao hanh", true],
    ["BẢO HÀNH", "bảo hành", true],
    ["Bảo hành", "Bao hanh".normalize("NFD"), true],
    ["Đối chiếu công nợ", "doi chieu", true],
    ["Giao hàng trễ", "bao hanh", false],
  ])("%s ⊇ %s: %s", (text, query, expected) => {
    expect(matchesSearch(text, query)).toBe(expected);
  });
});
