/**
 * Control charts for the annual review: XmR (individuals and moving range) for times and
 * counts, p-chart for rates. Limits come from the reviewed year itself; special causes:
 * a point outside the limits, 8 in a row on one side of the centre line, 6 in a row rising
 * or falling.
 */
export type SignalRule = "outside_limits" | "run_of_8" | "trend_of_6";

export interface Signal {
  rule: SignalRule;
  /** Positions (0-based, in the 12 months) of the points that make the signal. */
  months: number[];
  direction: "up" | "down";
}

/** A stretch of months under one process: months [from, to) with their own centre and limits. */
export interface Phase {
  from: number;
  to: number;
  centre: number | null;
}

export interface ControlChart {
  kind: "xmr" | "p";
  /** The centre line; in a chart with phases, the last phase's (the process as it runs now). */
  centre: number | null;
  /** Present when the chart is split at a change: each phase's months and centre. */
  phases?: Phase[];
  /** One limit per month: XmR limits are the same every month, p-chart limits widen when n is small. */
  lower: (number | null)[];
  upper: (number | null)[];
  signals: Signal[];
}

/** XmR constant: 3 / d2 with d2 = 1.128 for moving ranges of two. */
export const xmrFactor = 2.66;

export function xmrChart(values: (number | null)[], { floor = 0 }: { floor?: number | null } = {}): ControlChart {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2)
    return {
      kind: "xmr",
      centre: present[0] ?? null,
      lower: values.map(() => null),
      upper: values.map(() => null),
      signals: [],
    };
  const centre = mean(present);
  // Moving ranges between consecutive months that both have data.
  const ranges: number[] = [];
  for (let i = 1; i < values.length; i++)
    if (values[i] !== null && values[i - 1] !== null) ranges.push(Math.abs(values[i]! - values[i - 1]!));
  const mr = ranges.length ? mean(ranges) : 0;
  const lower = floor === null ? centre - xmrFactor * mr : Math.max(floor, centre - xmrFactor * mr);
  const upper = centre + xmrFactor * mr;
  return {
    kind: "xmr",
    centre,
    lower: values.map(() => lower),
    upper: values.map(() => upper),
    signals: signals(
      values,
      centre,
      values.map(() => lower),
      values.map(() => upper),
    ),
  };
}

/** p-chart over monthly (successes, cases); months without cases are gaps. */
export function pChart(successes: (number | null)[], cases: (number | null)[]): ControlChart {
  const totalX = successes.reduce<number>((s, x, i) => s + (cases[i] ? (x ?? 0) : 0), 0);
  const totalN = cases.reduce<number>((s, n) => s + (n ?? 0), 0);
  const values = successes.map((x, i) => (cases[i] ? (x ?? 0) / cases[i]! : null));
  if (totalN === 0)
    return { kind: "p", centre: null, lower: values.map(() => null), upper: values.map(() => null), signals: [] };
  const p = totalX / totalN;
  const half = cases.map((n) => (n ? 3 * Math.sqrt((p * (1 - p)) / n) : null));
  const lower = half.map((h) => (h === null ? null : Math.max(0, p - h)));
  const upper = half.map((h) => (h === null ? null : Math.min(1, p + h)));
  return { kind: "p", centre: p, lower, upper, signals: signals(values, p, lower, upper) };
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The three rules over a series with gaps (a gap breaks a run). */
export function signals(
  values: (number | null)[],
  centre: number,
  lower: (number | null)[],
  upper: (number | null)[],
): Signal[] {
  const found: Signal[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    if (upper[i] !== null && v > upper[i]!) found.push({ rule: "outside_limits", months: [i], direction: "up" });
    else if (lower[i] !== null && v < lower[i]!) found.push({ rule: "outside_limits", months: [i], direction: "down" });
  });
  // 8 or more in a row strictly on one side (a point on the line breaks the run).
  let run: number[] = [];
  let side = 0;
  const closeRun = () => {
    if (run.length >= 8) found.push({ rule: "run_of_8", months: run, direction: side > 0 ? "up" : "down" });
  };
  values.forEach((v, i) => {
    const s = v === null ? 0 : Math.sign(v - centre);
    if (s !== 0 && s === side) run.push(i);
    else {
      closeRun();
      run = s === 0 ? [] : [i];
      side = s;
    }
  });
  closeRun();
  // 6 or more in a row each higher (or each lower) than the one before.
  let trend: number[] = [];
  let way = 0;
  const closeTrend = () => {
    if (trend.length >= 6) found.push({ rule: "trend_of_6", months: trend, direction: way > 0 ? "up" : "down" });
  };
  values.forEach((v, i) => {
    const prev = i > 0 ? values[i - 1] : null;
    const step = v === null || prev === null || v === prev ? 0 : Math.sign(v - prev);
    if (step !== 0 && step === way) trend.push(i);
    else {
      closeTrend();
      trend = step === 0 || v === null ? (v === null ? [] : [i]) : [i - 1, i];
      way = step;
    }
  });
  closeTrend();
  return found;
}

/** Phase boundaries as [from, to) ranges over `length` months; breaks outside 1..length−1 are ignored. */
function phaseRanges(length: number, breaks: number[]): [number, number][] {
  const cuts = [...new Set(breaks.filter((b) => Number.isInteger(b) && b > 0 && b < length))].sort((a, b) => a - b);
  const edges = [0, ...cuts, length];
  return edges.slice(1).map((to, i) => [edges[i], to]);
}

/**
 * A chart split into phases at a process change (SPC practice: after a deliberate change the old limits no
 * longer describe the process). Each phase gets its own centre and limits from its own months only (no moving
 * range across a boundary), and the signal rules run inside each phase against that phase's limits, so a run
 * or a trend never crosses a boundary. `breaks` are the months (0-based) where a new phase starts.
 */
export function phasedChart(
  breaks: number[],
  length: number,
  chartOf: (from: number, to: number) => ControlChart,
): ControlChart {
  const ranges = phaseRanges(length, breaks);
  const charts = ranges.map(([from, to]) => chartOf(from, to));
  if (charts.length === 1) return charts[0];
  return {
    kind: charts[0].kind,
    centre: charts[charts.length - 1].centre,
    phases: ranges.map(([from, to], i) => ({ from, to, centre: charts[i].centre })),
    lower: charts.flatMap((c) => c.lower),
    upper: charts.flatMap((c) => c.upper),
    signals: charts.flatMap((c, i) => c.signals.map((s) => ({ ...s, months: s.months.map((m) => m + ranges[i][0]) }))),
  };
}

/** XmR chart with a new phase at each of `breaks`. */
export function xmrPhases(
  values: (number | null)[],
  breaks: number[],
  options: { floor?: number | null } = {},
): ControlChart {
  return phasedChart(breaks, values.length, (from, to) => xmrChart(values.slice(from, to), options));
}

/** p-chart with a new phase at each of `breaks`. */
export function pPhases(successes: (number | null)[], cases: (number | null)[], breaks: number[]): ControlChart {
  return phasedChart(breaks, cases.length, (from, to) => pChart(successes.slice(from, to), cases.slice(from, to)));
}
