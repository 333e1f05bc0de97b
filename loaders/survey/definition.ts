import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { at, ConfigError, isRecord, parseJson, shown, unknownKeys } from "../config/check.ts";

export interface SurveyQuestion {
  id: string;
  dimension: string;
  text: string;
  scale: [number, number];
  /** Other header spellings under which exports carry this question. */
  aliases?: string[];
}

export interface SurveyDefinition {
  /**
   * Which survey this is. Definitions live side by side in the warehouse: questions are keyed by
   * (definition_id, question_id) and every response records the definition it answered, so a
   * foreign survey's "Q01" never meets the standard survey's "Q01". From the file's `id`, else
   * from its file name (ba-airline-reviews.survey.json → ba-airline-reviews).
   */
  id: string;
  name: string;
  note?: string;
  dimensions: Record<string, string>;
  questions: SurveyQuestion[];
}

export const defaultDefinitionPath = fileURLToPath(new URL("../../data/survey/definition.json", import.meta.url));

/** The id of data/survey/definition.json; survey rows stored before definitions had ids belong to it. */
export const standardDefinitionId = "standard";

const definitionIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The id a definition file without an `id` gets: its name without .json and a trailing .survey. */
export function definitionIdFromPath(path: string): string {
  return basename(path)
    .replace(/\.json$/i, "")
    .replace(/\.survey$/i, "");
}

/** Read and check a survey definition file; a broken file is named with what is wrong in it. */

const what = "tệp định nghĩa khảo sát";
const definitionKeys = ["id", "name", "note", "dimensions", "questions"] as const;
const questionKeys = ["id", "dimension", "text", "scale", "aliases"] as const;

/**
 * Problems of a parsed survey definition, each named by its JSON path. The scale bounds
 * become the answers' valid range and the TINYINT columns of survey_questions, so they
 * must be whole numbers on a 0–10 scale; ids become column names (`q_<id>`), which DuckDB
 * compares without case, so two ids differing only by case collide.
 */
export function checkSurveyDefinition(parsed: unknown): string[] {
  if (!isRecord(parsed))
    return [`phải là một đối tượng JSON { "name", "dimensions", "questions" }, đọc được ${shown(parsed)}`];
  const problems = unknownKeys(parsed, definitionKeys, "");
  if (parsed.id !== undefined && (typeof parsed.id !== "string" || !definitionIdPattern.test(parsed.id))) {
    problems.push(
      `id: chỉ chữ thường không dấu, số, - hoặc _, bắt đầu bằng chữ hoặc số, tối đa 64 ký tự; đọc được ${shown(parsed.id)}`,
    );
  }
  if (typeof parsed.name !== "string" || parsed.name.trim() === "")
    problems.push(`name: cần tên khảo sát (chuỗi), đọc được ${shown(parsed.name)}`);
  if (parsed.note !== undefined && typeof parsed.note !== "string")
    problems.push(`note: phải là chuỗi, đọc được ${shown(parsed.note)}`);
  const dimensions = isRecord(parsed.dimensions) ? parsed.dimensions : {};
  if (!isRecord(parsed.dimensions) || Object.keys(dimensions).length === 0) {
    problems.push(`dimensions: cần đối tượng { "mã khía cạnh": "tên hiển thị" }, đọc được ${shown(parsed.dimensions)}`);
  }
  for (const [id, label] of Object.entries(dimensions)) {
    if (typeof label !== "string" || label.trim() === "")
      problems.push(`${at("dimensions", id)}: tên hiển thị phải là chuỗi, đọc được ${shown(label)}`);
  }
  if (!Array.isArray(parsed.questions) || parsed.questions.length === 0) {
    problems.push(`questions: cần danh sách câu hỏi, đọc được ${shown(parsed.questions)}`);
    return problems;
  }
  const seen = new Map<string, number>();
  parsed.questions.forEach((q: unknown, i: number) => {
    const where = at("questions", i);
    if (!isRecord(q)) {
      problems.push(`${where}: phải là đối tượng { "id", "dimension", "text", "scale" }, đọc được ${shown(q)}`);
      return;
    }
    problems.push(...unknownKeys(q, questionKeys, where));
    if (typeof q.id !== "string" || !/^[A-Za-z0-9_]+$/.test(q.id))
      problems.push(`${where}.id: chỉ gồm chữ không dấu, số hoặc _, đọc được ${shown(q.id)}`);
    else {
      const first = seen.get(q.id.toLowerCase());
      if (first !== undefined) problems.push(`${where}.id: "${q.id}" trùng với questions[${first}].id`);
      else seen.set(q.id.toLowerCase(), i);
    }
    if (typeof q.text !== "string" || q.text.trim() === "")
      problems.push(`${where}.text: cần nội dung câu hỏi (chuỗi), đọc được ${shown(q.text)}`);
    if (typeof q.dimension !== "string" || !Object.hasOwn(dimensions, q.dimension)) {
      problems.push(
        `${where}.dimension: ${shown(q.dimension)} không có trong dimensions (có: ${Object.keys(dimensions).join(", ")})`,
      );
    }
    const scale = q.scale;
    const bound = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 10;
    if (!Array.isArray(scale) || scale.length !== 2 || !bound(scale[0]) || !bound(scale[1]) || !(scale[0] < scale[1])) {
      problems.push(
        `${where}.scale: phải là [min, max], hai số nguyên 0–10 với min < max (ví dụ [1, 5], [0, 10]), đọc được ${shown(scale)}`,
      );
    }
    if (
      q.aliases !== undefined &&
      (!Array.isArray(q.aliases) || !q.aliases.every((a) => typeof a === "string" && a.trim() !== ""))
    ) {
      problems.push(`${where}.aliases: phải là danh sách tiêu đề (chuỗi), đọc được ${shown(q.aliases)}`);
    }
  });
  return problems;
}

/** Read and check a survey definition file; a broken file is named with every bad field in it. */
export function loadSurveyDefinition(path = defaultDefinitionPath): SurveyDefinition {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp định nghĩa khảo sát (${(error as Error).message})`);
  }
  const parsed = parseJson(text, path, what);
  const problems = checkSurveyDefinition(parsed);
  const id = isRecord(parsed) && typeof parsed.id === "string" ? parsed.id : definitionIdFromPath(path);
  if (!(isRecord(parsed) && parsed.id !== undefined) && !definitionIdPattern.test(id)) {
    problems.push(
      `id: tên tệp cho id "${id}" không hợp lệ — thêm "id" (chữ thường không dấu, số, - hoặc _, tối đa 64 ký tự)`,
    );
  }
  if (problems.length) throw new ConfigError(path, problems, what);
  return { ...(parsed as SurveyDefinition), id };
}
