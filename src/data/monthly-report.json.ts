// Everything the monthly summary report shows, for every month, aggregated in DuckDB (the page never sees raw tickets).
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { monthlyReportData, breakdownDimensions, responseBins, repairBins } from "../../loaders/kpi/monthlyReport.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";

const targets = loadTargets();
const report = await sharedResult("monthly-report", () =>
  withWarehouse(async (w) => {
    const data = await monthlyReportData(w, { targets });
    return {
      available: data.months.length > 0,
      asOf: data.asOf,
      targets,
      kpis: kpiCatalogue(targets),
      dimensions: breakdownDimensions,
      bins: { response: responseBins, repair: repairBins },
      months: data.months,
      // The page lists a change's largest contributions (its workbook lists every group).
      summaries: data.summaries.map((s) => ({
        ...s,
        analyses: s.analyses.map((a) =>
          a.decomposition
            ? { ...a, decomposition: { ...a.decomposition, groups: a.decomposition.groups.slice(0, 8) } }
            : a,
        ),
      })),
      breakdowns: compactRows(data.breakdowns),
      daily: compactRows(data.daily),
      distributions: compactRows(data.distributions),
      repeats: compactRows(data.exceptions.repeats),
      longestRepairs: compactRows(data.exceptions.longestRepairs),
      responseBreaches: compactRows(data.exceptions.responseBreaches),
      openComplaints: compactRows(data.exceptions.openComplaints),
      rejects: compactRows(data.quality.rejects),
      missing: compactRows(data.quality.missing),
    };
  }),
);

process.stdout.write(JSON.stringify(report ?? { available: false, targets, kpis: kpiCatalogue(targets) }));
