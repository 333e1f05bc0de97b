import { basename } from "node:path";
import { formatKpi, formatKpiAgainst, formatMonth, formatStamp, formatTarget, statusLabels } from "@haumai/vi";
import type { Figures } from "../report/manifest.ts";
import type { KpiInfo } from "../kpi/registry.ts";
import type { KpiAlert } from "./alerts.ts";

/**
 * The words of the e-mails: subjects and plain-text bodies in Vietnamese. Plain text because the body is read in
 * every mail client and on phones the same way; the PDF attached is the formatted report.
 */

export type ReportKind = "month" | "year" | "wave";

/** "2026-09" → "09/2026", the way the centre writes a month in a subject line. */
const monthNumber = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/** An instant (ISO text) as Vietnamese wall time: "05/10/2026 08:12". Vietnam keeps UTC+7 all year. */
export const vietnamTime = (iso: string) =>
  formatStamp(new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " "));

/** "Báo cáo tổng kết tháng 09/2026": what the mail is, for its subject and its first sentence. */
export function reportName(kind: ReportKind, period: string): string {
  return kind === "month"
    ? `Báo cáo tổng kết tháng ${monthNumber(period)}`
    : kind === "year"
      ? `Xem xét chính sách hậu mãi năm ${period}`
      : `Phân tích khảo sát hài lòng đợt ${period}`;
}

export const reportSubject = (kind: ReportKind, period: string, company: string) =>
  `${reportName(kind, period)} — ${company}`;

/**
 * When the report has no summary sentences: the month's headline KPIs from the issued figures, each with its
 * status, so that the mail still says how the month went.
 */
function headlineLines(figures: Figures, catalogue: KpiInfo[]): string[] {
  return catalogue
    .filter((k) => k.role === "headline" && figures[`kpis.${k.id}.status`] !== undefined)
    .map((k) => {
      const status = figures[`kpis.${k.id}.status`] as keyof typeof statusLabels;
      const value = figures[`kpis.${k.id}.value`] as number | null;
      if (status === "not_measured") return `- ${k.label}: chưa đo được`;
      const target = k.target ? ` (mục tiêu ${formatTarget(k.target, k.unit)})` : "";
      const verdict = statusLabels[status] ? ` — ${statusLabels[status].toLowerCase()}` : "";
      return `- ${k.label}: ${formatKpiAgainst(k.unit, value, k.target)}${target}${verdict}`;
    });
}

export interface ReportMailInput {
  kind: ReportKind;
  period: string;
  summary: string[];
  figures: Figures;
  catalogue: KpiInfo[];
  issuedAt: string;
  attachments: string[];
  company: string;
}

export function reportBody(input: ReportMailInput): string {
  const summary = input.summary.map((s) => s.trim()).filter(Boolean);
  const name = reportName(input.kind, input.period);
  const fallback = summary.length === 0 && input.kind === "month" ? headlineLines(input.figures, input.catalogue) : [];
  const lines = [
    "Kính gửi anh/chị,",
    "",
    `${input.company} gửi ${name.charAt(0).toLowerCase()}${name.slice(1)}.`,
    "",
    ...(summary.length
      ? ["Tóm tắt:", ...summary.map((s) => `- ${s}`)]
      : fallback.length
        ? ["Các chỉ số chính:", ...fallback]
        : []),
    ...(summary.length || fallback.length ? [""] : []),
    `Đính kèm: ${input.attachments.map((a) => basename(a)).join(", ")} (bản PDF để đọc và in, bảng tính XLSX chứa số liệu).`,
    `Báo cáo phát hành lúc ${vietnamTime(input.issuedAt)}.`,
    "",
    "--",
    "Thư gửi tự động từ Haumai. Thư chỉ được gửi lại khi số liệu của báo cáo thay đổi.",
  ];
  return lines.join("\n") + "\n";
}

/** One alert as a line, for the terminal and the mail alike. */
export function alertLine(a: KpiAlert): string {
  const value = formatKpiAgainst(a.unit, a.value, a.target);
  const reasons: string[] = [];
  if (a.missed) reasons.push(`không đạt mục tiêu ${formatTarget(a.target, a.unit)}`);
  if (a.signal) {
    const rule = {
      outside_limits: "ngoài giới hạn kiểm soát",
      run_of_8: "8 tháng liền cùng một phía đường trung tâm",
      trend_of_6: "6 tháng liền cùng chiều",
    }[a.signal.rule];
    const limits =
      a.signal.rule === "outside_limits"
        ? ` ${formatKpi(a.unit, a.signal.lower)} – ${formatKpi(a.unit, a.signal.upper)}`
        : `, trung tâm ${formatKpi(a.unit, a.signal.centre)}`;
    reasons.push(
      `tín hiệu bất thường, ${a.signal.direction === "up" ? "tăng" : "giảm"} theo hướng xấu (${rule}${limits})`,
    );
  }
  return `- ${a.label}: ${value}${a.provisional ? " (tạm tính)" : ""} — ${reasons.join("; ")}`;
}

export function alertSubject(month: string, count: number, company: string): string {
  return `Cảnh báo chỉ số hậu mãi tháng ${monthNumber(month)}: ${count} chỉ số cần chú ý — ${company}`;
}

export function alertBody(month: string, alerts: KpiAlert[], checkedAt: string, partial: boolean): string {
  return (
    [
      "Kính gửi anh/chị,",
      "",
      `Kiểm tra lúc ${vietnamTime(checkedAt)}, ${formatMonth(month).toLowerCase()}` +
        `${partial ? " (tháng chưa đủ dữ liệu, số liệu còn thay đổi)" : ""} có ${alerts.length} chỉ số cần chú ý:`,
      "",
      ...alerts.map(alertLine),
      "",
      "Chi tiết: trang Báo cáo tổng kết tháng trên dashboard, hoặc lệnh `npx haumai kpi --month " + month + "`.",
      "",
      "--",
      "Thư gửi tự động từ Haumai (haumai check). Thư mới chỉ được gửi khi danh sách cảnh báo thay đổi.",
    ].join("\n") + "\n"
  );
}
