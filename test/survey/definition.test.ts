import { afterAll, describe, expect, it } from "vitest";
import { loadSurveyDefinition } from "../../loaders/survey/definition.ts";
import { scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const base = {
  name: "Khảo sát B2B",
  dimensions: { delivery: "Giao hàng" },
  questions: [{ id: "Q01", dimension: "delivery", text: "Giao hàng đúng hẹn", scale: [1, 5] }],
};
const withQuestion = (change: Record<string, unknown>) => ({
  ...base,
  questions: [{ ...base.questions[0], ...change }],
});

/** A definition file: the problems it is refused with (none when it loads). */
function problemsOf(definition: unknown): string[] {
  const path = scratch.file("definition.json", JSON.stringify(definition));
  try {
    loadSurveyDefinition(path);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: tệp định nghĩa khảo sát không hợp lệ:\n`)).toBe(true);
    return message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ""));
  }
}

describe("survey definitions are checked when loaded", () => {
  it("the shipped definitions load, and a minimal one with an id", () => {
    expect(loadSurveyDefinition().questions).toHaveLength(12);
    expect(loadSurveyDefinition("data/mappings/ba-airline-reviews.survey.json").questions[0].scale).toEqual([1, 10]);
    expect(problemsOf({ ...base, id: "b2b-2026" })).toEqual([]);
  });

  it('a scale of [1, "5); DROP TABLE x; --"] is refused, naming the field', () => {
    expect(problemsOf(withQuestion({ scale: [1, "5); DROP TABLE x; --"] }))).toEqual([
      'questions[0].scale: phải là [min, max], hai số nguyên 0–10 với min < max (ví dụ [1, 5], [0, 10]), đọc được [1,"5); DROP TABLE x; --"]',
    ]);
  });

  it("scales are whole numbers within 0–10 with min < max", () => {
    expect(problemsOf(withQuestion({ scale: [0, 10] }))).toEqual([]);
    for (const scale of [[5, 1], [1, 1], [1, 11], [-1, 5], [1.5, 5], [1, 5, 7], "1-5", null]) {
      expect(problemsOf(withQuestion({ scale }))).toEqual([expect.stringMatching(/^questions\[0\]\.scale: /)]);
    }
  });

  it("ids, dimensions, texts, aliases and the definition id are checked field by field", () => {
    expect(problemsOf(withQuestion({ id: "Q 01" }))).toEqual([
      expect.stringMatching(/^questions\[0\]\.id: .*đọc được "Q 01"$/),
    ]);
    expect(problemsOf(withQuestion({ dimension: "price" }))).toEqual([
      'questions[0].dimension: "price" không có trong dimensions (có: delivery)',
    ]);
    expect(problemsOf(withQuestion({ text: "" }))).toEqual([expect.stringMatching(/^questions\[0\]\.text: /)]);
    expect(problemsOf(withQuestion({ aliases: "Giao hàng" }))).toEqual([
      expect.stringMatching(/^questions\[0\]\.aliases: /),
    ]);
    expect(problemsOf(withQuestion({ dimenson: "delivery" }))).toEqual([
      expect.stringMatching(/^questions\[0\]\.dimenson: khóa không được hỗ trợ/),
    ]);
    expect(problemsOf({ ...base, id: "B2B 2026" })).toEqual([expect.stringMatching(/^id: .*đọc được "B2B 2026"$/)]);
    expect(problemsOf({ ...base, dimensions: { delivery: 3 } })).toEqual([
      expect.stringMatching(/^dimensions\.delivery: .*đọc được 3$/),
    ]);
    // Column names q_<id> compare without case in DuckDB: Q01 and q01 would be one column.
    expect(problemsOf({ ...base, questions: [base.questions[0], { ...base.questions[0], id: "q01" }] })).toEqual([
      'questions[1].id: "q01" trùng với questions[0].id',
    ]);
  });
});
