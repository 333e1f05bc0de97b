import * as Plot from "@observablehq/plot";
import {noData} from "./empty.js";
import {formatNumber, formatPercent} from "@haumai/vi";

/** How a group's place against the funnel reads: "thấp hơn giới hạn 99,8%" (the engine gives a code). */
export const positionLabels = {
  inside: "trong giới hạn",
  above_95: "cao hơn giới hạn 95%",
  below_95: "thấp hơn giới hạn 95%",
  above_998: `cao hơn giới hạn ${formatNumber(99.8)}%`,
  below_998: `thấp hơn giới hạn ${formatNumber(99.8)}%`
};
export const sideLabels = {better: "tốt hơn", worse: "kém hơn"};

/** "thấp hơn giới hạn 99,8% (kém hơn)". */
export function positionText(group) {
  return `${positionLabels[group.position]}${group.side ? ` (${sideLabels[group.side]})` : ""}`;
}

const colours = {inside: "var(--theme-foreground-muted)", better: "var(--theme-green)", worse: "var(--theme-red)"};
const colourOf = (g) => (g.side ? colours[g.side] : colours.inside);

/**
 * A funnel plot: each group's share (y) against its number of cases n (x), around the centre's rate p̄, with the
 * 95% (dashed) and 99.8% (solid) limits drawn across n. The limits are the ones the engine states for each group
 * (loaders/kpi/funnel.ts: p̄ ± z·√(p̄(1−p̄)/n), clamped to [0, 1]); the curves between the groups' n are drawn with the
 * same formula and the engine's z. Groups outside the limits are coloured by the side they are on (better, worse)
 * and named; every dot has a tooltip with its figures in vi-VN form.
 */
export function funnelChart(groups, {centre, z, label, width, height = 340, empty = "Không có trường hợp nào."}) {
  if (centre == null || !groups.length) return noData(empty, {width, height});
  const ns = groups.map((g) => g.n);
  // The axis spans the groups' n (groups of similar size would otherwise crowd at the right of an axis from 0).
  const maxN = Math.max(...ns) * 1.05;
  const minN = Math.max(1, Math.min(...ns) * 0.7);
  const curve = [];
  for (let i = 0; i <= 80; i++) {
    // Log-spaced n: the funnel's narrow end is where the curves bend.
    const n = minN * Math.pow(maxN / minN, i / 80);
    const se = Math.sqrt((centre * (1 - centre)) / n);
    const at = (k, sign) => Math.min(1, Math.max(0, centre + sign * k * se));
    curve.push({n, l95: at(z.z95, -1), u95: at(z.z95, 1), l998: at(z.z998, -1), u998: at(z.z998, 1)});
  }
  const low = Math.min(...groups.map((g) => g.rate), ...groups.map((g) => g.lower998));
  const high = Math.max(...groups.map((g) => g.rate), ...groups.map((g) => g.upper998));
  const pad = Math.max(0.01, (high - low) * 0.05);
  const title = (g) =>
    [
      g.key,
      `n = ${formatNumber(g.n)}, đạt ${formatNumber(g.x)}: ${formatPercent(g.rate)}`,
      `Giới hạn 95%: ${formatPercent(g.lower95)} – ${formatPercent(g.upper95)}`,
      `Giới hạn ${formatNumber(99.8)}%: ${formatPercent(g.lower998)} – ${formatPercent(g.upper998)}`,
      positionText(g)
    ].join("\n");
  const line = (y, dashed) =>
    Plot.line(curve, {x: "n", y, stroke: "var(--theme-foreground-muted)", strokeDasharray: dashed ? "4 3" : null});
  const yDomain = [Math.max(0, low - pad), Math.min(1, high + pad)];
  const margin = {top: 20, right: 16, bottom: 30, left: 52};
  const outside = placeLabels(groups, {x: [minN, maxN], y: yDomain}, {width, height, margin});
  return Plot.plot({
    width,
    height,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: {label: "Số trường hợp (n) →", labelAnchor: "right", domain: [minN, maxN], tickFormat: formatNumber, grid: true},
    y: {
      label: label ?? null,
      domain: yDomain,
      tickFormat: formatPercent,
      grid: true
    },
    marks: [
      Plot.ruleY([centre], {stroke: "var(--theme-foreground-focus)"}),
      line("l95", true),
      line("u95", true),
      line("l998", false),
      line("u998", false),
      Plot.dot(groups, {x: "n", y: "rate", r: 5, fill: colourOf, stroke: "var(--theme-background)", title, tip: true}),
      ...outside.map((g) =>
        Plot.text([g], {
          x: "n",
          y: "rate",
          text: "key",
          dx: g.dx,
          dy: g.dy,
          textAnchor: g.anchor,
          fill: colourOf,
          fontWeight: "bold",
          stroke: "var(--theme-background)",
          strokeWidth: 3,
          paintOrder: "stroke"
        })
      ),
      Plot.text([centre], {
        frameAnchor: "left",
        textAnchor: "start",
        y: (d) => d,
        dy: -8,
        dx: 4,
        text: (d) => `Toàn trung tâm ${formatPercent(d)}`,
        fill: "var(--theme-foreground-focus)",
        fontSize: 11
      })
    ]
  });
}

/**
 * Names of the groups outside the limits, each beside its dot (right, left, above, below) where it overlaps no other
 * name and no dot: the first free place in that order, on the chart's approximate pixel grid.
 */
function placeLabels(all, domain, {width, height, margin}) {
  const px = (n) =>
    margin.left + ((n - domain.x[0]) / (domain.x[1] - domain.x[0])) * (width - margin.left - margin.right);
  const py = (r) =>
    margin.top + ((domain.y[1] - r) / (domain.y[1] - domain.y[0])) * (height - margin.top - margin.bottom);
  // Every dot is an obstacle; the names of the groups outside the limits are placed around them.
  const placed = all.map((g) => ({x0: px(g.n) - 5, x1: px(g.n) + 5, y0: py(g.rate) - 5, y1: py(g.rate) + 5}));
  const groups = all.filter((g) => g.position !== "inside");
  const overlaps = (b) => placed.some((p) => b.x0 < p.x1 && p.x0 < b.x1 && b.y0 < p.y1 && p.y0 < b.y1);
  // The names that matter first: worse than the centre, or outside 99.8%. They are always named (overlapping if they
  // must); a group only outside 95% on the better side is named where there is room (its dot is green, its tooltip
  // and the table below name it).
  const rank = (g) => (g.side === "worse" ? 0 : 2) + (g.position.endsWith("998") ? 0 : 1);
  const order = [...groups].sort((a, b) => rank(a) - rank(b) || b.n - a.n);
  return order.flatMap((g) => {
    const x = px(g.n);
    const y = py(g.rate);
    const w = String(g.key).length * 6.5;
    const options = [
      {dx: 8, dy: 0, anchor: "start", box: {x0: x + 8, x1: x + 8 + w, y0: y - 7, y1: y + 7}},
      {dx: -8, dy: 0, anchor: "end", box: {x0: x - 8 - w, x1: x - 8, y0: y - 7, y1: y + 7}},
      {dx: 0, dy: -12, anchor: "middle", box: {x0: x - w / 2, x1: x + w / 2, y0: y - 19, y1: y - 5}},
      {dx: 0, dy: 13, anchor: "middle", box: {x0: x - w / 2, x1: x + w / 2, y0: y + 6, y1: y + 20}}
    ];
    const inside = (b) => b.x0 >= 0 && b.x1 <= width;
    const must = rank(g) < 3;
    const choice =
      options.find((o) => inside(o.box) && !overlaps(o.box)) ??
      (must ? (options.find((o) => inside(o.box)) ?? options[0]) : null);
    if (!choice) return [];
    placed.push(choice.box);
    return [{...g, dx: choice.dx, dy: choice.dy, anchor: choice.anchor}];
  });
}
