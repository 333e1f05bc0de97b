import type { KpiInfo, Target, Unit } from "../kpi/registry.ts";
import type { KpiJudgement } from "../kpi/noise.ts";
import type { KpiResult } from "../kpi/measure.ts";

/**
 * What `haumai check` alerts on, as data: a KPI of the month that missed its target, or whose month is a
 * special-cause signal that goes the worse way (loaders/kpi/noise.ts judges it). A KPI "not measured" is never an
 * alert: too few cases or a missing column says nothing about the service.
 */

/** The part of a KPI's judgement for the month (noise.ts) that alerting reads. */
export type MonthJudgement = Pick<KpiJudgement, "id" | "label" | "status" | "value" | "signal">;

export interface KpiAlert {
  id: string;
  label: string;
  unit: Unit;
  value: number | null;
  target: Target | null;
  missed: boolean;
  /** The figure counts cases still inside their follow-up window (the fix rate): it can still change. */
  provisional: boolean;
  /** The special-cause signal when it goes the worse way; null otherwise. */
  signal: MonthJudgement["signal"];
}

/** The alerts of a month, in the registry's order; `results` (the month's KPIs) tell which figures are provisional. */
export function alertsOf(
  judgements: MonthJudgement[],
  catalogue: KpiInfo[],
  results: Record<string, Pick<KpiResult, "provisional">> = {},
): KpiAlert[] {
  const byId = new Map(judgements.map((j) => [j.id, j]));
  return catalogue.flatMap((info) => {
    const j = byId.get(info.id);
    if (!j || j.status === "not_measured") return [];
    const missed = j.status === "missed";
    const signal = j.signal?.worse ? j.signal : null;
    if (!missed && !signal) return [];
    const provisional = results[info.id]?.provisional ?? false;
    return [
      {
        id: info.id,
        label: info.label,
        unit: info.unit,
        value: j.value,
        target: info.target,
        missed,
        provisional,
        signal,
      },
    ];
  });
}

/**
 * An alert as a short stable code ("response_time:missed", "complaint_rate:outside_limits:up"): the alert set of a
 * month is the set of these, and a new mail goes out only when that set changes. The value itself is left out, so
 * a figure that moves a little while staying off target does not mail again every day.
 */
export const alertCode = (a: KpiAlert): string[] => [
  ...(a.missed ? [`${a.id}:missed`] : []),
  ...(a.signal ? [`${a.id}:${a.signal.rule}:${a.signal.direction}`] : []),
];
