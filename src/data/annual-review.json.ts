// The annual policy review for every year with data, and the Board's decisions across years.
import { pageResult } from "../../loaders/site/pageResults.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { annualReview, reviewYears, verdictRule } from "../../loaders/review/annual.ts";
import { loadDecisions } from "../../loaders/review/decisions.ts";

const targets = loadTargets();
const decisions = loadDecisions();
const months = await pageResult("monthly-kpis", targets);
const reviews = months ? reviewYears(months).map((year) => annualReview(months, year, targets, decisions)) : [];
process.stdout.write(JSON.stringify({ rule: verdictRule, reviews, decisions }));
