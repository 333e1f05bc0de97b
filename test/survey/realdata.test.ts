import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { loadMapping } from "../../loaders/ingest/mapping.ts";
import { waveSummary } from "../../loaders/survey/analysis.ts";
import { memoryWarehouse } from "../helpers.ts";

const file = "../shared/realdata/airline-reviews/ba_airline_reviews.csv";
const present = existsSync(file);
if (!present) console.warn(`realdata not found at ${file}: the airline survey test is skipped`);

describe.skipIf(!present)("a survey-like export from elsewhere (British Airways reviews) through a mapping", () => {
  it("1–10 overall goes to its own 1–10 question, not NPS; N/A and empty answers are missing, not zero", async () => {
    const records = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
    const answered = (column: string) => records.filter((r) => /^\d+$/.test(r[column].trim())).length;
    const sum = (column: string) =>
      records.reduce((s, r) => s + (/^\d+$/.test(r[column].trim()) ? Number(r[column]) : 0), 0);

    const w = await memoryWarehouse();
    const summary = await ingestFile(w, file, { mapping: loadMapping("data/mappings/ba-airline-reviews.json") });
    expect(summary).toMatchObject({
      kind: "survey",
      rowsRead: records.length,
      rowsAccepted: records.length,
      rowsRejected: 0,
    });
    expect(await w.one("SELECT count(nps) AS nps, count(overall) AS overall FROM survey_responses")).toEqual({
      nps: 0,
      overall: 0,
    });
    const counts = await w.all<{ question_id: string; n: number; total: number }>(
      "SELECT question_id, count(*) AS n, sum(score) AS total FROM survey_answers GROUP BY 1",
    );
    const of = (id: string) => counts.find((c) => c.question_id === id)!;
    expect(of("OVERALL10")).toEqual({
      question_id: "OVERALL10",
      n: answered("OverallRating"),
      total: sum("OverallRating"),
    });
    expect(of("SEAT")).toEqual({ question_id: "SEAT", n: answered("SeatComfort"), total: sum("SeatComfort") });
    expect(of("WIFI").n).toBe(answered("Wifi&Connectivity"));
    expect(await w.one("SELECT max(score) AS top FROM survey_answers WHERE question_id = 'OVERALL10'")).toEqual({
      top: 10,
    });

    // Dates like "19th November 2023" are read; waves come from them.
    const wave = (await w.one<{ wave: string }>(
      "SELECT wave FROM survey_responses GROUP BY wave ORDER BY count(*) DESC LIMIT 1",
    ))!.wave;
    const s = await waveSummary(w, wave);
    expect(s.nps.n).toBe(0);
    expect(s.satisfaction.n).toBe(0);
    expect(s.driver_target).toBe("OVERALL10");
    const overall10 = s.questions.find((q) => q.id === "OVERALL10")!;
    expect(overall10.scale).toEqual([1, 10]);
    expect(s.drivers.length).toBe(7);
    expect(s.drivers[0].r).toBeGreaterThan(0.5);
    w.close();
  });
});
