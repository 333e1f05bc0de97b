// Everything the monthly summary report shows, for every month, aggregated in DuckDB (the page never sees raw tickets).
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { monthlyReportData, breakdownDimensions, responseBins, repairBins } from "../../loaders/kpi/monthlyReport.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import type { Contribution, Decomposition } from "../../loaders/kpi/decompose.ts";
import { loadDecisions, phaseStarts } from "../../loaders/review/decisions.ts";

const targets = loadTargets();

/** A change's 8 largest contributions, and the rest summed, so that the rows shown still add up to the change. */
function largest(d: Decomposition): Decomposition & { others: Record<string, number> | null } {
  const rest = d.groups.slice(8);
  const sum = (pick: (g: Contribution) => number) => rest.reduce((s, g) => s + pick(g), 0);
  const others = rest.length
    ? {
        count: rest.length,
        n_from: sum((g) => g.n_from),
        n_to: sum((g) => g.n_to),
        rate_effect: sum((g) => g.rate_effect),
        mix_effect: sum((g) => g.mix_effect),
        effect: sum((g) => g.effect),
      }
    : null;
  return { ...d, groups: d.groups.slice(0, 8), others };
}
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
        analyses: s.analyses.map((a) => (a.decomposition ? { ...a, decomposition: largest(a.decomposition) } : a)),
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
