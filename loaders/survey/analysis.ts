import type { Warehouse } from "../warehouse/database.ts";
import { npsWithInterval, twoProportionTest, wilson } from "../kpi/stats.ts";
import { ident, join as joinSql, list, raw, sql, type Sql } from "../sql/compose.ts";
import { standardDefinitionId } from "./definition.ts";
import { satisfiedFrom } from "../kpi/facts.ts";
import { foldKey } from "@haumai/vi";

/** Under this many answers a figure carries a small-sample warning. */
export const smallSample = 30;

type Test = ReturnType<typeof twoProportionTest>;

/** Mean and top-2 box of answers (a question's, or a dimension's pooled), with changes against other waves. */
interface ScoreFigure {
  n: number;
  mean: number | null;
  top2: number | null;
  top2_n: number;
  ci95: [number, number] | null;
  small_sample: boolean;
  vs_previous: Test;
  vs_last_year: Test;
}

export interface QuestionFigure extends ScoreFigure {
  id: string;
  text: string;
  dimension: string;
  dimension_label: string;
  scale: [number, number];
  mean_ci95: [number, number] | null;
}

export interface DimensionFigure extends ScoreFigure {
  id: string;
  label: string;
}

export interface WaveSummary {
  wave: string;
  /** The survey definition whose questions and sheets this summary covers (see waveSummary). */
  definition: { id: string; name: string | null };
  /** Other definitions answered in the same wave, not in these figures: `haumai survey --definition ID`. */
  other_definitions: WaveDefinition[];
  previous_wave: string;
  same_wave_last_year: string;
  responses: number;
  customers_listed: number | null;
  customers_responding: number;
  response_rate: number | null;
  satisfaction: {
    n: number;
    satisfied: number;
    index: number | null;
    ci95: [number, number] | null;
    small_sample: boolean;
    vs_previous: Test;
    vs_last_year: Test;
  };
  nps: {
    n: number;
    promoters: number;
    detractors: number;
    score: number | null;
    ci95: [number, number] | null;
    small_sample: boolean;
  };
  questions: QuestionFigure[];
  dimensions: DimensionFigure[];
  breakdowns: {
    by: string;
    key: string;
    n: number;
    satisfied: number;
    index: number | null;
    ci95: [number, number] | null;
    small_sample: boolean;
  }[];
  drivers: {
    id: string;
    text: string;
    dimension_label: string;
    r: number | null;
    n: number;
    mean: number | null;
    top2: number | null;
  }[];
  driver_target: string;
  follow_up: {
    response_id: string;
    customer_id: string | null;
    customer_name: string | null;
    overall: number | null;
    nps: number | null;
    low_questions: string[];
    comment: string | null;
  }[];
  comments: {
    response_id: string;
    customer_id: string | null;
    overall: number | null;
    nps: number | null;
    dimensions: string[];
    comment: string;
  }[];
}

/** "2026-H1" → "2025-H2"; "2026-H2" → "2026-H1". */
export function previousWave(wave: string): string {
  const [y, h] = [Number(wave.slice(0, 4)), wave.slice(5)];
  return h === "H2" ? `${y}-H1` : `${y - 1}-H2`;
}
export const sameWaveLastYear = (wave: string) => `${Number(wave.slice(0, 4)) - 1}${wave.slice(4)}`;

/** Words that tie a comment to a survey dimension (folded, so "bảo hành" matches "BAO HANH"). */
export const dimensionKeywords: Record<string, string[]> = {
  product_quality: ["chat luong", "hong", "loi", "ben", "ket giay", "on dinh", "san pham", "may"],
  price: ["gia", "chiet khau", "chi phi", "uu dai"],
  delivery: ["giao hang", "giao", "dong goi", "tre hen", "van chuyen"],
  warranty_service: ["bao hanh", "sua chua", "sua", "ky thuat", "bao tri"],
  staff_attitude: ["nhan vien", "thai do", "nhiet tinh", "than thien", "phan hoi"],
  documents: ["hoa don", "chung tu", "cong no", "doi chieu"],
};

export function commentDimensions(comment: string): string[] {
  const folded = ` ${foldKey(comment)} `;
  return Object.entries(dimensionKeywords)
    .filter(([, words]) => words.some((w) => folded.includes(` ${w} `)))
    .map(([d]) => d);
}

/** Phone numbers and e-mail addresses are not published: comments are shown with them masked. */
export function redactContacts(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "[e-mail]")
    .replace(/(\+?84|0)[\s.-]?\d{2,3}([\s.-]?\d{3}){2,3}/g, "[số điện thoại]");
}

/** The tables the analysis reads, as SQL: the real ones, or views that make an old database read as the standard survey. */
interface SurveyTables {
  responses: Sql;
  answers: Sql;
  questions: Sql;
  definitions: Sql;
}

/**
 * Pages and `haumai survey` open the warehouse read-only, so a database written before survey
 * definitions had ids is not migrated (ensureSchema runs on the next ingest): there, every row
 * belongs to the standard definition, which these views say.
 */
async function surveyTables(warehouse: Warehouse): Promise<SurveyTables> {
  const migrated = await warehouse.one<{ n: number }>(
    sql`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'survey_responses' AND column_name = 'definition_id' AND NOT internal`,
  );
  if (Number(migrated?.n) > 0)
    return {
      responses: raw("survey_responses"),
      answers: raw("survey_answers"),
      questions: raw("survey_questions"),
      definitions: raw("survey_definitions"),
    };
  const standard = `'${standardDefinitionId}'`;
  return {
    responses: raw(`(SELECT *, ${standard} AS definition_id FROM survey_responses)`),
    answers: raw(`(SELECT *, ${standard} AS definition_id FROM survey_answers)`),
    questions: raw(`(SELECT ${standard} AS definition_id, * FROM survey_questions)`),
    definitions: raw("(SELECT NULL::VARCHAR AS definition_id, NULL::VARCHAR AS name WHERE false)"),
  };
}

export interface WaveDefinition {
  id: string;
  name: string | null;
  responses: number;
}

/** The definitions a wave's sheets answered, most answered first (on a tie the standard one, then by id). */
export async function waveDefinitions(warehouse: Warehouse, wave: string): Promise<WaveDefinition[]> {
  const t = await surveyTables(warehouse);
  const rows = await warehouse.all<{ id: string; name: string | null; responses: number }>(sql`
    SELECT r.definition_id AS id, any_value(d.name) AS name, count(*) AS responses
    FROM ${t.responses} r LEFT JOIN ${t.definitions} d USING (definition_id)
    WHERE r.wave = ${wave} GROUP BY r.definition_id ORDER BY responses DESC, r.definition_id = ${standardDefinitionId} DESC, r.definition_id`);
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name === null ? null : String(r.name),
    responses: Number(r.responses),
  }));
}

/**
 * One survey wave: responses and response rate, satisfaction index and NPS with their
 * intervals, every question and dimension (mean, top-2 box) with changes against the
 * previous wave and the same wave last year flagged only when a two-proportion z-test
 * on top-2 box gives p < 0.05, breakdowns, key drivers (Pearson r of each question with
 * the overall score), the follow-up list and the comments.
 *
 * A wave is analysed under one survey definition: its questions, and only the sheets that
 * answered them (comparisons too are within that definition). Sheets of one wave answered under
 * two definitions are two surveys that happen to share a half-year — pooling a B2B satisfaction
 * index with airline reviews would be a wrong number. By default the definition with the most
 * sheets in the wave is analysed; `other_definitions` lists the rest with their sheet counts, and
 * `definitionId` (CLI `--definition`) analyses one of them.
 */
export async function waveSummary(warehouse: Warehouse, wave: string, definitionId?: string): Promise<WaveSummary> {
  const t = await surveyTables(warehouse);
  const inWave = await waveDefinitions(warehouse, wave);
  const chosen = definitionId === undefined ? inWave[0] : inWave.find((d) => d.id === definitionId);
  const def = chosen?.id ?? definitionId ?? standardDefinitionId;
  const prev = previousWave(wave);
  const lastYear = sameWaveLastYear(wave);
  const waves = list([wave, prev, lastYear]);
  const head = (await warehouse.one<
    Record<string, number>
  >(sql`SELECT count(*) AS responses, count(DISTINCT customer_id) AS customers_responding,
      (SELECT count(*) FROM customers) AS customers_listed FROM ${t.responses} r WHERE r.wave = ${wave} AND r.definition_id = ${def}`))!;
  const overall = await warehouse.all<{
    wave: string;
    n: number;
    satisfied: number;
    nps_n: number;
    promoters: number;
    detractors: number;
  }>(sql`
    SELECT wave, count(overall) AS n, count(*) FILTER (WHERE overall >= ${satisfiedFrom}) AS satisfied,
      count(nps) AS nps_n, count(*) FILTER (WHERE nps >= 9) AS promoters, count(*) FILTER (WHERE nps <= 6) AS detractors
    FROM ${t.responses} r WHERE r.wave IN ${waves} AND r.definition_id = ${def} GROUP BY wave`);
  const of = (w: string) => overall.find((o) => o.wave === w);
  const now = of(wave) ?? { n: 0, satisfied: 0, nps_n: 0, promoters: 0, detractors: 0 };
  const test = (w: string, pick: (o: { n: number; satisfied: number }) => [number, number]) => {
    const other = of(w);
    return other ? twoProportionTest(...pick(now), ...pick(other)) : null;
  };
  const satisfaction = {
    n: Number(now.n),
    satisfied: Number(now.satisfied),
    index: now.n ? Number(now.satisfied) / Number(now.n) : null,
    ci95: wilson(Number(now.satisfied), Number(now.n)),
    small_sample: Number(now.n) < smallSample,
    vs_previous: test(prev, (o) => [Number(o.satisfied), Number(o.n)]),
    vs_last_year: test(lastYear, (o) => [Number(o.satisfied), Number(o.n)]),
  };
  const nps = npsWithInterval(Number(now.promoters), Number(now.detractors), Number(now.nps_n));

  // Questions, answers and sheets meet on the definition as well as the ids: ids are only unique within a definition.
  const answered = sql`${t.questions} q JOIN ${t.answers} a USING (definition_id, question_id) JOIN ${t.responses} r USING (definition_id, response_id)`;
  // Top-2 box: the two highest points of each question's own scale (4–5 on 1–5, 9–10 on 1–10).
  const items = await warehouse.all<Record<string, unknown>>(sql`
    SELECT r.wave, q.question_id AS id, q.text, q.dimension, q.dimension_label, q.scale_min, q.scale_max,
      count(a.score) AS n, avg(a.score) AS mean, stddev_samp(a.score) AS sd, count(*) FILTER (WHERE a.score >= q.scale_max - 1) AS top2_n
    FROM ${answered}
    WHERE r.wave IN ${waves} AND r.definition_id = ${def} GROUP BY ALL ORDER BY id`);
  const itemOf = (w: string, id: string) => items.find((i) => i.wave === w && i.id === id);
  const compare = (w: string, x: number, n: number, find: () => Record<string, unknown> | undefined) => {
    const other = find();
    return other ? twoProportionTest(x, n, Number(other.top2_n), Number(other.n)) : null;
  };
  const questions: QuestionFigure[] = items
    .filter((i) => i.wave === wave)
    .map((i) => {
      const n = Number(i.n);
      const x = Number(i.top2_n);
      const mean = i.mean === null ? null : Number(i.mean);
      const half = i.sd === null || n < 2 ? null : (1.959964 * Number(i.sd)) / Math.sqrt(n);
      return {
        id: String(i.id),
        text: String(i.text),
        dimension: String(i.dimension),
        dimension_label: String(i.dimension_label),
        scale: [Number(i.scale_min), Number(i.scale_max)] as [number, number],
        n,
        mean,
        mean_ci95: mean === null || half === null ? null : [mean - half, mean + half],
        top2: n ? x / n : null,
        top2_n: x,
        ci95: wilson(x, n),
        small_sample: n < smallSample,
        vs_previous: compare(prev, x, n, () => itemOf(prev, String(i.id))),
        vs_last_year: compare(lastYear, x, n, () => itemOf(lastYear, String(i.id))),
      };
    });

  const dims = await warehouse.all<Record<string, unknown>>(sql`
    SELECT r.wave, q.dimension AS id, any_value(q.dimension_label) AS label, count(a.score) AS n, avg((a.score - q.scale_min) / (q.scale_max - q.scale_min) * 4 + 1) AS mean,
      count(*) FILTER (WHERE a.score >= q.scale_max - 1) AS top2_n
    FROM ${answered}
    WHERE r.wave IN ${waves} AND r.definition_id = ${def} GROUP BY ALL ORDER BY id`);
  const dimOf = (w: string, id: string) => dims.find((d) => d.wave === w && d.id === id);
  const dimensions: DimensionFigure[] = dims
    .filter((d) => d.wave === wave)
    .map((d) => {
      const n = Number(d.n);
      const x = Number(d.top2_n);
      return {
        id: String(d.id),
        label: String(d.label),
        n,
        mean: d.mean === null ? null : Number(d.mean),
        top2: n ? x / n : null,
        top2_n: x,
        ci95: wilson(x, n),
        small_sample: n < smallSample,
        vs_previous: compare(prev, x, n, () => dimOf(prev, String(d.id))),
        vs_last_year: compare(lastYear, x, n, () => dimOf(lastYear, String(d.id))),
      };
    });

  const breakdowns = (
    await warehouse.all<Record<string, unknown>>(
      sql`${joinSql(
        ["customer_segment", "region", "product_line"].map(
          (
            by,
          ) => sql`SELECT ${by} AS breakdown, coalesce(${ident(by)}, '(trống)') AS key, count(overall) AS n, count(*) FILTER (WHERE overall >= ${satisfiedFrom}) AS satisfied
          FROM ${t.responses} r WHERE r.wave = ${wave} AND r.definition_id = ${def} GROUP BY ALL`,
        ),
        " UNION ALL ",
      )} ORDER BY breakdown, n DESC, key`,
    )
  ).map((b) => {
    const n = Number(b.n);
    const x = Number(b.satisfied);
    return {
      by: String(b.breakdown),
      key: String(b.key),
      n,
      satisfied: x,
      index: n ? x / n : null,
      ci95: wilson(x, n),
      small_sample: n < smallSample,
    };
  });

  // Key drivers: correlation of each question with the overall score (1–5); a survey without it
  // (a foreign export) is correlated with its question of dimension "overall" instead.
  const overallQuestion = questions.find((q) => q.dimension === "overall");
  const useOverall = Number(now.n) > 0 || !overallQuestion;
  const target = raw(useOverall ? "r.overall" : "o.score");
  const drivers = (
    await warehouse.all<Record<string, unknown>>(sql`
      SELECT a.question_id AS id, corr(a.score, ${target}) AS r, count(${target}) AS n
      FROM ${t.answers} a JOIN ${t.responses} r USING (definition_id, response_id)
      ${useOverall ? raw("") : sql`JOIN ${t.answers} o ON o.definition_id = a.definition_id AND o.response_id = a.response_id AND o.question_id = ${overallQuestion!.id}`}
      WHERE r.wave = ${wave} AND r.definition_id = ${def} ${useOverall ? raw("") : sql`AND a.question_id <> ${overallQuestion!.id}`}
      GROUP BY 1`)
  )
    .flatMap((d) => {
      // An answer whose question the definition no longer lists has no label: it is not a driver to show.
      const q = questions.find((x) => x.id === d.id);
      if (!q) return [];
      return [
        {
          id: String(d.id),
          text: q.text,
          dimension_label: q.dimension_label,
          r: d.r === null || Number.isNaN(Number(d.r)) ? null : Number(d.r),
          n: Number(d.n),
          mean: q.mean,
          top2: q.top2,
        },
      ];
    })
    .sort((a, b) => (b.r ?? -2) - (a.r ?? -2));

  const sheets = await warehouse.all<{
    response_id: string;
    customer_id: string | null;
    customer_name: string | null;
    overall: number | null;
    nps: number | null;
    comment: string | null;
    low: string[];
  }>(sql`
    SELECT r.response_id, r.customer_id, r.customer_name, r.overall, r.nps, r.comment,
      list(a.question_id ORDER BY a.question_id) FILTER (WHERE a.score <= q.scale_min + 1) AS low
    FROM ${t.responses} r LEFT JOIN ${t.answers} a USING (definition_id, response_id) LEFT JOIN ${t.questions} q USING (definition_id, question_id)
    WHERE r.wave = ${wave} AND r.definition_id = ${def} GROUP BY ALL ORDER BY r.overall NULLS LAST, r.nps NULLS LAST, r.response_id`);
  const follow_up = sheets
    .filter((s) => (s.overall !== null && s.overall <= 2) || (s.nps !== null && s.nps <= 6))
    .map((s) => ({
      response_id: s.response_id,
      customer_id: s.customer_id,
      customer_name: s.customer_name,
      overall: s.overall,
      nps: s.nps,
      low_questions: s.low ?? [],
      comment: s.comment && redactContacts(s.comment),
    }));
  const comments = sheets
    .filter((s) => s.comment)
    .map((s) => ({
      response_id: s.response_id,
      customer_id: s.customer_id,
      overall: s.overall,
      nps: s.nps,
      dimensions: commentDimensions(s.comment!),
      comment: redactContacts(s.comment!),
    }));

  const listed = Number(head.customers_listed);
  return {
    wave,
    definition: { id: def, name: chosen?.name ?? null },
    other_definitions: inWave.filter((d) => d.id !== def),
    previous_wave: prev,
    same_wave_last_year: lastYear,
    responses: Number(head.responses),
    customers_listed: listed || null,
    customers_responding: Number(head.customers_responding),
    response_rate: listed ? Number(head.customers_responding) / listed : null,
    satisfaction,
    nps: {
      n: Number(now.nps_n),
      promoters: Number(now.promoters),
      detractors: Number(now.detractors),
      score: nps?.score ?? null,
      ci95: nps?.ci95 ?? null,
      small_sample: Number(now.nps_n) < smallSample,
    },
    questions,
    dimensions,
    breakdowns,
    drivers,
    driver_target: useOverall ? "overall" : overallQuestion!.id,
    follow_up,
    comments,
  };
}

export async function surveyWaves(warehouse: Warehouse): Promise<string[]> {
  return (
    await warehouse.all<{ wave: string }>(
      "SELECT DISTINCT wave FROM survey_responses WHERE wave IS NOT NULL ORDER BY wave",
    )
  ).map((w) => w.wave);
}
