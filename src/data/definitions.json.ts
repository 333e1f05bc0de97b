// The KPI definitions, calendar and targets, straight from the KPI module and the editable files.
import { calendarDescription, kpiDefinitions } from "../../loaders/kpi/definitions.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";

const targets = loadTargets();
process.stdout.write(
  JSON.stringify({ definitions: kpiDefinitions(targets), calendar: calendarDescription(), targets }),
);
