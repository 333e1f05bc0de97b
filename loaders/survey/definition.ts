import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

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
  dimensions: Record<string, string>;
  questions: SurveyQuestion[];
}

export const defaultDefinitionPath = fileURLToPath(new URL("../../data/survey/definition.json", import.meta.url));

/** The id of data/survey/definition.json; survey rows stored before definitions had ids belong to it. */
export const standardDefinitionId = "standard";

const definitionIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The id a definition file without an `id` gets: its name without .json and a trailing .survey. */
export function definitionIdFromPath(path: string): string {
  return basename(path).replace(/\.json$/i, "").replace(/\.survey$/i, "");
}

/** Read and check a survey definition file; a broken file is named with what is wrong in it. */
export function loadSurveyDefinition(path = defaultDefinitionPath): SurveyDefinition {
  let parsed: SurveyDefinition;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as SurveyDefinition;
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp định nghĩa khảo sát (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const id = parsed.id ?? definitionIdFromPath(path);
  if (typeof id !== "string" || !definitionIdPattern.test(id)) {
    problems.push(
      parsed.id === undefined
        ? `id: tên tệp cho id "${id}" không hợp lệ — thêm "id" (chữ thường không dấu, số, - hoặc _, tối đa 64 ký tự)`
        : `id "${String(parsed.id)}" không hợp lệ: chỉ chữ thường không dấu, số, - hoặc _, bắt đầu bằng chữ hoặc số, tối đa 64 ký tự`,
    );
  }
  if (!Array.isArray(parsed.questions) || parsed.questions.length === 0) problems.push("thiếu danh sách questions");
  const seen = new Set<string>();
  for (const [i, q] of (parsed.questions ?? []).entries()) {
    const where = `questions[${i}]`;
    if (!q.id || !/^[A-Za-z0-9_]+$/.test(q.id)) problems.push(`${where}: id phải gồm chữ, số hoặc _`);
    if (seen.has(q.id)) problems.push(`${where}: id ${q.id} bị trùng`);
    seen.add(q.id);
    if (!q.text) problems.push(`${where}: thiếu text`);
    if (!parsed.dimensions?.[q.dimension]) problems.push(`${where}: dimension "${q.dimension}" không có trong dimensions`);
    if (!Array.isArray(q.scale) || q.scale.length !== 2 || !(q.scale[0] < q.scale[1])) problems.push(`${where}: scale phải là [min, max]`);
  }
  if (problems.length) throw new Error(`${path}: tệp định nghĩa khảo sát không hợp lệ:\n  - ${problems.join("\n  - ")}`);
  return { ...parsed, id };
}
