import * as Plot from "@observablehq/plot";
import {formatDay, formatMonth, formatNumber} from "./format.js";

/** A KPI across months, with its target as a dashed line and the chosen month marked. */
export function trendChart(months, {value, format = formatNumber, target, selected, label, width, height = 180}) {
  const data = months.map((m) => ({month: m.month, value: value(m)})).filter((d) => d.value != null);
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    x: {type: "band", label: null, ticks: data.map((d) => d.month).filter((m) => /-(01|04|07|10)$/.test(m)), tickFormat: (m) => (m.endsWith("-01") ? m.slice(0, 4) : `T${Number(m.slice(5))}`), tickSize: 0},
    y: {label: label ?? null, grid: true, tickFormat: format, zero: true},
    marks: [
      Plot.lineY(data, {x: "month", y: "value", stroke: "var(--theme-foreground-muted)"}),
      Plot.dot(data, {x: "month", y: "value", r: 2.5, fill: (d) => (d.month === selected ? "var(--theme-foreground-focus)" : "var(--theme-foreground-muted)")}),
      target == null ? null : Plot.ruleY([target], {stroke: "var(--theme-red)", strokeDasharray: "4 3"}),
      Plot.tip(data, Plot.pointerX({x: "month", y: "value", title: (d) => `${formatMonth(d.month)}: ${format(d.value)}`}))
    ]
  });
}

/** Tickets received each day of a month, complaints darker. */
export function dailyChart(days, {width, height = 200}) {
  const rows = days.flatMap((d) => [
    {day: d.day, kind: "Khiếu nại", n: d.complaints},
    {day: d.day, kind: "Yêu cầu khác", n: d.tickets - d.complaints}
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 40,
    x: {type: "band", label: null, tickFormat: (d) => d.slice(8), tickSize: 0},
    y: {label: "Phiếu", grid: true, tickFormat: formatNumber},
    color: {legend: true, domain: ["Yêu cầu khác", "Khiếu nại"], range: ["var(--theme-foreground-faint)", "var(--theme-red)"]},
    marks: [Plot.barY(rows, {x: "day", y: "n", fill: "kind", tip: {format: {x: formatDay, y: formatNumber}}}), Plot.ruleY([0])]
  });
}

/** Counts per duration band: `bins` are working-hour edges, the last band open-ended. */
export function durationHistogram(counts, bins, {width, height = 200, targetHours}) {
  const labels = bins.map((b, i) => (i === bins.length - 1 ? `≥ ${b} giờ` : `${b}–${bins[i + 1]} giờ`));
  const data = labels.map((label, i) => ({label, n: counts.find((c) => c.bin === i)?.n ?? 0, over: targetHours != null && bins[i] >= targetHours}));
  return Plot.plot({
    width,
    height,
    marginLeft: 44,
    x: {domain: labels, label: "Giờ làm việc", tickSize: 0},
    y: {label: "Phiếu", grid: true, tickFormat: formatNumber},
    color: {domain: [false, true], range: ["var(--theme-foreground-muted)", "var(--theme-red)"]},
    marks: [Plot.barY(data, {x: "label", y: "n", fill: "over", tip: {format: {fill: false}}}), Plot.ruleY([0])]
  });
}

const ruleNames = {outside_limits: "ngoài giới hạn", run_of_8: "8 tháng cùng phía", trend_of_6: "6 tháng một chiều"};

/**
 * A control chart of one reviewed KPI: the 12 months, centre line, control limits (stepped
 * for a p-chart), the target dashed, and the months in a special-cause signal in red.
 */
export function controlChart(kpi, {format = formatNumber, width, height = 220}) {
  const flagged = new Map();
  for (const s of kpi.control.signals) for (const i of s.months) flagged.set(i, [...(flagged.get(i) ?? []), ruleNames[s.rule]]);
  const points = kpi.months.map((value, i) => ({month: i + 1, value, signal: flagged.get(i)?.join(", ")})).filter((d) => d.value != null);
  const limits = kpi.months.map((_, i) => ({month: i + 1, lower: kpi.control.lower[i], upper: kpi.control.upper[i]})).filter((d) => d.upper != null);
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    x: {domain: [0.5, 12.5], ticks: 12, tickFormat: (m) => `T${m}`, label: null},
    y: {grid: true, tickFormat: format, label: null},
    marks: [
      Plot.line(limits, {x: "month", y: "upper", curve: "step", stroke: "var(--theme-foreground-faint)", strokeDasharray: "2 2"}),
      Plot.line(limits, {x: "month", y: "lower", curve: "step", stroke: "var(--theme-foreground-faint)", strokeDasharray: "2 2"}),
      kpi.control.centre == null ? null : Plot.ruleY([kpi.control.centre], {stroke: "var(--theme-foreground-muted)"}),
      kpi.target == null ? null : Plot.ruleY([kpi.target], {stroke: "var(--theme-green)", strokeDasharray: "5 3"}),
      Plot.line(points, {x: "month", y: "value", stroke: "var(--theme-foreground)"}),
      Plot.dot(points, {x: "month", y: "value", r: 3.5, fill: (d) => (d.signal ? "var(--theme-red)" : "var(--theme-foreground)"),
        title: (d) => `T${d.month}: ${format(d.value)}${d.signal ? ` — ${d.signal}` : ""}`, tip: true})
    ]
  });
}
