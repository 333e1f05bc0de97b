import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { loadMapping } from "../../loaders/ingest/mapping.ts";
import { loadSurveyDefinition } from "../../loaders/survey/definition.ts";
import { waveSummary, type WaveSummary } from "../../loaders/survey/analysis.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { Random } from "../../loaders/demo/random.ts";
import { generateCustomers } from "../../loaders/demo/customers.ts";
import { generateWave } from "../../loaders/demo/surveys.ts";
import { writeSurveyExport } from "../../loaders/demo/exports.ts";
import { csv, runCli, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

const standard = loadSurveyDefinition();

/** A workshop survey with its own definition; its Q01 deliberately shares an id with the standard Q01. */
const workshop = {
  id: "hoi-thao",
  name: "Khảo sát sau hội thảo khách hàng",
  dimensions: { content: "Nội dung", venue: "Địa điểm" },
  questions: [
    { id: "Q01", dimension: "content", text: "Nội dung hội thảo hữu ích", scale: [1, 10] },
    { id: "Q02", dimension: "venue", text: "Địa điểm thuận tiện", scale: [1, 5] },
  ],
};
const workshopHeader = ["Mã phiếu khảo sát", "Ngày khảo sát", "Q01", "Q02", "Mức độ hài lòng chung", "Góp ý"];
const realBa = "../shared/realdata/airline-reviews/ba_airline_reviews.csv";
const baPresent = existsSync(realBa);
if (!baPresent)
  console.warn(`realdata not found at ${realBa}: the British Airways part of the side-by-side survey test is skipped`);

/** Run a Framework data loader module in-process against `db`, returning what it printed. */
async function runLoader(module: string, db: string): Promise<unknown> {
  const saved = process.env.HAUMAI_DB;
  process.env.HAUMAI_DB = db;
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  try {
    vi.resetModules();
    await import(module);
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.HAUMAI_DB;
    else process.env.HAUMAI_DB = saved;
  }
  return JSON.parse(out);
}

describe("survey definitions side by side", () => {
  const db = join(scratch.dir, "survey.duckdb");
  const workshopFile = scratch.file("hoi-thao.survey.json", JSON.stringify(workshop));
  let before: { h1: WaveSummary; h2: WaveSummary };

  beforeAll(async () => {
    const random = new Random(7);
    const customers = generateCustomers(random, 60);
    const w = await Warehouse.open(db);
    await ensureSchema(w);
    for (const [name, fieldwork] of [
      ["2026-H1", new Date(Date.UTC(2026, 4, 11))],
      ["2026-H2", new Date(Date.UTC(2026, 9, 5))],
    ] as const) {
      const file = join(scratch.dir, `khao-sat-${name}.csv`);
      writeSurveyExport(file, standard, generateWave(random, standard, customers, fieldwork, {}), random);
      await ingestFile(w, file);
    }
    // Standard sheets numbered 1, 2 (another wave): the workshop numbers its sheets 1, 2, 3 too.
    await ingestFile(
      w,
      scratch.file(
        "chuan-so.csv",
        csv([
          ["Mã phiếu khảo sát", "Ngày khảo sát", "Q01", "Mức độ hài lòng chung"],
          ["1", "10/03/2025", "5", "5"],
          ["2", "11/03/2025", "4", "4"],
        ]),
      ),
    );
    before = { h1: await waveSummary(w, "2026-H1"), h2: await waveSummary(w, "2026-H2") };

    // The workshop: its own wave (2024-H2), and two sheets in a wave the standard survey also has.
    await ingestFile(
      w,
      scratch.file(
        "hoi-thao-2024.csv",
        csv([
          workshopHeader,
          ["1", "10/10/2024", "10", "5", "5", "Rất bổ ích"],
          ["2", "11/10/2024", "9", "4", "4", ""],
          ["3", "12/10/2024", "4", "2", "2", ""],
        ]),
      ),
      { surveyDefinition: loadSurveyDefinition(workshopFile) },
    );
    await ingestFile(
      w,
      scratch.file(
        "hoi-thao-2026.csv",
        csv([workshopHeader, ["11", "10/10/2026", "8", "5", "5", ""], ["12", "11/10/2026", "6", "3", "3", ""]]),
      ),
      { surveyDefinition: loadSurveyDefinition(workshopFile) },
    );
    if (baPresent) await ingestFile(w, realBa, { mapping: loadMapping("data/mappings/ba-airline-reviews.json") });
    w.close();
  }, 120_000);

  it("the standard waves keep all their questions and every figure unchanged", async () => {
    const w = await Warehouse.open(db, { readOnly: true });
    const h1 = await waveSummary(w, "2026-H1");
    const h2 = await waveSummary(w, "2026-H2");
    w.close();
    expect(before.h2.questions.map((q) => q.id)).toEqual(standard.questions.map((q) => q.id).sort());
    expect(before.h2.questions.find((q) => q.id === "Q01")!.text).toBe(standard.questions[0].text);
    expect(h1).toEqual(before.h1);
    expect({ ...h2, other_definitions: [] }).toEqual(before.h2);
    expect(h2.definition).toEqual({ id: "standard", name: standard.name });
    expect(h2.other_definitions).toEqual([{ id: "hoi-thao", name: workshop.name, responses: 2 }]);
  });

  it("the other wave has its own questions, and sheets numbered alike under two definitions both stay", async () => {
    const w = await Warehouse.open(db, { readOnly: true });
    const s = await waveSummary(w, "2024-H2");
    expect(s.definition.id).toBe("hoi-thao");
    expect(s.responses).toBe(3);
    // Q01 on 1–10: 10, 9, 4 → mean 23/3, top-2 (9–10) 2/3. Q02 on 1–5: 5, 4, 2 → mean 11/3, top-2 (4–5) 2/3.
    expect(s.questions.map((q) => [q.id, q.text, q.scale, q.n, q.top2])).toEqual([
      ["Q01", "Nội dung hội thảo hữu ích", [1, 10], 3, 2 / 3],
      ["Q02", "Địa điểm thuận tiện", [1, 5], 3, 2 / 3],
    ]);
    expect(s.questions[0].mean).toBeCloseTo(23 / 3, 10);
    expect(s.satisfaction).toMatchObject({ n: 3, satisfied: 2 });
    // British Airways numbers its reviews 0, 1, 2… as well: three surveys, each keeps its sheets 1 and 2.
    expect(
      await w.all(
        "SELECT definition_id, count(*) AS n FROM survey_responses WHERE response_id IN ('1', '2') GROUP BY 1 ORDER BY 1",
      ),
    ).toEqual([
      ...(baPresent ? [{ definition_id: "ba-airline-reviews", n: 2 }] : []),
      { definition_id: "hoi-thao", n: 2 },
      { definition_id: "standard", n: 2 },
    ]);
    // In the shared wave, the workshop's own figures on request.
    const shared = await waveSummary(w, "2026-H2", "hoi-thao");
    expect(shared).toMatchObject({
      responses: 2,
      definition: { id: "hoi-thao" },
      other_definitions: [{ id: "standard", responses: before.h2.responses }],
    });
    expect(shared.questions.map((q) => [q.id, q.text, q.n, q.mean])).toEqual([
      ["Q01", "Nội dung hội thảo hữu ích", 2, 7],
      ["Q02", "Địa điểm thuận tiện", 2, 4],
    ]);
    w.close();
  });

  it.skipIf(!baPresent)(
    "the British Airways reviews, loaded with their own definition, have their own questions",
    async () => {
      const w = await Warehouse.open(db, { readOnly: true });
      const wave = (await w.one<{ wave: string }>(
        "SELECT wave FROM survey_responses WHERE definition_id = 'ba-airline-reviews' GROUP BY wave ORDER BY count(*) DESC LIMIT 1",
      ))!.wave;
      const s = await waveSummary(w, wave);
      expect(s.definition.id).toBe("ba-airline-reviews");
      expect(s.questions.map((q) => q.id).sort()).toEqual([
        "CABIN_STAFF",
        "ENTERTAINMENT",
        "FOOD",
        "GROUND",
        "OVERALL10",
        "SEAT",
        "VALUE",
        "WIFI",
      ]);
      expect(s.driver_target).toBe("OVERALL10");
      w.close();
    },
  );

  it("haumai survey: the wave's own definition by default, another with --definition", async () => {
    const r = await runCli(["survey", "--wave", "2026-H2", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Định nghĩa khảo sát: standard — ${standard.name}`);
    expect(r.out).toContain("hoi-thao — Khảo sát sau hội thảo khách hàng (2 phiếu)");
    for (const q of standard.questions) expect(r.out).toContain(`${q.id} ${q.text.slice(0, 20)}`);
    const other = await runCli(["survey", "--wave", "2026-H2", "--definition", "hoi-thao", "--db", db]);
    expect(other.code).toBe(0);
    expect(other.out).toContain("Q01 Nội dung hội thảo hữu ích");
    const none = await runCli(["survey", "--wave", "2026-H2", "--definition", "khong-co", "--db", db]);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`Các định nghĩa có phiếu: standard (${before.h2.responses} phiếu), hoi-thao (2 phiếu)`);
  });

  it("the survey page's data loader builds, one summary per wave under its own definition", async () => {
    const data = (await runLoader("../../src/data/survey.json.ts", db)) as { waves: WaveSummary[] };
    const byWave = Object.fromEntries(data.waves.map((s) => [s.wave, s]));
    expect(byWave["2026-H2"].questions.length).toBe(standard.questions.length);
    expect(byWave["2026-H2"].responses).toBe(before.h2.responses);
    expect(byWave["2024-H2"].questions.map((q) => q.text)).toEqual([
      "Nội dung hội thảo hữu ích",
      "Địa điểm thuận tiện",
    ]);
  });
});

describe("a database made before definitions had ids", () => {
  it("reads as the standard survey until migrated, then migrates and takes a second definition", async () => {
    const db = join(scratch.dir, "old.duckdb");
    const old = await Warehouse.open(db);
    await ensureSchema(old);
    // Back to the old layout: no definition_id anywhere, questions keyed by question_id alone.
    await old.run(`ALTER TABLE survey_responses DROP COLUMN definition_id; ALTER TABLE survey_answers DROP COLUMN definition_id; DROP TABLE survey_definitions; DROP TABLE survey_questions;
      CREATE TABLE survey_questions (question_id VARCHAR PRIMARY KEY, dimension VARCHAR, dimension_label VARCHAR, text VARCHAR, scale_min TINYINT, scale_max TINYINT);
      INSERT INTO survey_questions VALUES ('Q01', 'product_quality', 'Chất lượng sản phẩm', '${standard.questions[0].text}', 1, 5);
      INSERT INTO survey_responses (response_id, submitted_at, wave, overall, nps, import_id) VALUES ('r1', '2026-05-12', '2026-H1', 5, 9, 0), ('r2', '2026-05-13', '2026-H1', 3, 6, 0);
      INSERT INTO survey_answers VALUES ('r1', 'Q01', 5), ('r2', 'Q01', 2);`);
    old.close();

    const readOnly = await Warehouse.open(db, { readOnly: true });
    const legacy = await waveSummary(readOnly, "2026-H1");
    readOnly.close();
    expect(legacy).toMatchObject({
      responses: 2,
      definition: { id: "standard" },
      satisfaction: { n: 2, satisfied: 1 },
    });
    expect(legacy.questions.map((q) => [q.id, q.text, q.n, q.mean])).toEqual([
      ["Q01", standard.questions[0].text, 2, 3.5],
    ]);

    const w = await Warehouse.open(db);
    await ensureSchema(w);
    expect(await w.all("SELECT response_id, definition_id FROM survey_responses ORDER BY 1")).toEqual([
      { response_id: "r1", definition_id: "standard" },
      { response_id: "r2", definition_id: "standard" },
    ]);
    expect(await w.all("SELECT DISTINCT definition_id FROM survey_answers")).toEqual([{ definition_id: "standard" }]);
    expect(await w.all("SELECT definition_id, question_id FROM survey_questions")).toEqual([
      { definition_id: "standard", question_id: "Q01" },
    ]);
    await ensureSchema(w); // twice is harmless
    await ingestFile(
      w,
      scratch.file("hoi-thao-moi.csv", csv([workshopHeader, ["1", "20/05/2026", "7", "3", "4", ""]])),
      {
        surveyDefinition: loadSurveyDefinition(scratch.file("hoi-thao.json", JSON.stringify(workshop))),
      },
    );
    expect(
      await w.all("SELECT definition_id, question_id, text FROM survey_questions WHERE question_id = 'Q01' ORDER BY 1"),
    ).toEqual([
      { definition_id: "hoi-thao", question_id: "Q01", text: "Nội dung hội thảo hữu ích" },
      { definition_id: "standard", question_id: "Q01", text: standard.questions[0].text },
    ]);
    const after = await waveSummary(w, "2026-H1");
    expect({ ...after, other_definitions: [] }).toEqual({ ...legacy, definition: { id: "standard", name: null } });
    expect(after.other_definitions).toEqual([{ id: "hoi-thao", name: workshop.name, responses: 1 }]);
    w.close();
  });
});

describe("definition ids are checked", () => {
  it("from the file's id, else from its file name; a bad one is named", () => {
    expect(loadSurveyDefinition("data/mappings/ba-airline-reviews.survey.json").id).toBe("ba-airline-reviews");
    expect(standard.id).toBe("standard");
    const { id: _id, ...unnamed } = workshop;
    expect(loadSurveyDefinition(scratch.file("hoi-thao-2026.survey.json", JSON.stringify(unnamed))).id).toBe(
      "hoi-thao-2026",
    );
    expect(() => loadSurveyDefinition(scratch.file("khảo sát.json", JSON.stringify(unnamed)))).toThrow(
      'tệp định nghĩa khảo sát không hợp lệ:\n  - id: tên tệp cho id "khảo sát" không hợp lệ',
    );
    expect(() => loadSurveyDefinition(scratch.file("x.json", JSON.stringify({ ...workshop, id: "Hội thảo" })))).toThrow(
      /- id: chỉ chữ thường không dấu.*"Hội thảo"/,
    );
  });
});
