import type { Warehouse } from "../warehouse/database.ts";
import { installFacts } from "./facts.ts";
import { loadTargets, type Targets } from "./targets.ts";
import { kpiRegistry } from "./registry.ts";
import { columnsWithData, evaluate, measureMonths, type KpiResult } from "./measure.ts";
import { monthCoverage, type MonthCoverage } from "./coverage.ts";

/** One month of every KPI in the registry (design.md §4), with what the month's data covers. */
export interface MonthKpis {
  month: string;
  coverage: MonthCoverage;
  kpis: Record<string, KpiResult>;
  /** Some KPI of the month counts cases still inside their follow-up window (the fix rate): it can still change. */
  provisional: boolean;
}

export interface KpiOptions {
  targets?: Targets;
  holidaysPath?: string;
  /** Materialise the facts for the many queries that follow (the monthly report); views otherwise. */
  materialize?: boolean;
}

/**
 * Every month's KPIs, from the first to the last month with tickets. Each KPI counts in the
 * month its basis says (registry.ts): a ticket in the month of its local received time, a
 * repair in the month it was repaired, a rating in the month the ticket closed, backlog at
 * each month's last moment.
 */
export async function monthlyKpis(warehouse: Warehouse, options: KpiOptions = {}): Promise<MonthKpis[]> {
  const targets = options.targets ?? loadTargets();
  await installFacts(warehouse, targets.repeatWindowDays, options.holidaysPath, { materialize: options.materialize });
  const coverage = await monthCoverage(warehouse);
  const figures = await measureMonths(warehouse, targets);
  const present = await columnsWithData(warehouse);
  return coverage.map((c) => {
    const row = figures.get(c.month);
    const kpis = Object.fromEntries(kpiRegistry.map((spec) => [spec.id, evaluate(spec, row, targets, present)]));
    return { month: c.month, coverage: c, kpis, provisional: Object.values(kpis).some((r) => r.provisional) };
  });
}
