// Fair comparisons: funnel plots of technicians and product models, Paretos of fault codes; every month, aggregated.
import { pageResult } from "../../loaders/site/pageResults.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import { funnelDimensions, funnelKpis, funnelZ } from "../../loaders/kpi/funnel.ts";

const targets = loadTargets();
const kpis = kpiCatalogue(targets).filter((k) => (funnelKpis as readonly string[]).includes(k.id));
const data = await pageResult("comparisons", targets);
process.stdout.write(
  JSON.stringify({
    z: funnelZ,
    dimensions: funnelDimensions,
    kpis,
    repeatWindowDays: targets.repeatWindowDays,
    ...(data ?? { available: false, months: [] }),
  }),
);
