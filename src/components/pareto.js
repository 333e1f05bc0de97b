import * as Plot from "@observablehq/plot";
import {noData} from "./empty.js";
import {formatNumber, formatPercent} from "@haumai/vi";

/**
 * A Pareto chart: one bar a value, most cases first, with the cumulative share as a line on the right-hand axis and a
 * dashed line at 80% (the few values behind most of the cases). `label(value)` names a bar (the missing value too).
 */
export function paretoChart(bars, {label, total, width, height = 300, most = 15, empty = "Không có trường hợp nào."}) {
  if (!bars.length) return noData(empty, {width, height});
  // At most `most` bars: the rest are one last bar "N giá trị khác" (the table beside lists every value).
  const shown =
    bars.length <= most
      ? bars
      : [
          ...bars.slice(0, most - 1),
          {
            value: null,
            other: bars.length - most + 1,
            count: bars.slice(most - 1).reduce((s, b) => s + b.count, 0),
            share: bars.slice(most - 1).reduce((s, b) => s + b.share, 0),
            cumulative: 1
          }
        ];
  const data = shown.map((b) => ({...b, name: b.other ? `${formatNumber(b.other)} giá trị khác` : label(b.value)}));
  const names = data.map((d) => d.name);
  // The cumulative share drawn on the count scale: 100% at the top of the axis, which reaches the total.
  const top = total;
  const scaled = (share) => share * top;
  return Plot.plot({
    width,
    height,
    marginLeft: 70,
    marginRight: 48,
    marginBottom: 90,
    x: {domain: names, label: null, tickRotate: -35, tickSize: 0},
    y: {domain: [0, top]},
    marks: [
      // Two y axes: an explicit axis mark replaces Plot's default one, so both are drawn here.
      Plot.gridY({ticks: 5}),
      Plot.axisY({anchor: "left", label: "Số trường hợp", tickFormat: formatNumber, ticks: 5}),
      Plot.barY(data, {
        x: "name",
        y: "count",
        fill: (d) => (d.value == null || d.other ? "var(--theme-foreground-faint)" : "var(--theme-foreground-muted)"),
        title: (d) =>
          `${d.name}: ${formatNumber(d.count)} (${formatPercent(d.share)}); cộng dồn ${formatPercent(d.cumulative)}`,
        tip: true
      }),
      Plot.ruleY([0]),
      Plot.ruleY([scaled(0.8)], {stroke: "var(--theme-red)", strokeDasharray: "4 3"}),
      Plot.axisY({
        anchor: "right",
        label: "Cộng dồn",
        ticks: [0, 0.2, 0.4, 0.6, 0.8, 1].map(scaled),
        tickFormat: (v) => formatPercent(v / top)
      }),
      Plot.line(data, {x: "name", y: (d) => scaled(d.cumulative), stroke: "var(--theme-foreground-focus)"}),
      Plot.dot(data, {x: "name", y: (d) => scaled(d.cumulative), r: 3, fill: "var(--theme-foreground-focus)"})
    ]
  });
}
