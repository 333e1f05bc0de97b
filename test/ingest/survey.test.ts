import { afterAll, describe, expect, it } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { loadSurveyDefinition } from "../../loaders/survey/definition.ts";
import { csv, memoryWarehouse, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const definition = loadSurveyDefinition();
const header = [
  "Mã KH",
  "Tên khách hàng",
  "Ngày khảo sát",
  "Q01. Chất lượng sản phẩm đáp ứng yêu cầu",
  "Giao hang dung hen",
  "Q07",
  "Mức độ hài lòng chung",
  "Khả năng giới thiệu (0-10)",
  "Góp ý",
];

describe("survey exports", () => {
  it("loads answer sheets: questions by code or text, empty answers are missing (no row), wave from the date", async () => {
    const w = await memoryWarehouse();
    const summary = await ingestFile(
      w,
      scratch.file(
        "wave.csv",
        csv([
          header,
          ["KH1", "Công ty A", "12/05/2026", "5", "4", "", "4", "9", "Bảo hành nhanh"],
          ["KH2", "Công ty B", "03/11/2025", "2", "", "1", "2", "3", ""],
          ["KH3", "Công ty C", "13/05/2026", "7", "4", "4", "4", "8", ""],
          ["KH4", "Công ty D", "14/05/2026", "4", "4", "4", "4", "11", ""],
          ["KH5", "Công ty E", "15/05/2026", "4", "4", "4", "", "", ""],
        ]),
      ),
    );
    // An answer out of its scale is a field issue: the sheet is kept, that answer is missing.
    expect(summary).toMatchObject({ kind: "survey", rowsRead: 5, rowsAccepted: 5, rowsRejected: 0, fieldIssues: 2 });
    expect(await w.all("SELECT line, column_name, value, reason FROM field_issues ORDER BY line")).toEqual([
      { line: 4, column_name: "Q01. Chất lượng sản phẩm đáp ứng yêu cầu", value: "7", reason: "out_of_range" },
      { line: 5, column_name: "Khả năng giới thiệu (0-10)", value: "11", reason: "out_of_range" },
    ]);
    expect(
      await w.all("SELECT customer_id, wave, overall, nps, comment FROM survey_responses ORDER BY customer_id"),
    ).toEqual([
      { customer_id: "KH1", wave: "2026-H1", overall: 4, nps: 9, comment: "Bảo hành nhanh" },
      { customer_id: "KH2", wave: "2025-H2", overall: 2, nps: 3, comment: null },
      { customer_id: "KH3", wave: "2026-H1", overall: 4, nps: 8, comment: null },
      { customer_id: "KH4", wave: "2026-H1", overall: 4, nps: null, comment: null },
      { customer_id: "KH5", wave: "2026-H1", overall: null, nps: null, comment: null },
    ]);
    const answers = await w.all(
      "SELECT r.customer_id, a.question_id, a.score FROM survey_answers a JOIN survey_responses r USING (response_id) ORDER BY 1, 2",
    );
    expect(answers).toEqual([
      { customer_id: "KH1", question_id: "Q01", score: 5 },
      { customer_id: "KH1", question_id: "Q05", score: 4 },
      { customer_id: "KH2", question_id: "Q01", score: 2 },
      { customer_id: "KH2", question_id: "Q07", score: 1 },
      { customer_id: "KH3", question_id: "Q05", score: 4 },
      { customer_id: "KH3", question_id: "Q07", score: 4 },
      { customer_id: "KH4", question_id: "Q01", score: 4 },
      { customer_id: "KH4", question_id: "Q05", score: 4 },
      { customer_id: "KH4", question_id: "Q07", score: 4 },
      { customer_id: "KH5", question_id: "Q01", score: 4 },
      { customer_id: "KH5", question_id: "Q05", score: 4 },
      { customer_id: "KH5", question_id: "Q07", score: 4 },
    ]);
    // Missing is not zero: KH1's empty Q07 leaves the question's mean at the answered scores only.
    expect(await w.one("SELECT avg(score) AS mean FROM survey_answers WHERE question_id = 'Q07'")).toEqual({
      mean: 3.25,
    });
    expect(await w.one("SELECT count(*) AS n FROM survey_questions")).toEqual({ n: definition.questions.length });
    w.close();
  });

  it("a given wave wins over the date; the same sheets re-exported with another file do not double", async () => {
    const w = await memoryWarehouse();
    const rows = [
      ["Đợt khảo sát", ...header],
      ["Đợt 2/2025", "KH1", "Công ty A", "05/01/2026", "5", "5", "5", "5", "10", ""],
    ];
    await ingestFile(w, scratch.file("w1.csv", csv(rows)));
    await ingestFile(w, scratch.file("w2.csv", csv(rows) + "\n"));
    expect(await w.all("SELECT wave, count(*) AS n FROM survey_responses GROUP BY wave")).toEqual([
      { wave: "2025-H2", n: 1 },
    ]);
    expect(await w.one("SELECT count(*) AS n FROM survey_answers")).toEqual({ n: 3 });
    w.close();
  });

  it("a customer list is recognised and loaded", async () => {
    const w = await memoryWarehouse();
    const summary = await ingestFile(
      w,
      scratch.file(
        "kh.csv",
        csv([
          ["Mã KH", "Tên khách hàng", "Nhóm KH", "Khu vực"],
          ["KH1", "Công ty A", "Đại lý", "Miền Nam"],
        ]),
      ),
    );
    expect(summary.kind).toBe("customers");
    expect(await w.all("SELECT customer_id, customer_segment, region FROM customers")).toEqual([
      { customer_id: "KH1", customer_segment: "Đại lý", region: "Miền Nam" },
    ]);
    w.close();
  });
});
