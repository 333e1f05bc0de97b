// Everything the monthly summary report shows, for every month, aggregated in DuckDB (the page never sees raw tickets).
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { monthlyReportData, breakdownDimensions, responseBins, repairBins } from "../../loaders/kpi/monthlyReport.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import { largestContributions } from "../../loaders/kpi/decompose.ts";
import { loadDecisions, phaseStarts } from "../../loaders/review/decisions.ts";

const targets = loadTargets();

const report = await sharedResult("monthly-report", () =>
  withWarehouse(async (w) => {
    const data = await monthlyReportData(w, { targets, phases: phaseStarts(loadDecisions()) });
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
          a.decomposition ? { ...a, decomposition: largestContributions(a.decomposition, 8) } : a,
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
