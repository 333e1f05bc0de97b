// The results the dashboard's data loaders share, each computed by one function from an open warehouse, so that a
// loader (one process per page) and the build's precompute (every result in one process) compute them the same way.
import type { Warehouse } from "../warehouse/database.ts";
import { compactRows, withWarehouse } from "../warehouse/snapshot.ts";
import { missingResults, sharedResult } from "../warehouse/resultCache.ts";
import { installFacts } from "../kpi/facts.ts";
import { loadTargets, type Targets } from "../kpi/targets.ts";
import { kpiById, kpiCatalogue } from "../kpi/registry.ts";
import { monthlyKpis, type MonthKpis } from "../kpi/monthly.ts";
import { breakdownDimensions, monthlyReportData, repairBins, responseBins } from "../kpi/monthlyReport.ts";
import { largestContributions } from "../kpi/decompose.ts";
import { funnelData } from "../kpi/funnel.ts";
import { paretoData } from "../kpi/pareto.ts";
import { columnsWithData, missingColumns } from "../kpi/measure.ts";
import { feedbackChannelData, satisfactionIndexData } from "../kpi/feedback.ts";
import { loadDecisions, phaseStarts } from "../review/decisions.ts";

/** The ticket explorer's window: the last 3 months, newest first, at most 20,000 tickets. */
export const explorerMonths = 3;
export const explorerLimit = 20_000;

/** Everything the monthly summary report shows, for every month (the page never sees raw tickets). */
async function monthlyReport(w: Warehouse, targets: Targets) {
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
}

/** Fair comparisons: funnels of technicians and product models, Paretos of fault codes; every month. */
async function comparisons(w: Warehouse, targets: Targets) {
  await installFacts(w, targets.repeatWindowDays);
  const funnels = await funnelData(w, targets);
  const paretos = await paretoData(w);
  // Complaints are told apart only by request type: without it there is no complaint Pareto to draw (not "0").
  const present = await columnsWithData(w);
  return {
    complaintsKnown: present.has("request_type"),
    // Repeat repairs are the fix rate's failures: without its columns there are none to count (not "0").
    repeatsMissing: missingColumns(kpiById("fix_rate"), present),
    available: funnels.months.length > 0,
    months: funnels.months,
    funnels: compactRows(funnels.funnels.map(({ groups: _, not_measured, ...f }) => ({ ...f, not_measured }))),
    groups: compactRows(
      funnels.funnels.flatMap(({ kpi, dimension, period, month, groups }) =>
        groups.map(({ limits, ...g }) => ({ kpi, dimension, period, month, ...g, ...limits })),
      ),
    ),
    paretoKeys: paretos.keys,
    paretos: compactRows(paretos.paretos.map(({ bars: _, ...p }) => p)),
    bars: compactRows(
      paretos.paretos.flatMap(({ set, period, month, bars }) => bars.map((b) => ({ set, period, month, ...b }))),
    ),
  };
}

/** Feedback channels: contacts by channel and period, response time per channel, classification mix, customers. */
async function channels(w: Warehouse, targets: Targets) {
  await installFacts(w, targets.repeatWindowDays);
  const d = await feedbackChannelData(w);
  return {
    contacts: compactRows(d.contacts),
    responseByChannel: compactRows(d.responseByChannel),
    mix: compactRows(d.mix),
    customers: compactRows(d.customers),
  };
}

/** The post-service satisfaction index by day, week and month, its breakdowns and the low-rated tickets. */
async function satisfaction(w: Warehouse, targets: Targets) {
  await installFacts(w, targets.repeatWindowDays);
  const d = await satisfactionIndexData(w);
  return { series: compactRows(d.series), groups: compactRows(d.groups), lowRated: compactRows(d.lowRated) };
}

/** The ticket explorer's rows: no customer names or comments. */
async function recentTickets(w: Warehouse, targets: Targets) {
  await installFacts(w, targets.repeatWindowDays);
  const rows =
    await w.all(`SELECT ticket_id, strftime(received_at, '%Y-%m-%d %H:%M') AS received_at, received_month AS month, channel, request_type,
      product_category, product_model, technician, service_location, outcome, customer_id, customer_segment, region,
      CASE WHEN closed_at IS NULL THEN 'open' ELSE 'closed' END AS status,
      round(response_working_minutes) AS response_minutes, round(repair_working_minutes) AS repair_minutes, csat
    FROM ticket_facts
    WHERE received_at >= (SELECT date_trunc('month', max(received_at)) - INTERVAL ${explorerMonths - 1} MONTH FROM tickets)
    ORDER BY received_at DESC, ticket_id LIMIT ${explorerLimit}`);
  return { months: explorerMonths, limit: explorerLimit, tickets: compactRows(rows) };
}

/** Every month's KPIs (the annual review reads them). */
function kpisByMonth(w: Warehouse, targets: Targets): Promise<MonthKpis[]> {
  return monthlyKpis(w, { targets });
}

/**
 * The shared results by name (the name is the result cache's file). Ordered for the precompute: the monthly report
 * materialises the facts the others then read.
 */
export const pageResults = {
  "monthly-report": monthlyReport,
  "monthly-kpis": kpisByMonth,
  comparisons,
  channels,
  satisfaction,
  "recent-tickets": recentTickets,
} as const;

export type PageResultName = keyof typeof pageResults;
export type PageResult<N extends PageResultName> = Awaited<ReturnType<(typeof pageResults)[N]>>;

/**
 * One shared result for a data loader: from the cache when this data has it. Otherwise the first loader of a build
 * to ask computes every shared result at once (precomputePageResults), so that the facts are built once per build,
 * not once per loader; without a result cache it computes its own result only.
 */
export async function pageResult<N extends PageResultName>(
  name: N,
  targets: Targets = loadTargets(),
): Promise<PageResult<N> | undefined> {
  await precomputePageResults(targets);
  return sharedResult(name, () =>
    withWarehouse((w) => pageResults[name](w, targets) as Promise<PageResult<N>>),
  ) as Promise<PageResult<N> | undefined>;
}

/** Where the precompute's time went, in seconds: the facts, then each result. */
export interface PrecomputeTimes {
  seconds: Record<string, number>;
}

/**
 * Every shared result of the current data not kept yet, computed in one process on one read-only connection whose
 * facts are materialised once (installFacts): the loaders that run after it read their result instead of building
 * the facts again in their own process. Loaders starting meanwhile wait for it (it is itself a shared result, the
 * record of its times), so the facts are never built twice at once. Nothing is done when every result is kept, or
 * when results are not kept.
 */
export async function precomputePageResults(targets: Targets = loadTargets()): Promise<PrecomputeTimes | undefined> {
  const missing = missingResults(Object.keys(pageResults));
  if (!missing?.length) return undefined;
  return sharedResult("page-results", () =>
    withWarehouse(async (w) => {
      const seconds: Record<string, number> = {};
      const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
        const started = performance.now();
        const result = await work();
        seconds[name] = (performance.now() - started) / 1000;
        return result;
      };
      await timed("facts", () => installFacts(w, targets.repeatWindowDays, undefined, { materialize: true }));
      const report = await timed("monthly-report", () =>
        sharedResult("monthly-report", () => monthlyReport(w, targets)),
      );
      // The monthly report measured every month's KPIs already: the annual review's are the same figures.
      await sharedResult("monthly-kpis", async () => report.months);
      for (const [name, compute] of Object.entries(pageResults)) {
        const run = compute as (w: Warehouse, t: Targets) => Promise<unknown>;
        if (!(name in seconds) && name !== "monthly-kpis")
          await timed(name, () => sharedResult(name, () => run(w, targets)));
      }
      return { seconds };
    }),
  );
}
