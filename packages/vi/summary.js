// The executive summary (loaders/kpi/summary.ts) in Vietnamese sentences: the engine returns items with codes and
// figures; the page, its PDF and the e-mail all say them with `summaryText`, so every surface has the same words.
import {codeLabel, formatMonth} from "./format.js";
import {coverageNotes, formatKpi, formatKpiChange, formatTarget} from "./kpi.js";

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

/** A signed change: "+1,2 điểm %", "−3 phút" (a real minus sign). */
export function formatSignedChange(unit, delta) {
  const size = formatKpiChange(unit, Math.abs(delta));
  // A change that rounds to nothing has no sign: "−0 điểm %" would read as a loss.
  if (/^0(\D|$)/.test(size) && !/^0,/.test(size)) return size;
  return `${delta > 0 ? "+" : "−"}${size}`;
}

export const ruleText = {
  outside_limits: "nằm ngoài giới hạn kiểm soát",
  run_of_8: "8 tháng liên tiếp cùng phía đường trung tâm",
  trend_of_6: "6 tháng liên tiếp cùng chiều"
};

const list = (parts) => parts.join("; ");
const labelOf = (kpis, id) => kpis.find((k) => k.id === id)?.label ?? id;
const unitOf = (kpis, id) => kpis.find((k) => k.id === id)?.unit ?? "count";

/** "giảm 8,3 điểm % (95,8% → 87,5%)". */
function movement(unit, change, provisional = false) {
  const verb = change.delta > 0 ? "tăng" : change.delta < 0 ? "giảm" : "không đổi";
  const word = change.direction === "better" ? ", tốt lên" : change.direction === "worse" ? ", xấu đi" : "";
  const to = `${formatKpi(unit, change.to)}${provisional ? " tạm tính" : ""}`;
  return `${verb} ${formatKpiChange(unit, Math.abs(change.delta))} (${formatKpi(unit, change.from)} → ${to}${word})`;
}

/** "kênh Email (tỷ lệ riêng 93,1% → 20,5%, góp −8,9 điểm %)". */
function driverText(dimension, unit, g) {
  const own =
    g.share_from === null
      ? `mới có trong tháng, ${formatKpi(unit, g.share_to)}`
      : g.share_to === null
        ? `không còn trong tháng, trước đó ${formatKpi(unit, g.share_from)}`
        : `tỷ lệ riêng ${formatKpi(unit, g.share_from)} → ${formatKpi(unit, g.share_to)}`;
  return `${dimensionNames[dimension][0]} ${groupLabel(dimension, g.key)} (${own}, góp ${formatSignedChange(
    unit,
    g.effect
  )})`;
}

function changeSentence(kpis, analysis) {
  const {change, signal, dimension, decomposition, drivers} = analysis;
  const unit = unitOf(kpis, analysis.id);
  const against = change.against === "previous_month" ? `So với ${formatMonth(change.month).toLowerCase()}` : "";
  let text = `${against}, ${labelOf(kpis, analysis.id)} ${movement(unit, change, analysis.provisional)}, vượt ngưỡng dao động ±${formatKpiChange(
    unit,
    change.limit
  )} của biểu đồ kiểm soát`;
  if (signal?.rule === "outside_limits") text += `; giá trị của tháng ${ruleText.outside_limits} của 12 tháng trước`;
  if (dimension && drivers.length) {
    text += `. Đóng góp lớn nhất: ${drivers.map((g) => driverText(dimension, unit, g)).join(", ")}`;
    text += `; thay đổi cơ cấu giữa ${dimensionNames[dimension][1]} góp ${formatSignedChange(
      unit,
      decomposition.mix_effect
    )}`;
  }
  return `${text}.`;
}

/**
 * The month's summary as sentences. `kpis` is the registry's catalogue (labels, units), `items` the summary's
 * items in order. Every figure is one the report shows elsewhere, formatted the same way.
 */
export function summaryText(items, kpis) {
  const sentences = [];
  const missedOrMet = items.find((i) => i.code === "missed" || i.code === "all_met");
  const notMeasured = items.find((i) => i.code === "not_measured");
  const notMeasuredClause = notMeasured
    ? `Chưa đo được (không tính là đạt hay không đạt): ${notMeasured.ids.map((id) => labelOf(kpis, id)).join(", ")}.`
    : "";
  for (const item of items) {
    if (item.code === "volume")
      sentences.push(`${formatMonth(item.month)} tiếp nhận ${formatKpi("count", item.tickets)} phiếu.`);
    else if (item.code === "coverage") sentences.push(coverageNotes(item.coverage).join(" "));
    else if (item.code === "missed")
      sentences.push(
        `Chưa đạt mục tiêu: ${list(
          item.kpis.map(
            (k) =>
              `${labelOf(kpis, k.id)} ${formatKpi(unitOf(kpis, k.id), k.value)}${k.provisional ? " tạm tính" : ""} (mục tiêu ${formatTarget(
                k.target,
                unitOf(kpis, k.id)
              )})`
          )
        )}.${notMeasuredClause ? ` ${notMeasuredClause}` : ""}`
      );
    else if (item.code === "all_met")
      sentences.push(`Mọi chỉ số có mục tiêu đều đạt.${notMeasuredClause ? ` ${notMeasuredClause}` : ""}`);
    else if (item.code === "not_measured" && !missedOrMet) sentences.push(notMeasuredClause);
    else if (item.code === "change") sentences.push(changeSentence(kpis, item.analysis));
    else if (item.code === "last_year")
      sentences.push(
        `So với cùng kỳ năm trước (${formatMonth(item.changes[0].change.month).toLowerCase()}), vượt ngưỡng dao động: ${list(
          item.changes.map(
            ({id, change, provisional}) =>
              `${labelOf(kpis, id)} ${movement(unitOf(kpis, id), change, provisional)}, ngưỡng ±${formatKpiChange(
                unitOf(kpis, id),
                change.limit
              )}`
          )
        )}.`
      );
    else if (item.code === "signals")
      sentences.push(
        `Tín hiệu xấu đi so với 12 tháng trước: ${item.kpis
          .map(({id, signal}) => `${labelOf(kpis, id)} (${ruleText[signal.rule]})`)
          .join(", ")}.`
      );
    else if (item.code === "noise")
      sentences.push(
        `${
          item.others ? "Các thay đổi khác" : "Các thay đổi"
        } so với tháng trước nằm trong ngưỡng dao động ngẫu nhiên (giới hạn kiểm soát 3 sigma tính trên 12 tháng trước), không phải tín hiệu cần giải thích.`
      );
  }
  return sentences;
}
