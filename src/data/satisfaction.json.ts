// The post-service satisfaction index by day, week and month, its breakdowns and the low-rated tickets.
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { satisfactionIndexData } from "../../loaders/kpi/feedback.ts";

const targets = loadTargets();
const data = await sharedResult("satisfaction", () =>
  withWarehouse(async (w) => {
    await installFacts(w, targets.repeatWindowDays);
    const d = await satisfactionIndexData(w);
    return { series: compactRows(d.series), groups: compactRows(d.groups), lowRated: compactRows(d.lowRated) };
  }),
);
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
