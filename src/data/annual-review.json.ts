// The annual policy review for every year with data, and the Board's decisions across years.
import { withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { monthlyKpis } from "../../loaders/kpi/monthly.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { annualReview, reviewYears, verdictRule } from "../../loaders/review/annual.ts";
import { loadDecisions } from "../../loaders/review/decisions.ts";

const targets = loadTargets();
const decisions = loadDecisions();
const reviews = await withWarehouse(async (w) => {
  const months = await sharedResult("monthly-kpis", () => monthlyKpis(w, { targets }));
  return reviewYears(months).map((year) => annualReview(months, year, targets, decisions));
});

process.stdout.write(JSON.stringify({ rule: verdictRule, reviews: reviews ?? [], decisions }));
