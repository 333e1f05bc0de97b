// The post-service satisfaction index by day, week and month, its breakdowns and the low-rated tickets.
import { pageResult } from "../../loaders/site/pageResults.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";

const targets = loadTargets();
const data = await pageResult("satisfaction", targets);
process.stdout.write(
  JSON.stringify({
    target: targets.satisfaction.index,
    ...(data ?? {
      series: { columns: [], rows: [] },
      groups: { columns: [], rows: [] },
      lowRated: { columns: [], rows: [] },
    }),
  }),
);
