import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** KPI targets, from the editable data/targets.json; missing entries fall back to these defaults. */
export interface Targets {
  repeatWindowDays: number;
  response_time: { withinWorkingMinutes: number; withinShare: number };
  repair_time: { withinWorkingMinutes: number; withinShare: number };
  fix_rate: { share: number };
  satisfaction: { index: number };
  complaint_rate: { max: number };
  backlog: { maxOver30Days: number };
}

export const defaultTargets: Targets = {
  repeatWindowDays: 30,
  response_time: { withinWorkingMinutes: 240, withinShare: 0.9 },
  repair_time: { withinWorkingMinutes: 1440, withinShare: 0.85 },
  fix_rate: { share: 0.95 },
  satisfaction: { index: 0.85 },
  complaint_rate: { max: 0.1 },
  backlog: { maxOver30Days: 20 },
};

export const defaultTargetsPath = fileURLToPath(new URL("../../data/targets.json", import.meta.url));

export function loadTargets(path = defaultTargetsPath): Targets {
  let file: Partial<Targets>;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as Partial<Targets>;
  } catch (error) {
    throw new Error(`${path}: không đọc được tệp mục tiêu (${(error as Error).message})`);
  }
  const merged = { ...defaultTargets } as Targets;
  for (const key of Object.keys(defaultTargets) as (keyof Targets)[]) {
    const value = file[key];
    if (value === undefined) continue;
    (merged as unknown as Record<string, unknown>)[key] = typeof value === "object" ? { ...(defaultTargets[key] as object), ...value } : value;
  }
  return merged;
}
