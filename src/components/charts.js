import * as Plot from "@observablehq/plot";
import {noData} from "./empty.js";
import {
  decisionMarkLabel,
  formatDay,
  formatKpi,
  formatMinutes,
  formatMonth,
  formatNumber,
  formatPercent
} from "@haumai/vi";

/** Working-minute ticks at round durations (30 phút, 1 giờ, 4 giờ, 1 ngày LV…), at most five. */
function minuteTicks(max, steps = [15, 30, 60, 120, 240, 480, 960, 2400, 4800, 9600]) {
  const step = steps.find((s) => max / s <= 4) ?? steps[steps.length - 1];
  return Array.from({length: Math.floor(max / step) + 1}, (_, i) => i * step);
}
/** Calendar-minute ticks: 1, 2, 6, 12 hours, 1, 2, 3, 7 days… */
const calendarSteps = [15, 30, 60, 120, 360, 720, 1440, 2880, 4320, 10080, 20160];
/** A KPI unit's y ticks: round durations for times, Plot's own for shares and counts. */
function unitTicks(unit, max) {
  if (unit === "minutes") return minuteTicks(max);
  if (unit === "calendar_minutes") return minuteTicks(max, calendarSteps);
  return undefined;
}

/** Month ticks that fit `width`: every quarter, half-year or year; January shows the year. */
function monthTicks(months, width) {
  const room = Math.max(2, Math.floor((width - 60) / 44));
  const step = [1, 3, 6, 12].find((s) => Math.ceil(months.length / s) <= room) ?? 12;
  return months.filter((m) => (Number(m.slice(5)) - 1) % step === 0);
}
const monthTick = (m) => (m.endsWith("-01") ? m.slice(0, 4) : `T${Number(m.slice(5))}`);

/**
 * The Board's changes shown on a chart of `domain` (yyyy-mm months): one mark per change taking effect in a
 * charted month, at that month, labelled "Thay đổi 02/2026", its tooltip the decision and its note.
 */
export function decisionMarks(decisions, domain) {
  return (decisions ?? [])
    .filter((d) => d.decision === "change" && d.effective && domain.includes(d.effective.slice(0, 7)))
    .map((d) => ({
      month: d.effective.slice(0, 7),
      label: decisionMarkLabel(d),
      title:
        `${decisionMarkLabel(d)}: Ban Giám đốc quyết định thay đổi (xem xét năm ${d.year}` +
        `${d.date ? `, ngày ${formatDay(d.date)}` : ""}), hiệu lực ${formatDay(d.effective)}${d.note ? ` — ${d.note}` : ""}`
    }));
}

/**
 * A KPI across months, with its target as a dashed line and the chosen month marked. With a registry `unit`
 * (share, minutes, calendar_minutes, count), values and ticks read as that unit. `decisions`: the Board's
 * decisions about this KPI; each change is a vertical rule at the month it takes effect.
 */
export function trendChart(months, {value, unit, format, target, selected, label, decisions, width, height = 180}) {
  format ??= unit ? (v) => formatKpi(unit, v) : formatNumber;
  // Every month keeps its place on the axis; a month without a value (not measured) is a gap in the line.
  const all = months.map((m) => ({month: m.month, value: value(m)}));
  const data = all.filter((d) => d.value != null);
  if (!data.length) return noData("Chưa có số liệu cho chỉ số này.", {width, height});
  const changes = decisionMarks(
    decisions,
    all.map((d) => d.month)
  );
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginTop: changes.length ? 22 : undefined,
    x: {
      type: "band",
      label: null,
      domain: all.map((d) => d.month),
      ticks: monthTicks(
        all.map((d) => d.month),
        width
      ),
      tickFormat: monthTick,
      tickSize: 0
    },
    y: {
      label: label ?? null,
      grid: true,
      tickFormat: format,
      zero: true,
      ticks: unitTicks(unit ?? (format === formatMinutes ? "minutes" : null), Math.max(...data.map((d) => d.value)))
    },
    marks: [
      Plot.lineY(all, {x: "month", y: "value", stroke: "var(--theme-foreground-muted)"}),
      Plot.dot(data, {
        x: "month",
        y: "value",
        r: 2.5,
        fill: (d) => (d.month === selected ? "var(--theme-foreground-focus)" : "var(--theme-foreground-muted)")
      }),
      target == null ? null : Plot.ruleY([target], {stroke: "var(--theme-red)", strokeDasharray: "4 3"}),
      ...changeMarks(changes),
      Plot.tip(
        data,
        Plot.pointerX({x: "month", y: "value", title: (d) => `${formatMonth(d.month)}: ${format(d.value)}`})
      )
    ]
  });
}

/** A rule and a label per change (see decisionMarks); `x` is the mark's place on the chart's x scale. */
function changeMarks(changes, x = "month") {
  if (!changes.length) return [];
  return [
    Plot.ruleX(changes, {x, stroke: "var(--theme-blue)", strokeWidth: 1.5, strokeDasharray: "3 2", title: "title"}),
    Plot.text(changes, {
      x,
      text: "label",
      title: "title",
      frameAnchor: "top",
      textAnchor: "start",
      dx: 3,
      dy: -14,
      fontSize: 10,
      fill: "var(--theme-blue)",
      className: "decision-mark"
    })
  ];
}

/** Tickets received each day of a month, complaints darker. */
export function dailyChart(days, {width, height = 200}) {
  if (!days.some((d) => d.tickets)) return noData("Không có phiếu nào tiếp nhận trong tháng.", {width, height});
  const rows = days.flatMap((d) => [
    {day: d.day, kind: "Khiếu nại", n: d.complaints},
    {day: d.day, kind: "Yêu cầu khác", n: d.tickets - d.complaints}
  ]);
  // Every day of the month on the axis, days without a ticket too.
  const [y, m] = days[0].day.split("-").map(Number);
  const domain = Array.from(
    {length: new Date(Date.UTC(y, m, 0)).getUTCDate()},
    (_, i) => `${days[0].day.slice(0, 8)}${String(i + 1).padStart(2, "0")}`
  );
  const most = Math.max(...days.map((d) => d.tickets));
  return Plot.plot({
    width,
    height,
    marginLeft: 40,
    x: {
      type: "band",
      domain,
      label: null,
      tickFormat: (d) => d.slice(8),
      tickSize: 0,
      ticks: width < 640 ? domain.filter((_, i) => i % 2 === 0) : undefined
    },
    y: {label: "Phiếu", grid: true, tickFormat: formatNumber, ticks: Math.min(5, most)},
    color: {
      legend: true,
      domain: ["Yêu cầu khác", "Khiếu nại"],
      range: ["var(--theme-foreground-faint)", "var(--theme-red)"]
    },
    marks: [
      Plot.barY(rows, {x: "day", y: "n", fill: "kind", tip: {format: {x: formatDay, y: formatNumber}}}),
      Plot.ruleY([0])
    ]
  });
}

/** Counts per duration band: `bins` are working-hour edges, the last band open-ended. */
export function durationHistogram(
  counts,
  bins,
  {width, height = 200, targetHours, empty = "Không có phiếu nào trong tháng."}
) {
  // Short tick labels (the axis says the unit) so that neighbouring bands never collide.
  const labels = bins.map((b, i) => (i === bins.length - 1 ? `≥ ${b}` : `${b}–${bins[i + 1]}`));
  const data = labels.map((label, i) => ({
    label,
    n: counts.find((c) => c.bin === i)?.n ?? 0,
    over: targetHours != null && bins[i] >= targetHours
  }));
  if (!data.some((d) => d.n)) return noData(empty, {width, height});
  return Plot.plot({
    width,
    height,
    marginLeft: 44,
    x: {domain: labels, label: "Giờ làm việc →", labelAnchor: "right", tickSize: 0},
    y: {label: "Phiếu", grid: true, tickFormat: formatNumber, ticks: Math.min(5, Math.max(...data.map((d) => d.n)))},
    color: {domain: [false, true], range: ["var(--theme-foreground-muted)", "var(--theme-red)"]},
    marks: [
      Plot.barY(data, {
        x: "label",
        y: "n",
        fill: "over",
        title: (d) => `${d.label} giờ: ${formatNumber(d.n)} phiếu${d.over ? " (quá mục tiêu)" : ""}`,
        tip: true
      }),
      Plot.ruleY([0])
    ]
  });
}

const ruleNames = {outside_limits: "ngoài giới hạn", run_of_8: "8 tháng cùng phía", trend_of_6: "6 tháng một chiều"};

/**
 * A control chart of one reviewed KPI: the 12 months, centre line, control limits (stepped
 * for a p-chart), the target dashed, and the months in a special-cause signal in red. A chart
 * split into phases (a Board change took effect in the year) has a centre per phase and a blue
 * rule where the new phase starts.
 */
export function controlChart(kpi, {format = formatNumber, width, height = 220}) {
  const flagged = new Map();
  for (const s of kpi.control.signals)
    for (const i of s.months) flagged.set(i, [...(flagged.get(i) ?? []), ruleNames[s.rule]]);
  const points = kpi.months
    .map((value, i) => ({month: i + 1, value, signal: flagged.get(i)?.join(", ")}))
    .filter((d) => d.value != null);
  // Limits of different phases are never joined by a line.
  const phaseOf = (i) => (kpi.control.phases ?? []).findIndex((p) => i >= p.from && i < p.to);
  const limits = kpi.months
    .map((_, i) => ({month: i + 1, lower: kpi.control.lower[i], upper: kpi.control.upper[i], phase: phaseOf(i)}))
    .filter((d) => d.upper != null);
  if (!points.length) return noData("Chưa có tháng nào có số liệu cho chỉ số này.", {width, height});
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginTop: kpi.control.phases ? 22 : undefined,
    x: {domain: [0.5, 12.5], ticks: 12, tickFormat: (m) => `T${m}`, label: null},
    y: {grid: true, tickFormat: format, label: null},
    marks: [
      Plot.line(limits, {
        x: "month",
        y: "upper",
        z: "phase",
        curve: "step",
        stroke: "var(--theme-foreground-faint)",
        strokeDasharray: "2 2"
      }),
      Plot.line(limits, {
        x: "month",
        y: "lower",
        z: "phase",
        curve: "step",
        stroke: "var(--theme-foreground-faint)",
        strokeDasharray: "2 2"
      }),
      kpi.control.phases
        ? Plot.ruleY(
            kpi.control.phases.filter((p) => p.centre != null),
            {y: "centre", x1: (p) => p.from + 0.5, x2: (p) => p.to + 0.5, stroke: "var(--theme-foreground-muted)"}
          )
        : kpi.control.centre == null
          ? null
          : Plot.ruleY([kpi.control.centre], {stroke: "var(--theme-foreground-muted)"}),
      ...changeMarks(
        (kpi.control.phases ?? []).slice(1).map((p) => ({
          at: p.from + 0.5,
          label: `Thay đổi từ T${p.from + 1}`,
          title: `Giai đoạn mới từ T${p.from + 1}: trung tâm và giới hạn tính lại từ các tháng của giai đoạn`
        })),
        "at"
      ),
      kpi.target == null
        ? null
        : Plot.ruleY([kpi.target.value], {stroke: "var(--theme-green)", strokeDasharray: "5 3"}),
      Plot.line(points, {x: "month", y: "value", stroke: "var(--theme-foreground)"}),
      Plot.dot(points, {
        x: "month",
        y: "value",
        r: 3.5,
        fill: (d) => (d.signal ? "var(--theme-red)" : "var(--theme-foreground)"),
        title: (d) => `T${d.month}: ${format(d.value)}${d.signal ? ` — ${d.signal}` : ""}`,
        tip: true
      })
    ]
  });
}

/**
 * Key drivers: each question's importance (correlation with the target question) against its
 * performance (top-2 share); the quadrant "important but weak" in red.
 */
export function driverChart(drivers, {width, height = 380}) {
  const shown = drivers.filter((d) => d.r != null && d.top2 != null);
  if (shown.length < 2)
    return noData("Chưa đủ câu trả lời để tính yếu tố tác động (cần ít nhất hai câu hỏi có tương quan).", {
      width,
      height: 160
    });
  const rMid = shown.reduce((a, d) => a + d.r, 0) / shown.length;
  const pMid = shown.reduce((a, d) => a + d.top2, 0) / shown.length;
  const r2 = (v) => v.toLocaleString("vi-VN", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginTop: 30,
    insetTop: 14,
    insetRight: 20,
    x: {label: "Mức quan trọng (r) →", tickFormat: r2, ticks: Math.max(2, Math.floor(width / 90))},
    y: {label: "↑ Mức thể hiện (top-2)", tickFormat: formatPercent},
    marks: [
      Plot.ruleX([rMid], {stroke: "var(--theme-foreground-faint)"}),
      Plot.ruleY([pMid], {stroke: "var(--theme-foreground-faint)"}),
      Plot.dot(shown, {
        x: "r",
        y: "top2",
        r: 5,
        fill: (d) => (d.r >= rMid && d.top2 < pMid ? "var(--theme-red)" : "var(--theme-foreground-muted)"),
        tip: true,
        title: (d) => `${d.id}. ${d.text}\nr = ${r2(d.r)}, top-2 ${formatPercent(d.top2)}`
      }),
      Plot.text(shown, {x: "r", y: "top2", text: "id", dy: -10, fontSize: 11})
    ]
  });
}

/** "2026-10" / "2026-W43" / "2026-10-05" as the pages name a period of that grain. */
export function periodLabel(period, grain) {
  return grain === "day"
    ? formatDay(period)
    : grain === "month"
      ? formatMonth(period)
      : `Tuần ${period.slice(6)}/${period.slice(0, 4)}`;
}

/** Ticks for a band axis of periods: as many as fit `width` with labels ~90 px wide. */
function periodTicks(periods, width) {
  const step = Math.ceil(periods.length / Math.max(2, Math.floor((width - 60) / 90)));
  return periods.filter((_, i) => i % step === 0);
}

/** The satisfaction index by period (day, week or month), with its target dashed. */
export function satisfactionChart(rows, {grain, target, width, height = 260}) {
  const shown = rows.filter((r) => r.index != null);
  if (!shown.length) return noData("Không có phiếu nào có đánh giá trong giai đoạn này.", {width, height});
  const label = (p) => periodLabel(p, grain);
  return Plot.plot({
    width,
    height,
    marginLeft: 50,
    x: {
      type: "band",
      label: null,
      ticks: periodTicks(
        shown.map((r) => r.period),
        width
      ),
      tickFormat: label
    },
    y: {label: "Chỉ số hài lòng", tickFormat: formatPercent, grid: true},
    marks: [
      target == null ? null : Plot.ruleY([target], {stroke: "var(--theme-red)", strokeDasharray: "4 3"}),
      Plot.line(shown, {x: "period", y: "index", stroke: "var(--theme-foreground-muted)"}),
      Plot.dot(shown, {
        x: "period",
        y: "index",
        r: 2,
        tip: true,
        title: (r) => `${label(r.period)}: ${formatPercent(r.index)} (n = ${formatNumber(r.rated)})`
      })
    ]
  });
}

/** Contacts by period, stacked by channel (channels already named in Vietnamese). */
export function contactsChart(rows, {grain, width, height = 300}) {
  if (!rows.some((r) => r.contacts)) return noData("Không có liên hệ nào trong giai đoạn này.", {width, height});
  const periods = [...new Set(rows.map((r) => r.period))];
  const label = (p) => periodLabel(p, grain);
  return Plot.plot({
    width,
    height,
    marginLeft: 50,
    x: {type: "band", label: null, ticks: periodTicks(periods, width), tickFormat: label},
    y: {label: "Liên hệ", grid: true, tickFormat: formatNumber},
    color: {legend: true},
    marks: [
      Plot.barY(rows, {
        x: "period",
        y: "contacts",
        fill: "channel",
        tip: true,
        title: (r) => `${label(r.period)} · ${r.channel}: ${formatNumber(r.contacts)} liên hệ`
      }),
      Plot.ruleY([0])
    ]
  });
}
