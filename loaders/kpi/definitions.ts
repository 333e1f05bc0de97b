import { readFileSync } from "node:fs";
import { defaultHolidaysPath, workingHours, workingMinutesPerDay } from "./calendar.ts";
import { kpiCatalogue, kpiRegistry } from "./registry.ts";
import type { Targets } from "./targets.ts";

/**
 * The KPI definitions as the definitions page prints them: every registry entry with how it is
 * computed, the month it counts in, what it needs from the data and its target (as data: the page
 * words it). The SQL fragments shown are the ones the engine runs.
 */
export function kpiDefinitions(targets: Targets) {
  const info = new Map(kpiCatalogue(targets).map((k) => [k.id, k]));
  return kpiRegistry.map((spec) => ({ ...info.get(spec.id)!, ...spec.definition(targets) }));
}

export function calendarDescription(holidaysPath = defaultHolidaysPath) {
  const holidays = readFileSync(holidaysPath, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [date, ...name] = line.split(",");
      return { date, name: name.join(",") };
    });
  return { workingHours, workingMinutesPerDay, holidays };
}
