import {html} from "htl";
import {dimensionNames, formatKpi, formatKpiChange, formatMonth, formatNumber} from "@haumai/vi";
import {formatSignedKpiChange, groupLabel, summaryText} from "@haumai/vi";
import {table} from "./table.js";

/** The executive summary: the month's sentences (loaders/kpi/summary.ts worded by @haumai/vi). */
export function executiveSummary(summary, kpis) {
  if (!summary) return html`<p class="muted">Chưa có số liệu để tóm tắt.</p>`;
  const sentences = summaryText(summary.items, kpis);
  return html`<div class="card executive-summary">${sentences.map((s) => html`<p>${s}</p>`)}</div>`;
}

/** Groups a table lists, largest contribution first (the page's data carries these; the workbook every group). */
const shownGroups = 8;

/**
 * One change beyond noise and where it came from: the KPI before and after, the noise band, and the groups of the
 * dimension that explain it, each group's own change and its weight's change (the figures the summary names).
 */
export function changeCard(analysis, kpis) {
  const info = kpis.find((k) => k.id === analysis.id);
  const unit = info?.unit ?? "count";
  const {change, decomposition, dimension} = analysis;
  const against = change.against === "previous_month" ? "so với tháng trước" : "so với cùng kỳ năm trước";
  const title = `${info?.label ?? analysis.id} — ${against} (${formatMonth(change.month).toLowerCase()})`;
  const line = html`<p class="change-line">
    ${formatKpi(unit, change.from)} → ${formatKpi(unit, change.to)}${analysis.provisional ? " (tạm tính)" : ""}:
    <b class=${change.direction === "worse" ? "bad" : change.direction === "better" ? "good" : ""}
      >${formatSignedKpiChange(unit, change.delta)}</b
    >; mức dao động thông thường ±${formatKpiChange(unit, change.limit)}${
      change.basis === "chart" ? ` (giới hạn kiểm soát của ${formatNumber(analysis.baseline)} tháng trước)` : ""
    } — vượt mức này, khó là ngẫu nhiên.
  </p>`;
  if (!decomposition || !dimension)
    return html`<div class="card change" data-kpi=${analysis.id}><h3>${title}</h3>${line}</div>`;
  const [one, all] = dimensionNames[dimension];
  const rows = decomposition.groups.slice(0, shownGroups).map((g) => ({...g, key: groupLabel(dimension, g.key)}));
  // The groups beyond the largest, summed: the rows shown add up to the change.
  const others = decomposition.others;
  if (others)
    rows.push({...others, key: `${formatNumber(others.count)} ${one} khác`, share_from: null, share_to: null});
  rows.push({
    key: "Cộng",
    n_from: decomposition.n_from,
    n_to: decomposition.n_to,
    share_from: decomposition.from,
    share_to: decomposition.to,
    rate_effect: decomposition.rate_effect,
    mix_effect: decomposition.mix_effect,
    effect: decomposition.delta
  });
  const share = (v) => (v == null ? "–" : formatKpi(unit, v));
  const effect = (v) => formatSignedKpiChange(unit, v);
  const hidden = others ? 0 : decomposition.group_count - shownGroups;
  return html`<div class="card change" data-kpi=${analysis.id} data-against=${change.against}>
    <h3>${title}</h3>
    ${line}
    <p class="muted small">
      Theo ${one}: phần do tỷ lệ của từng ${one} thay đổi và phần do cơ cấu (tỷ trọng) giữa ${all} thay đổi;
      cộng lại bằng thay đổi chung.${hidden > 0 ? ` Hiện ${formatNumber(shownGroups)} ${one} góp nhiều nhất.` : ""}
    </p>
    ${table(rows, {
      columns: ["key", "n_from", "n_to", "share_from", "share_to", "rate_effect", "mix_effect", "effect"],
      header: {
        key: one[0].toUpperCase() + one.slice(1),
        n_from: "Số ca trước",
        n_to: "Số ca tháng này",
        share_from: "Tỷ lệ trước",
        share_to: "Tỷ lệ tháng này",
        rate_effect: "Do tỷ lệ của nhóm",
        mix_effect: "Do cơ cấu",
        effect: "Góp vào thay đổi"
      },
      format: {
        n_from: formatNumber,
        n_to: formatNumber,
        share_from: share,
        share_to: share,
        rate_effect: effect,
        mix_effect: effect,
        effect
      },
      // Figures keep to one line (a sign and its unit apart read as two numbers), on screen and on A4.
      nowrap: ["n_from", "n_to", "share_from", "share_to", "rate_effect", "mix_effect", "effect"],
      rows: shownGroups + 2.5
    })}
  </div>`;
}
