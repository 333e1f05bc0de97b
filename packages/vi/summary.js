// The executive summary (loaders/kpi/summary.ts) in Vietnamese sentences: the engine returns items with codes and
// figures; the page, its PDF and the e-mail all say them with `summaryText`, so every surface has the same words.
import {codeLabel, formatDay, formatMonth} from "./format.js";
import {formatKpi, formatKpiAgainst, formatKpiChange, formatSignedKpiChange, formatTarget} from "./kpi.js";

/** The dimensions a change is traced through: one group, and all of them. */
export const dimensionNames = {
  channel: ["kênh", "các kênh"],
  product_category: ["nhóm sản phẩm", "các nhóm sản phẩm"],
  technician: ["kỹ thuật viên", "các kỹ thuật viên"],
  region: ["khu vực", "các khu vực"],
  customer_segment: ["nhóm khách hàng", "các nhóm khách hàng"],
  request_type: ["loại yêu cầu", "các loại yêu cầu"],
  service_location: ["nơi sửa chữa", "các nơi sửa chữa"]
};

// Names the centre writes itself stay as written; canonical codes read as the centre names them.
const ownNames = ["technician", "product_category", "customer_segment", "region"];
/** A group's name as the page shows it. */
export const groupLabel = (dimension, key) =>
  ownNames.includes(dimension) ? key : codeLabel(key === "(trống)" ? null : key);

/** A control-chart signal in words, with its direction. */
export function signalWords(signal) {
  const up = signal.direction === "up";
  if (signal.rule === "outside_limits") return "nằm ngoài giới hạn kiểm soát";
  if (signal.rule === "run_of_8") return `8 tháng liên tiếp ${up ? "trên" : "dưới"} đường trung tâm`;
  return `${up ? "tăng" : "giảm"} 6 tháng liên tiếp`;
}

const labelOf = (kpis, id) => kpis.find((k) => k.id === id)?.label ?? id;
const unitOf = (kpis, id) => kpis.find((k) => k.id === id)?.unit ?? "count";
/** A KPI's label inside a sentence: "đáp ứng trong mục tiêu". */
const lower = (text) => text.charAt(0).toLocaleLowerCase("vi") + text.slice(1);
const names = (kpis, ids) => ids.map((id) => labelOf(kpis, id)).join(", ");

/** "giảm 8,3 điểm % (95,8% → 87,5%, xấu đi)". */
function movement(unit, change) {
  const verb = change.delta > 0 ? "tăng" : change.delta < 0 ? "giảm" : "không đổi";
  const word = change.direction === "better" ? ", tốt lên" : change.direction === "worse" ? ", xấu đi" : "";
  const mark = change.provisional ? " (tạm tính)" : "";
  return `${verb} ${formatKpiChange(unit, Math.abs(change.delta))} (${formatKpi(unit, change.from)} → ${formatKpi(
    unit,
    change.to
  )}${mark}${word})`;
}

/** "(±2 điểm %, giới hạn kiểm soát của 12 tháng trước)": where the noise band comes from. */
function band(unit, analysis) {
  const size = `±${formatKpiChange(unit, analysis.change.limit)}`;
  return analysis.change.basis === "chart"
    ? `${size}, theo giới hạn kiểm soát của ${analysis.baseline} tháng trước`
    : `${size}, so sánh hai tỷ lệ vì chưa đủ 6 tháng số liệu trước đó`;
}

/** "kênh E-mail (95,8% → 29,6%, kéo giảm 7,9 điểm %)". */
function driverText(dimension, unit, g) {
  const own =
    g.share_from === null
      ? `nhóm mới trong tháng, ${formatKpi(unit, g.share_to)}`
      : g.share_to === null
        ? `không còn trong tháng, trước đó ${formatKpi(unit, g.share_from)}`
        : `${formatKpi(unit, g.share_from)} → ${formatKpi(unit, g.share_to)}`;
  const pull = `${g.effect < 0 ? "kéo giảm" : "kéo tăng"} ${formatKpiChange(unit, Math.abs(g.effect))}`;
  return `${dimensionNames[dimension][0]} ${groupLabel(dimension, g.key)} (${own}, ${pull})`;
}

/** Who drove a change: the groups named and the mix part, or that it is spread over the groups. */
function drivers(analysis, unit) {
  const {dimension, decomposition} = analysis;
  if (dimension && analysis.drivers.length)
    return `Nổi bật: ${analysis.drivers.map((g) => driverText(dimension, unit, g)).join(", ")}; phần do cơ cấu giữa ${
      dimensionNames[dimension][1]
    } thay đổi: ${formatSignedKpiChange(unit, decomposition.mix_effect)}`;
  if (analysis.spread) return "Thay đổi dàn đều, không kênh, nhóm sản phẩm, kỹ thuật viên hay khu vực nào nổi bật";
  return "";
}

function changeSentence(kpis, analysis) {
  const unit = unitOf(kpis, analysis.id);
  let text = `So với ${formatMonth(analysis.change.month).toLowerCase()}, ${lower(labelOf(kpis, analysis.id))} ${movement(
    unit,
    analysis.change
  )}, vượt mức dao động thông thường (${band(unit, analysis)})`;
  if (analysis.signal?.rule === "outside_limits") text += `; giá trị tháng này nằm ngoài giới hạn kiểm soát`;
  const who = drivers(analysis, unit);
  return `${text}.${who ? ` ${who}.` : ""}`;
}

function volumeSentence(item) {
  const {coverage} = item;
  const tickets = item.tickets ? `tiếp nhận ${formatKpi("count", item.tickets)} phiếu` : "không tiếp nhận phiếu nào";
  let text = `${formatMonth(item.month)} ${tickets}`;
  if (coverage.partial)
    text += ` (tháng chưa đủ: dữ liệu từ ${formatDay(coverage.from)} đến ${formatDay(
      coverage.to
    )}, nên chưa so sánh với các tháng khác)`;
  text += ".";
  if (!coverage.holidays_known)
    text += ` Chưa khai báo ngày lễ năm ${item.month.slice(0, 4)}: giờ làm việc tính không trừ ngày lễ.`;
  return text;
}

/**
 * The month's summary as sentences. `kpis` is the registry's catalogue (labels, units), `items` the summary's
 * items in order. Every figure is one the report shows elsewhere, formatted the same way.
 */
export function summaryText(items, kpis) {
  const sentences = [];
  const onTargets = items.some((i) => i.code === "missed" || i.code === "all_met");
  const notMeasured = items.find((i) => i.code === "not_measured");
  const notMeasuredClause = notMeasured
    ? `Chưa đo được (không tính là đạt hay không đạt): ${names(kpis, notMeasured.ids)}.`
    : "";
  for (const item of items) {
    if (item.code === "volume") sentences.push(volumeSentence(item));
    else if (item.code === "missed") {
      const each = item.kpis.map((k) => {
        const unit = unitOf(kpis, k.id);
        const value = `${formatKpiAgainst(unit, k.value, k.target)}${k.provisional ? " (tạm tính)" : ""}`;
        return `${labelOf(kpis, k.id)} ${value}, mục tiêu ${formatTarget(k.target, unit)}`;
      });
      sentences.push(`Chưa đạt mục tiêu: ${each.join("; ")}.${notMeasuredClause ? ` ${notMeasuredClause}` : ""}`);
    } else if (item.code === "all_met")
      sentences.push(`Các chỉ số đo được đều đạt mục tiêu.${notMeasuredClause ? ` ${notMeasuredClause}` : ""}`);
    else if (item.code === "not_measured" && !onTargets) sentences.push(notMeasuredClause);
    else if (item.code === "unsettled")
      sentences.push(
        `${names(kpis, item.ids)} còn tạm tính, nhiều trường hợp còn trong thời gian theo dõi: chưa so sánh với các tháng khác.`
      );
    else if (item.code === "change") sentences.push(changeSentence(kpis, item.analysis));
    else if (item.code === "last_year") {
      const each = item.analyses.map((a) => {
        const unit = unitOf(kpis, a.id);
        const lead = a.drivers[0];
        const who = lead
          ? `, nổi bật ${dimensionNames[a.dimension][0]} ${groupLabel(a.dimension, lead.key)} (${
              lead.effect < 0 ? "kéo giảm" : "kéo tăng"
            } ${formatKpiChange(unit, Math.abs(lead.effect))})`
          : "";
        return `${lower(labelOf(kpis, a.id))} ${movement(unit, a.change)}, ngưỡng ±${formatKpiChange(
          unit,
          a.change.limit
        )}${who}`;
      });
      sentences.push(
        `So với cùng kỳ năm trước (${formatMonth(item.analyses[0].change.month).toLowerCase()}), vượt mức dao động thông thường: ${each.join(
          "; "
        )}.`
      );
    } else if (item.code === "last_year_quiet")
      sentences.push(
        `So với cùng kỳ năm trước (${formatMonth(item.month).toLowerCase()}), không chỉ số nào thay đổi vượt mức dao động thông thường.`
      );
    else if (item.code === "signals")
      sentences.push(
        `Tín hiệu xấu đi so với các tháng trước: ${item.kpis
          .map(({id, signal}) => `${labelOf(kpis, id)} — ${signalWords(signal)}`)
          .join("; ")}.`
      );
    else if (item.code === "noise") {
      const parts = [];
      if (item.more.length)
        parts.push(`cũng vượt mức dao động thông thường: ${names(kpis, item.more)} (xem Phân tích thay đổi)`);
      if (item.quiet.length)
        parts.push(
          `${item.told || item.more.length ? "các thay đổi khác" : "các thay đổi"} nằm trong mức dao động thông thường, không cần giải thích`
        );
      if (item.unknown.length) parts.push(`chưa đủ số liệu các tháng trước để đánh giá: ${names(kpis, item.unknown)}`);
      if (parts.length) sentences.push(`So với tháng trước, ${parts.join("; ")}.`);
    }
  }
  return sentences;
}
