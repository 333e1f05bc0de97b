import { readFileSync } from "node:fs";
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
  name: string;
  dimensions: Record<string, string>;
  questions: SurveyQuestion[];
}

export const defaultDefinitionPath = fileURLToPath(new URL("../../data/survey/definition.json", import.meta.url));

/** Read and check a survey definition file; a broken file is named with what is wrong in it. */
export function loadSurveyDefinition(path = defaultDefinitionPath): SurveyDefinition {
  let parsed: SurveyDefinition;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as SurveyDefinition;
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp định nghĩa khảo sát (${(error as Error).message})`);
  }
  const problems: string[] = [];
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
  return parsed;
}
