import type { Warehouse } from "../warehouse/database.ts";
import { monthlyReportData, breakdownDimensions } from "../kpi/monthlyReport.ts";
import { monthlyKpis } from "../kpi/monthly.ts";
import { loadTargets } from "../kpi/targets.ts";
import { annualReview } from "../review/annual.ts";
import { loadDecisions, phaseStarts } from "../review/decisions.ts";
import { waveSummary } from "../survey/analysis.ts";
import { flatten, type Figures } from "./manifest.ts";
import type { CellKind, SheetSpec } from "./workbook.ts";
import { kpiCatalogue, type Unit } from "../kpi/registry.ts";
import type { MonthKpis } from "../kpi/monthly.ts";
import {
  changeEffectText,
  changeSignalLabels,
  coverageNotes,
  formatDay,
  formatMonth,
  formatTarget,
  shiftMonth,
  reviewCoverageNotes,
  statusText,
  summaryText,
  groupLabel,
  dimensionNames,
  verdictLabels,
  verdictText,
} from "@haumai/vi";

/** What one report file set holds: the page to print, the figures to track, the workbook's sheets. */
export interface ReportContents {
  title: string;
  page: string;
  figures: Figures;
  sheets: SheetSpec[];
  /** The executive summary's sentences (a month's report): the top of its page, and the body of its e-mail. */
  summary?: string[];
}

/** A KPI unit as a workbook cell format: shares as percentages, times as minutes, counts as integers. */
const cellKind = (unit: Unit): CellKind => (unit === "share" ? "percent" : unit === "count" ? "integer" : "minutes");
/** Minutes in a workbook are raw minutes: the header says which clock. */
const unitSuffix = (unit: Unit) =>
  unit === "minutes" ? " (phút LV)" : unit === "calendar_minutes" ? " (phút lịch)" : "";

export async function monthContents(warehouse: Warehouse, month: string): Promise<ReportContents | undefined> {
  const targets = loadTargets();
  // The page lists the ten worst cases of each kind; the workbook carries every one of them.
  const data = await monthlyReportData(warehouse, {
    targets,
    cases: 1_000_000,
    month,
    phases: phaseStarts(loadDecisions()),
  });
  const k = data.months.find((m) => m.month === month);
  if (!k) return undefined;
  const prev = data.months.find((m) => m.month === shiftMonth(month, -1));
  const year = data.months.find((m) => m.month === shiftMonth(month, -12));
  // A KPI not measured in a month has no figure in the workbook: its status says why.
  const valueOf = (m: MonthKpis | undefined, id: string) => {
    const r = m?.kpis[id];
    return r && r.status !== "not_measured" ? r.value : null;
  };
  const catalogue = kpiCatalogue(targets);
  const headline = catalogue.map((info) => ({
    kpi: info.label + unitSuffix(info.unit),
    figure: info.id,
    value: valueOf(k, info.id),
    previous: valueOf(prev, info.id),
    last_year: valueOf(year, info.id),
    n: k.kpis[info.id].n,
    target: formatTarget(info.target, info.unit),
    status: statusText(k.kpis[info.id]),
    kind: cellKind(info.unit),
  }));
  const breakdownKpis = catalogue.filter((info) => info.breakdown);
  const breakdownColumns = breakdownKpis.flatMap((info) => [
    { key: info.id, header: info.label + unitSuffix(info.unit), kind: cellKind(info.unit) },
    ...(info.unit === "share" ? [{ key: `${info.id}_n`, header: "n", kind: "integer" as const }] : []),
  ]);
  const inMonth = (rows: Record<string, unknown>[]) => rows.filter((r) => r.month === month);
  const monthSummary = data.summaries.find((s) => s.month === month);
  const summary = monthSummary ? summaryText(monthSummary.items, catalogue) : [];
  // The groups behind each change the summary names: the page's "Phân tích thay đổi", every group.
  // Shares only (times and counts have no groups to trace), so every figure of the sheet is a percentage.
  const contributions = (monthSummary?.analyses ?? []).flatMap((a) => {
    if (!a.decomposition || !a.dimension) return [];
    const info = catalogue.find((c) => c.id === a.id)!;
    const kpi = `${info.label} — ${a.change.against === "previous_month" ? "so với tháng trước" : "so với cùng kỳ"}`;
    const by = dimensionNames[a.dimension][0];
    const overall = {
      kpi,
      dimension: by,
      group: "Cộng",
      n_from: a.decomposition.n_from,
      n_to: a.decomposition.n_to,
      from: a.change.from,
      to: a.change.to,
      rate_effect: a.decomposition.rate_effect,
      mix_effect: a.decomposition.mix_effect,
      effect: a.change.delta,
      limit: a.change.limit,
    };
    const groups = a.decomposition.groups.map((g) => ({
      kpi,
      dimension: by,
      group: groupLabel(a.dimension, g.key),
      n_from: g.n_from,
      n_to: g.n_to,
      from: g.share_from,
      to: g.share_to,
      rate_effect: g.rate_effect,
      mix_effect: g.mix_effect,
      effect: g.effect,
    }));
    return [overall, ...groups];
  });
  const sheets: SheetSpec[] = [
    {
      name: "Tóm tắt",
      columns: [{ key: "sentence", header: `Tóm tắt cho Ban Giám đốc — ${formatMonth(month)}` }],
      rows: summary.map((sentence) => ({ sentence })),
    },
    {
      name: "Chỉ số chính",
      columns: [
        { key: "kpi", header: "Chỉ số" },
        { key: "value", header: formatMonth(month), kind: "number" },
        { key: "previous", header: "Tháng trước", kind: "number" },
        { key: "last_year", header: "Cùng kỳ năm trước", kind: "number" },
        { key: "target", header: "Mục tiêu" },
        { key: "status", header: "Đánh giá" },
        { key: "n", header: "n", kind: "integer" },
        { key: "figure", header: "Mã số liệu" },
      ],
      rows: headline,
    },
    {
      name: "Phạm vi dữ liệu",
      columns: [{ key: "note", header: "Ghi chú" }],
      rows: [
        { note: `Dữ liệu trong tháng: ${formatDay(k.coverage.from)} – ${formatDay(k.coverage.to)}` },
        ...coverageNotes(k.coverage).map((note) => ({ note })),
        ...catalogue
          .filter((info) => k.kpis[info.id].provisional)
          .map((info) => ({
            note: `${info.label} tạm tính: ${k.kpis[info.id].details.in_window} trường hợp còn trong ${targets.repeatWindowDays} ngày theo dõi.`,
          })),
      ],
    },
    ...Object.entries(breakdownDimensions).map(([dimension, label]) => ({
      name: label,
      columns: [{ key: "key", header: label }, ...breakdownColumns],
      rows: inMonth(data.breakdowns)
        .filter((r) => r.dimension === dimension)
        .map((r) => ({
          ...r,
          key: groupLabel(dimension, r.key as string),
        })),
    })),
    {
      name: "Sửa lại",
      columns: [
        { key: "serial_no", header: "Số serial" },
        { key: "product_model", header: "Model" },
        { key: "technician", header: "KTV" },
        { key: "ticket_id", header: "Phiếu sửa" },
        { key: "return_ticket_id", header: "Phiếu quay lại" },
        { key: "days_to_return", header: "Sau (ngày)", kind: "integer" },
      ],
      rows: inMonth(data.exceptions.repeats),
    },
    {
      name: "Sửa lâu nhất",
      columns: [
        { key: "ticket_id", header: "Phiếu" },
        { key: "product_category", header: "Nhóm SP" },
        { key: "technician", header: "KTV" },
        { key: "repair_working_minutes", header: "Phút LV", kind: "minutes" },
        { key: "repair_calendar_minutes", header: "Phút lịch", kind: "minutes" },
      ],
      rows: inMonth(data.exceptions.longestRepairs),
    },
    {
      name: "Đáp ứng trễ",
      columns: [
        { key: "ticket_id", header: "Phiếu" },
        { key: "channel", header: "Kênh" },
        { key: "request_type", header: "Loại" },
        { key: "response_working_minutes", header: "Phút LV", kind: "minutes" },
      ],
      rows: inMonth(data.exceptions.responseBreaches),
    },
    {
      name: "Khiếu nại mở",
      columns: [
        { key: "ticket_id", header: "Phiếu" },
        { key: "customer_id", header: "Mã KH" },
        { key: "channel", header: "Kênh" },
        { key: "received_at", header: "Tiếp nhận", kind: "date" },
        { key: "age_days", header: "Tuổi (ngày)", kind: "integer" },
      ],
      rows: inMonth(data.exceptions.openComplaints),
    },
    {
      name: "Phân tích thay đổi",
      columns: [
        { key: "kpi", header: "Chỉ số" },
        { key: "dimension", header: "Theo" },
        { key: "group", header: "Nhóm" },
        { key: "n_from", header: "Số ca trước", kind: "integer" },
        { key: "n_to", header: "Số ca tháng này", kind: "integer" },
        { key: "from", header: "Trước", kind: "percent" },
        { key: "to", header: "Tháng này", kind: "percent" },
        { key: "effect", header: "Góp vào thay đổi (điểm %)", kind: "percent" },
        { key: "rate_effect", header: "Do tỷ lệ của nhóm (điểm %)", kind: "percent" },
        { key: "mix_effect", header: "Do cơ cấu (điểm %)", kind: "percent" },
        { key: "limit", header: "Ngưỡng dao động ± (điểm %)", kind: "percent" },
      ],
      rows: contributions,
    },
    {
      name: "Theo ngày",
      columns: [
        { key: "day", header: "Ngày", kind: "date" },
        { key: "tickets", header: "Phiếu", kind: "integer" },
        { key: "complaints", header: "Khiếu nại", kind: "integer" },
      ],
      rows: inMonth(data.daily),
    },
  ];
  return {
    title: `Báo cáo tổng kết ${formatMonth(month)}`,
    page: `/bao-cao-thang?month=${month}`,
    figures: flatten({ coverage: k.coverage, kpis: k.kpis, summary }),
    sheets,
    summary,
  };
}

export async function yearContents(warehouse: Warehouse, year: number): Promise<ReportContents | undefined> {
  const targets = loadTargets();
  const months = await monthlyKpis(warehouse, { targets });
  if (!months.some((m) => m.month.startsWith(`${year}-`))) return undefined;
  const allDecisions = loadDecisions();
  const review = annualReview(months, year, targets, allDecisions);
  const decisions = allDecisions.filter((d) => d.year === year);
  const changed = review.kpis.filter((k) => k.change);
  const sheets: SheetSpec[] = [
    {
      name: "Tóm tắt",
      columns: [
        { key: "name", header: "Chỉ số" },
        { key: "annual", header: `Năm ${year}`, kind: "number" },
        { key: "previous_annual", header: `Năm ${year - 1}`, kind: "number" },
        { key: "target", header: "Mục tiêu", kind: "number" },
        { key: "months_met", header: "Tháng đạt", kind: "integer" },
        { key: "verdict", header: "Đề xuất" },
        { key: "reason", header: "Lý do" },
        { key: "decision", header: "Quyết định BGĐ" },
      ],
      rows: review.kpis.map((k) => ({
        ...k,
        name: k.label,
        kind: cellKind(k.unit),
        target: k.target?.value ?? null,
        verdict: verdictLabels[k.verdict],
        reason: verdictText(k),
        decision: decisions.find((d) => d.kpi === k.id)?.decision ?? "",
      })),
    },
    {
      name: "Phạm vi dữ liệu",
      columns: [{ key: "note", header: "Ghi chú" }],
      rows: [
        { note: `Tháng có dữ liệu trong năm: ${review.coverage.months}` },
        ...reviewCoverageNotes(year, review.coverage).map((note) => ({ note })),
      ],
    },
    {
      name: "12 tháng",
      columns: [
        { key: "name", header: "Chỉ số" },
        ...Array.from({ length: 12 }, (_, i) => ({ key: `m${i + 1}`, header: `T${i + 1}`, kind: "number" as const })),
      ],
      rows: review.kpis.map((k) => ({
        name: k.label,
        kind: cellKind(k.unit),
        ...Object.fromEntries(k.months.map((v, i) => [`m${i + 1}`, v])),
      })),
    },
    // The changes the Board decided at the previous review: before vs after their effective date.
    ...(changed.length
      ? [
          {
            name: "Trước - sau thay đổi",
            columns: [
              { key: "name", header: "Chỉ số" },
              { key: "effective", header: "Ngày hiệu lực", kind: "date" as const },
              { key: "before_months", header: "Tháng trước" },
              { key: "before", header: "Trước", kind: "number" as const },
              { key: "after_months", header: "Tháng sau" },
              { key: "after", header: "Sau", kind: "number" as const },
              { key: "delta", header: "Chênh lệch", kind: "number" as const },
              { key: "limit", header: "Ngưỡng (3 sigma)", kind: "number" as const },
              { key: "signal", header: "Kết luận" },
              { key: "text", header: "Diễn giải" },
            ],
            rows: changed.map((k) => {
              const c = k.change!;
              return {
                name: k.label,
                kind: cellKind(k.unit),
                effective: c.effective,
                before_months: `${formatMonth(c.before.from)} – ${formatMonth(c.before.to)} (${c.before.months})`,
                before: c.before.value,
                after_months: `${formatMonth(c.after.from)} – ${formatMonth(c.after.to)} (${c.after.months})`,
                after: c.after.value,
                delta: c.delta,
                limit: c.limit,
                signal: changeSignalLabels[c.signal],
                text: changeEffectText(c, k.unit),
              };
            }),
          },
        ]
      : []),
  ];
  return {
    title: `Xem xét chính sách hậu mãi năm ${year}`,
    page: `/xem-xet-nam?year=${year}`,
    figures: flatten(
      Object.fromEntries(
        review.kpis.map((k) => [
          k.id,
          { months: k.months, annual: k.annual, months_met: k.months_met, verdict: k.verdict },
        ]),
      ),
    ),
    sheets,
  };
}

export async function waveContents(warehouse: Warehouse, wave: string): Promise<ReportContents | undefined> {
  const s = await waveSummary(warehouse, wave);
  if (s.responses === 0) return undefined;
  const sheets: SheetSpec[] = [
    {
      name: "Tổng quan",
      columns: [
        { key: "label", header: "Chỉ số" },
        { key: "value", header: wave, kind: "number" },
        { key: "n", header: "n", kind: "integer" },
      ],
      rows: [
        { label: "Phiếu phản hồi", value: s.responses, n: s.responses, kind: "integer" },
        { label: "Tỷ lệ phản hồi", value: s.response_rate, n: s.customers_listed, kind: "percent" },
        { label: "Chỉ số hài lòng", value: s.satisfaction.index, n: s.satisfaction.n, kind: "percent" },
        { label: "NPS", value: s.nps.score, n: s.nps.n, kind: "number" },
        { label: "Khách hàng cần gọi lại", value: s.follow_up.length, n: s.responses, kind: "integer" },
      ],
    },
    {
      name: "Câu hỏi",
      columns: [
        { key: "id", header: "Mã" },
        { key: "text", header: "Câu hỏi" },
        { key: "dimension_label", header: "Khía cạnh" },
        { key: "n", header: "n", kind: "integer" },
        { key: "mean", header: "Điểm TB", kind: "number" },
        { key: "top2", header: "Top-2", kind: "percent" },
      ],
      rows: s.questions,
    },
    {
      name: "Khía cạnh",
      columns: [
        { key: "label", header: "Khía cạnh" },
        { key: "n", header: "n", kind: "integer" },
        { key: "mean", header: "Điểm TB (1–5)", kind: "number" },
        { key: "top2", header: "Top-2", kind: "percent" },
      ],
      rows: s.dimensions,
    },
    {
      name: "Yếu tố tác động",
      columns: [
        { key: "id", header: "Mã" },
        { key: "text", header: "Câu hỏi" },
        { key: "r", header: "r", kind: "number" },
        { key: "top2", header: "Top-2", kind: "percent" },
      ],
      rows: s.drivers,
    },
    {
      name: "Cần gọi lại",
      columns: [
        { key: "customer_id", header: "Mã KH" },
        { key: "customer_name", header: "Khách hàng" },
        { key: "overall", header: "Hài lòng chung", kind: "integer" },
        { key: "nps", header: "Giới thiệu", kind: "integer" },
        { key: "low_questions", header: "Câu chấm thấp" },
        { key: "comment", header: "Góp ý" },
      ],
      rows: s.follow_up,
    },
    {
      name: "Góp ý",
      columns: [
        { key: "customer_id", header: "Mã KH" },
        { key: "overall", header: "Hài lòng chung", kind: "integer" },
        { key: "comment", header: "Góp ý" },
      ],
      rows: s.comments,
    },
  ];
  const { comments: _c, follow_up, ...figures } = s;
  return {
    title: `Khảo sát hài lòng đợt ${wave}`,
    page: `/khao-sat?wave=${wave}`,
    figures: flatten({ ...figures, follow_up: follow_up.length }),
    sheets,
  };
}
