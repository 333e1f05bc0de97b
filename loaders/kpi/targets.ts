import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { at, ConfigError, isRecord, parseJson, shown, unknownKeys } from "../config/check.ts";

/** KPI targets, from the editable data/targets.json; missing entries fall back to these defaults. */
export interface Targets {
  repeatWindowDays: number;
  response_time: { withinWorkingMinutes: number; withinShare: number };
  repair_time: { withinWorkingMinutes: number; withinShare: number };
  fix_rate: { share: number };
  satisfaction: { index: number };
  complaint_rate: { max: number };
  backlog: { maxOver30Days: number };
  on_time_return: { share: number };
  /** A KPI measured on fewer cases than this in a month is "not measured": too few to judge. */
  minimumCases: number;
}

export const defaultTargets: Targets = {
  repeatWindowDays: 30,
  response_time: { withinWorkingMinutes: 240, withinShare: 0.9 },
  repair_time: { withinWorkingMinutes: 1440, withinShare: 0.85 },
  fix_rate: { share: 0.95 },
  satisfaction: { index: 0.85 },
  complaint_rate: { max: 0.1 },
  backlog: { maxOver30Days: 20 },
  on_time_return: { share: 0.9 },
  minimumCases: 10,
};

export const defaultTargetsPath = fileURLToPath(new URL("../../data/targets.json", import.meta.url));

type Rule = { check: (v: unknown) => boolean; expects: string };
const share: Rule = {
  check: (v) => typeof v === "number" && v >= 0 && v <= 1,
  expects: "tỷ lệ từ 0 đến 1 (ví dụ 0.9 = 90%)",
};
const minutes: Rule = {
  check: (v) => typeof v === "number" && Number.isFinite(v) && v > 0,
  expects: "số phút làm việc lớn hơn 0 (1 ngày làm việc = 480 phút)",
};
const count: Rule = {
  check: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
  expects: "số nguyên không âm",
};
const days: Rule = {
  check: (v) => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 365,
  expects: "số nguyên ngày từ 1 đến 365",
};

/**
 * What targets.json may hold, field by field. Targets end up in KPI SQL (bound) and in the
 * met / not met of every report, so a wrong type or a value out of range is refused at
 * load rather than read as "no target" or a surprising threshold.
 */
const schema: { [K in keyof Targets]: Targets[K] extends number ? Rule : { [F in keyof Targets[K]]: Rule } } = {
  repeatWindowDays: days,
  response_time: { withinWorkingMinutes: minutes, withinShare: share },
  repair_time: { withinWorkingMinutes: minutes, withinShare: share },
  fix_rate: { share },
  satisfaction: { index: share },
  complaint_rate: { max: share },
  backlog: { maxOver30Days: count },
  on_time_return: { share },
  minimumCases: count,
};

/** Problems of a parsed targets file, each naming its field; `note` is free text for the reader. */
export function checkTargets(file: unknown): string[] {
  if (!isRecord(file)) return [`phải là một đối tượng JSON, đọc được ${shown(file)}`];
  const problems = unknownKeys(file, ["note", ...Object.keys(schema)], "");
  if (file.note !== undefined && typeof file.note !== "string")
    problems.push(`note: phải là chuỗi, đọc được ${shown(file.note)}`);
  for (const [key, rule] of Object.entries(schema) as [string, Rule | Record<string, Rule>][]) {
    const value = file[key];
    if (value === undefined) continue;
    if ("check" in rule && typeof rule.check === "function") {
      if (!(rule as Rule).check(value))
        problems.push(`${key}: phải là ${(rule as Rule).expects}, đọc được ${shown(value)}`);
      continue;
    }
    const fields = rule as Record<string, Rule>;
    if (!isRecord(value)) {
      problems.push(`${key}: phải là đối tượng { ${Object.keys(fields).join(", ")} }, đọc được ${shown(value)}`);
      continue;
    }
    problems.push(...unknownKeys(value, Object.keys(fields), key));
    for (const [field, fieldRule] of Object.entries(fields)) {
      if (value[field] !== undefined && !fieldRule.check(value[field]))
        problems.push(`${at(key, field)}: phải là ${fieldRule.expects}, đọc được ${shown(value[field])}`);
    }
  }
  return problems;
}

/** Targets from a file, checked whole; fields it leaves out keep their defaults. */
export function loadTargets(path = defaultTargetsPath): Targets {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp mục tiêu (${(error as Error).message})`);
  }
  const file = parseJson(text, path, "tệp mục tiêu");
  const problems = checkTargets(file);
  if (problems.length) throw new ConfigError(path, problems, "tệp mục tiêu");
  const checked = file as Partial<Targets>;
  const merged = { ...defaultTargets } as Targets;
  for (const key of Object.keys(defaultTargets) as (keyof Targets)[]) {
    const value = checked[key];
    if (value === undefined) continue;
    (merged as unknown as Record<string, unknown>)[key] =
      typeof value === "object" ? { ...(defaultTargets[key] as object), ...value } : value;
  }
  return merged;
}
