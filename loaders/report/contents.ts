import type { Warehouse } from "../warehouse/database.ts";
import { monthlyReportData, breakdownDimensions } from "../kpi/monthlyReport.ts";
import { monthlyKpis } from "../kpi/monthly.ts";
import { loadTargets } from "../kpi/targets.ts";
import { annualReview } from "../review/annual.ts";
import { loadDecisions } from "../review/decisions.ts";
import { waveSummary } from "../survey/analysis.ts";
import { flatten, type Figures } from "./manifest.ts";
import type { SheetSpec } from "./workbook.ts";
import { codeLabel, formatMonth, shiftMonth } from "../../src/components/format.js";

/** What one report file set holds: the page to print, the figures to track, the workbook's sheets. */
export interface ReportContents {
  title: string;
  page: string;
  figures: Figures;
  sheets: SheetSpec[];
}

const kpiRows = (label: string, key: string, kind: "integer" | "percent" | "minutes") => ({ label, key, kind });

export async function monthContents(warehouse: Warehouse, month: string): Promise<ReportContents | undefined> {
  const targets = loadTargets();
  // The page lists the ten worst cases of each kind; the workbook carries every one of them.
  const data = await monthlyReportData(warehouse, { targets, cases: 1_000_000 });
  const k = data.months.find((m) => m.month === month);
  if (!k) return undefined;
  const prev = data.months.find((m) => m.month === shiftMonth(month, -1));
  const year = data.months.find((m) => m.month === shiftMonth(month, -12));
  const get = (m: typeof k | undefined, path: string) => (m ? (flatten(m)[path] ?? null) : null);
  const headline = [
    kpiRows("Phiếu tiếp nhận", "tickets_received", "integer"),
    kpiRows("Đáp ứng trong mục tiêu (tỷ lệ)", "response_time.within_target_share", "percent"),
    kpiRows("Đáp ứng: trung vị (phút làm việc)", "response_time.median_working_minutes", "minutes"),
    kpiRows("Sửa xong trong mục tiêu (tỷ lệ)", "repair_time.within_target_share", "percent"),
    kpiRows("Sửa chữa: trung vị (phút làm việc)", "repair_time.median_working_minutes", "minutes"),
    kpiRows("Sửa chữa triệt để (tỷ lệ)", "fix_rate.share", "percent"),
    kpiRows("Chỉ số hài lòng", "satisfaction.index", "percent"),
    kpiRows("Tỷ lệ khiếu nại", "complaint_rate", "percent"),
    kpiRows("Tồn đọng cuối tháng", "backlog_end", "integer"),
  ].map((r) => ({ kpi: r.label, figure: r.key, value: get(k, r.key), previous: get(prev, r.key), last_year: get(year, r.key), kind: r.kind }));
  const inMonth = (rows: Record<string, unknown>[]) => rows.filter((r) => r.month === month);
  const sheets: SheetSpec[] = [
    { name: "Chỉ số chính", columns: [{ key: "kpi", header: "Chỉ số" }, { key: "value", header: formatMonth(month), kind: "number" }, { key: "previous", header: "Tháng trước", kind: "number" }, { key: "last_year", header: "Cùng kỳ năm trước", kind: "number" }, { key: "figure", header: "Mã số liệu" }],
      rows: headline },
    ...Object.entries(breakdownDimensions).map(([dimension, label]) => ({
      name: label,
      columns: [{ key: "key", header: label }, { key: "tickets", header: "Phiếu", kind: "integer" as const }, { key: "response_median", header: "Đáp ứng TV (phút LV)", kind: "minutes" as const }, { key: "repair_median", header: "Sửa chữa TV (phút LV)", kind: "minutes" as const }, { key: "satisfaction", header: "Hài lòng", kind: "percent" as const }],
      rows: inMonth(data.breakdowns).filter((r) => r.dimension === dimension).map((r) => ({ ...r, key: ["technician", "product_category", "customer_segment", "region"].includes(dimension) ? r.key : codeLabel(r.key === "(trống)" ? null : (r.key as string)) })),
    })),
    { name: "Sửa lại", columns: [{ key: "serial_no", header: "Số serial" }, { key: "product_model", header: "Model" }, { key: "technician", header: "KTV" }, { key: "ticket_id", header: "Phiếu sửa" }, { key: "return_ticket_id", header: "Phiếu quay lại" }, { key: "days_to_return", header: "Sau (ngày)", kind: "integer" }], rows: inMonth(data.exceptions.repeats) },
    { name: "Sửa lâu nhất", columns: [{ key: "ticket_id", header: "Phiếu" }, { key: "product_category", header: "Nhóm SP" }, { key: "technician", header: "KTV" }, { key: "repair_working_minutes", header: "Phút LV", kind: "minutes" }, { key: "repair_calendar_minutes", header: "Phút lịch", kind: "minutes" }], rows: inMonth(data.exceptions.longestRepairs) },
    { name: "Đáp ứng trễ", columns: [{ key: "ticket_id", header: "Phiếu" }, { key: "channel", header: "Kênh" }, { key: "request_type", header: "Loại" }, { key: "response_working_minutes", header: "Phút LV", kind: "minutes" }], rows: inMonth(data.exceptions.responseBreaches) },
    { name: "Khiếu nại mở", columns: [{ key: "ticket_id", header: "Phiếu" }, { key: "customer_id", header: "Mã KH" }, { key: "channel", header: "Kênh" }, { key: "received_at", header: "Tiếp nhận", kind: "date" }, { key: "age_days", header: "Tuổi (ngày)", kind: "integer" }], rows: inMonth(data.exceptions.openComplaints) },
    { name: "Theo ngày", columns: [{ key: "day", header: "Ngày", kind: "date" }, { key: "tickets", header: "Phiếu", kind: "integer" }, { key: "complaints", header: "Khiếu nại", kind: "integer" }], rows: inMonth(data.daily) },
  ];
  return { title: `Báo cáo tổng kết ${formatMonth(month)}`, page: `/bao-cao-thang?month=${month}`, figures: flatten(k), sheets };
}

export async function yearContents(warehouse: Warehouse, year: number): Promise<ReportContents | undefined> {
  const targets = loadTargets();
  const months = await monthlyKpis(warehouse, { targets });
  if (!months.some((m) => m.month.startsWith(`${year}-`))) return undefined;
  const review = annualReview(months, year, targets);
  const decisions = loadDecisions().filter((d) => d.year === year);
  const share = (k: { unit: string }) => (k.unit === "share" ? "percent" : k.unit === "minutes" ? "minutes" : "number");
  const sheets: SheetSpec[] = [
    { name: "Tóm tắt", columns: [{ key: "name", header: "Chỉ số" }, { key: "annual", header: `Năm ${year}`, kind: "number" }, { key: "previous_annual", header: `Năm ${year - 1}`, kind: "number" }, { key: "target", header: "Mục tiêu", kind: "number" }, { key: "months_met", header: "Tháng đạt", kind: "integer" }, { key: "verdict", header: "Đề xuất" }, { key: "reason", header: "Lý do" }, { key: "decision", header: "Quyết định BGĐ" }],
      rows: review.kpis.map((k) => ({ ...k, verdict: k.verdict === "keep" ? "Phù hợp: giữ chính sách" : "Chưa phù hợp: đề xuất thay đổi", decision: decisions.find((d) => d.kpi === k.id)?.decision ?? "" })) },
    { name: "12 tháng", columns: [{ key: "name", header: "Chỉ số" }, ...Array.from({ length: 12 }, (_, i) => ({ key: `m${i + 1}`, header: `T${i + 1}`, kind: "number" as const }))],
      rows: review.kpis.map((k) => ({ name: k.name, kind: share(k), ...Object.fromEntries(k.months.map((v, i) => [`m${i + 1}`, v])) })) },
  ];
  return { title: `Xem xét chính sách hậu mãi năm ${year}`, page: `/xem-xet-nam?year=${year}`, figures: flatten(Object.fromEntries(review.kpis.map((k) => [k.id, { months: k.months, annual: k.annual, months_met: k.months_met, verdict: k.verdict }]))), sheets };
}

export async function waveContents(warehouse: Warehouse, wave: string): Promise<ReportContents | undefined> {
  const s = await waveSummary(warehouse, wave);
  if (s.responses === 0) return undefined;
  const sheets: SheetSpec[] = [
    { name: "Tổng quan", columns: [{ key: "label", header: "Chỉ số" }, { key: "value", header: wave, kind: "number" }, { key: "n", header: "n", kind: "integer" }],
      rows: [
        { label: "Phiếu phản hồi", value: s.responses, n: s.responses, kind: "integer" },
        { label: "Tỷ lệ phản hồi", value: s.response_rate, n: s.customers_listed, kind: "percent" },
        { label: "Chỉ số hài lòng", value: s.satisfaction.index, n: s.satisfaction.n, kind: "percent" },
        { label: "NPS", value: s.nps.score, n: s.nps.n, kind: "number" },
        { label: "Khách hàng cần gọi lại", value: s.follow_up.length, n: s.responses, kind: "integer" },
      ] },
    { name: "Câu hỏi", columns: [{ key: "id", header: "Mã" }, { key: "text", header: "Câu hỏi" }, { key: "dimension_label", header: "Khía cạnh" }, { key: "n", header: "n", kind: "integer" }, { key: "mean", header: "Điểm TB", kind: "number" }, { key: "top2", header: "Top-2", kind: "percent" }], rows: s.questions },
    { name: "Khía cạnh", columns: [{ key: "label", header: "Khía cạnh" }, { key: "n", header: "n", kind: "integer" }, { key: "mean", header: "Điểm TB (1–5)", kind: "number" }, { key: "top2", header: "Top-2", kind: "percent" }], rows: s.dimensions },
    { name: "Yếu tố tác động", columns: [{ key: "id", header: "Mã" }, { key: "text", header: "Câu hỏi" }, { key: "r", header: "r", kind: "number" }, { key: "top2", header: "Top-2", kind: "percent" }], rows: s.drivers },
    { name: "Cần gọi lại", columns: [{ key: "customer_id", header: "Mã KH" }, { key: "customer_name", header: "Khách hàng" }, { key: "overall", header: "Hài lòng chung", kind: "integer" }, { key: "nps", header: "Giới thiệu", kind: "integer" }, { key: "low_questions", header: "Câu chấm thấp" }, { key: "comment", header: "Góp ý" }], rows: s.follow_up },
    { name: "Góp ý", columns: [{ key: "customer_id", header: "Mã KH" }, { key: "overall", header: "Hài lòng chung", kind: "integer" }, { key: "comment", header: "Góp ý" }], rows: s.comments },
  ];
  const { comments: _c, follow_up, ...figures } = s;
  return { title: `Khảo sát hài lòng đợt ${wave}`, page: `/khao-sat?wave=${wave}`, figures: flatten({ ...figures, follow_up: follow_up.length }), sheets };
}
