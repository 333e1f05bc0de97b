// Everything the monthly summary report shows, for every month, aggregated in DuckDB (the page never sees raw tickets).
import { pageResult } from "../../loaders/site/pageResults.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";

const targets = loadTargets();
const report = await pageResult("monthly-report", targets);
process.stdout.write(JSON.stringify(report ?? { available: false, targets, kpis: kpiCatalogue(targets) }));
