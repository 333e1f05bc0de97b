import type { Targets } from "./targets.ts";
import { completedOutcomes, countedRepairSql, inList, repairStartSql, returnTypes, satisfiedFrom } from "./facts.ts";
import { raw, sql, type Sql } from "../sql/compose.ts";
import { workingMinutesPerDay } from "./calendar.ts";

/**
 * The KPI registry: every KPI Haumai reports, declared once. The monthly KPIs, the cards and
 * trends, the breakdowns, the annual review, the definitions page, the CLI tables, the XLSX
 * sheets and the PDF all read this list; adding a KPI is one entry here and its test.
 */

/** How a value reads: a share (0–1), working minutes, calendar minutes, or a count. */
export type Unit = "share" | "minutes" | "calendar_minutes" | "count";
/** Which way is better; a neutral KPI (volume) has no good or bad direction. */
export type Better = "higher" | "lower" | "neutral";
/**
 * The month a case belongs to: when the ticket was received, the device repaired, the ticket
 * closed (or the device delivered), the device delivered; or the state at the month's last moment.
 */
export type Basis = "received" | "repaired" | "closed" | "delivered" | "promised" | "month_end";
/** Headline KPIs get a card; supporting ones appear in trends, the review and the tables. */
export type Role = "headline" | "supporting";

export interface Target {
  /** min: the value must reach it (≥); max: the value must stay under it (≤). */
  bound: "min" | "max";
  value: number;
}

/** An aggregate over a KPI's cases: rows meeting a condition, or the median, P90 or mean of an expression. */
export type Aggregate = { count: Sql } | { median: Sql } | { p90: Sql } | { mean: Sql };

/**
 * What a KPI computes over the rows of its basis in one month (or one group of a month):
 * `where` picks the cases and n counts them; a share is the cases meeting `x` over n, anything else
 * is `value`. `details` are the figures shown beside the KPI (medians in the other clock, P90, counts).
 * Conditions and expressions are row-level SQL, so one query per basis computes every KPI on it.
 */
export interface Measure {
  where: Sql;
  x?: Sql;
  value?: Aggregate;
  details?: Record<string, Aggregate>;
}

export interface KpiSpec {
  id: string;
  /**
   * KPIs measuring the same part of the service (the response, the repair, the backlog…): a Board change decided
   * for one of them changes the process they all measure, so their control charts all start a new phase there.
   */
  family: string;
  label: string;
  unit: Unit;
  better: Better;
  basis: Basis;
  role: Role;
  /** The clock its durations use: working time depends on the holiday calendar covering the month. */
  clock: "working" | "calendar" | null;
  /** The control chart of the annual review: p for shares (binomial), XmR for times and counts. */
  chart: "p" | "xmr";
  /**
   * Columns it cannot be measured without; an inner list names alternatives (any one will do).
   * When none of a needed column's values is in the data, the KPI is "not measured: column missing".
   */
  needs: (string | string[])[];
  /** Fewer cases than this in a month: not measured (too few to judge); null: any number of cases. */
  minCases: (t: Targets) => number | null;
  target: (t: Targets) => Target | null;
  measure: (t: Targets) => Measure;
  /** Shown in the breakdown tables of the monthly report. */
  breakdown: boolean;
  /** The definitions page: how it is computed, which month it counts in, what is shown. */
  definition: (t: Targets) => { formula: string; month: string; figures: string; sql?: string };
}

const minimum = (t: Targets) => t.minimumCases;
const always = () => null;
const all = { count: raw("true") };
const median = (expr: string) => ({ median: raw(expr) });
const p90 = (expr: string) => ({ p90: raw(expr) });
const rows = (condition: string) => ({ count: raw(condition) });
const hours = (minutes: number) => `${minutes / 60} giờ làm việc`;
const days = (minutes: number) => `${minutes / workingMinutesPerDay} ngày làm việc`;

export const kpiRegistry: KpiSpec[] = [
  {
    id: "tickets_received",
    family: "volume",
    label: "Phiếu tiếp nhận",
    unit: "count",
    better: "neutral",
    basis: "received",
    role: "headline",
    clock: null,
    chart: "xmr",
    needs: [],
    minCases: always,
    target: () => null,
    measure: () => ({ where: raw("true"), value: all }),
    breakdown: true,
    definition: () => ({
      formula: "Số phiếu dịch vụ tiếp nhận.",
      month: "Tháng tiếp nhận (giờ Việt Nam).",
      figures: "Số phiếu; so với tháng trước và cùng kỳ năm trước.",
    }),
  },
  {
    id: "response_time",
    family: "response",
    label: "Đáp ứng trong mục tiêu",
    unit: "share",
    better: "higher",
    basis: "received",
    role: "headline",
    clock: "working",
    chart: "p",
    needs: ["first_response_at"],
    minCases: minimum,
    target: (t) => ({ bound: "min", value: t.response_time.withinShare }),
    // The target minutes come from targets.json: bound, never spliced.
    measure: (t) => ({
      where: raw("response_working_minutes >= 0"),
      x: sql`response_working_minutes <= ${t.response_time.withinWorkingMinutes}`,
      details: {
        median_working_minutes: median("response_working_minutes"),
        median_calendar_minutes: median("response_calendar_minutes"),
        p90_working_minutes: p90("response_working_minutes"),
      },
    }),
    breakdown: false,
    definition: (t) => ({
      formula: "Thời điểm phản hồi đầu tiên − thời điểm tiếp nhận (sửa tại chỗ: đến khi kỹ thuật viên có mặt).",
      month: "Tháng tiếp nhận (giờ Việt Nam).",
      figures: `Tỷ lệ phiếu đáp ứng trong ${hours(t.response_time.withinWorkingMinutes)}; trung vị (hai đồng hồ), bách phân vị 90. Phiếu có thời điểm phản hồi trước tiếp nhận: thời điểm đó bị bỏ khi nạp.`,
    }),
  },
  {
    id: "response_median",
    family: "response",
    label: "Thời gian đáp ứng (trung vị)",
    unit: "minutes",
    better: "lower",
    basis: "received",
    role: "supporting",
    clock: "working",
    chart: "xmr",
    needs: ["first_response_at"],
    minCases: minimum,
    target: () => null,
    measure: () => ({
      where: raw("response_working_minutes >= 0"),
      value: median("response_working_minutes"),
      details: { median_calendar_minutes: median("response_calendar_minutes") },
    }),
    breakdown: true,
    definition: () => ({
      formula: "Trung vị của thời gian đáp ứng theo giờ làm việc.",
      month: "Tháng tiếp nhận.",
      figures: "Trung vị giờ làm việc; trung vị lịch bên cạnh.",
    }),
  },
  {
    id: "repair_time",
    family: "repair",
    label: "Sửa xong trong mục tiêu",
    unit: "share",
    better: "higher",
    basis: "repaired",
    role: "headline",
    clock: "working",
    chart: "p",
    needs: ["repaired_at", "request_type"],
    minCases: minimum,
    target: (t) => ({ bound: "min", value: t.repair_time.withinShare }),
    measure: (t) => ({
      where: raw(countedRepairSql),
      x: sql`repair_working_minutes <= ${t.repair_time.withinWorkingMinutes}`,
      details: {
        median_working_minutes: median("repair_working_minutes"),
        median_calendar_minutes: median("repair_calendar_minutes"),
        p90_working_minutes: p90("repair_working_minutes"),
      },
    }),
    breakdown: false,
    definition: (t) => ({
      formula: "Ngày sửa xong − ngày nhận máy (sửa tại chỗ: − thời điểm tiếp nhận).",
      month: "Tháng sửa xong.",
      figures: `Tỷ lệ sửa xong trong ${days(t.repair_time.withinWorkingMinutes)} (phiếu bảo hành, sửa chữa, bảo trì); trung vị, bách phân vị 90.`,
      sql: repairStartSql("t"),
    }),
  },
  {
    id: "repair_median",
    family: "repair",
    label: "Thời gian sửa chữa (trung vị)",
    unit: "minutes",
    better: "lower",
    basis: "repaired",
    role: "supporting",
    clock: "working",
    chart: "xmr",
    needs: ["repaired_at", "request_type"],
    minCases: minimum,
    target: () => null,
    measure: () => ({
      where: raw(countedRepairSql),
      value: median("repair_working_minutes"),
      details: { median_calendar_minutes: median("repair_calendar_minutes") },
    }),
    breakdown: true,
    definition: () => ({
      formula: "Trung vị của thời gian sửa chữa theo giờ làm việc.",
      month: "Tháng sửa xong.",
      figures: "Trung vị giờ làm việc; trung vị lịch bên cạnh.",
    }),
  },
  {
    id: "repair_net",
    family: "repair",
    label: "Sửa chữa trừ thời gian chờ (trung vị, lịch)",
    unit: "calendar_minutes",
    better: "lower",
    basis: "repaired",
    role: "headline",
    clock: "calendar",
    chart: "xmr",
    needs: ["on_hold_hours", "repaired_at", "request_type"],
    minCases: minimum,
    target: () => null,
    // The on-hold time is recorded in calendar hours, so the net figure is in calendar time too;
    // the gross figure of the same repairs stands beside it.
    measure: () => ({
      where: raw(`${countedRepairSql} AND on_hold_hours IS NOT NULL AND repair_calendar_minutes >= 0`),
      value: median("greatest(repair_calendar_minutes - on_hold_hours * 60, 0)"),
      details: {
        gross_calendar_minutes: median("repair_calendar_minutes"),
        on_hold_calendar_minutes: median("on_hold_hours * 60"),
      },
    }),
    breakdown: false,
    definition: () => ({
      formula: "Thời gian sửa chữa (lịch) − thời gian chờ (chờ linh kiện, tạm dừng), không âm.",
      month: "Tháng sửa xong.",
      figures: "Trung vị thời gian thuần và trung vị thời gian gộp của cùng các phiếu; chỉ phiếu có ghi thời gian chờ.",
    }),
  },
  {
    id: "resolution_time",
    family: "resolution",
    label: "Thời gian giải quyết (trung vị)",
    unit: "minutes",
    better: "lower",
    basis: "closed",
    role: "headline",
    clock: "working",
    chart: "xmr",
    needs: ["closed_at"],
    minCases: minimum,
    target: () => null,
    measure: () => ({
      where: raw("resolution_working_minutes >= 0"),
      value: median("resolution_working_minutes"),
      details: {
        median_calendar_minutes: median("resolution_calendar_minutes"),
        p90_working_minutes: p90("resolution_working_minutes"),
      },
    }),
    breakdown: false,
    definition: () => ({
      formula: "Thời điểm đóng phiếu − thời điểm tiếp nhận (thời gian giải quyết trọn vẹn).",
      month: "Tháng đóng phiếu.",
      figures: "Trung vị giờ làm việc, trung vị lịch, bách phân vị 90.",
    }),
  },
  {
    id: "resolution_net",
    family: "resolution",
    label: "Giải quyết trừ thời gian chờ (trung vị, lịch)",
    unit: "calendar_minutes",
    better: "lower",
    basis: "closed",
    role: "headline",
    clock: "calendar",
    chart: "xmr",
    needs: ["on_hold_hours", "closed_at"],
    minCases: minimum,
    target: () => null,
    // Event logs record waiting (on the user, a vendor, a change window) but no repair: their net figure is this one.
    measure: () => ({
      where: raw("on_hold_hours IS NOT NULL AND resolution_calendar_minutes >= 0"),
      value: median("greatest(resolution_calendar_minutes - on_hold_hours * 60, 0)"),
      details: {
        gross_calendar_minutes: median("resolution_calendar_minutes"),
        on_hold_calendar_minutes: median("on_hold_hours * 60"),
      },
    }),
    breakdown: false,
    definition: () => ({
      formula: "Thời gian giải quyết (lịch) − thời gian chờ khách hàng, nhà cung cấp hay linh kiện, không âm.",
      month: "Tháng đóng phiếu.",
      figures: "Trung vị thời gian thuần và trung vị thời gian gộp của cùng các phiếu; chỉ phiếu có ghi thời gian chờ.",
    }),
  },
  {
    id: "turnaround",
    family: "turnaround",
    label: "Thời gian trả máy (trung vị)",
    unit: "minutes",
    better: "lower",
    basis: "received",
    role: "headline",
    clock: "working",
    chart: "xmr",
    needs: ["delivered_at"],
    minCases: minimum,
    target: () => null,
    measure: () => ({
      where: raw("turnaround_working_minutes IS NOT NULL"),
      value: median("turnaround_working_minutes"),
      details: { median_calendar_minutes: median("turnaround_calendar_minutes") },
    }),
    breakdown: false,
    definition: () => ({
      formula: "Ngày trả máy − thời điểm tiếp nhận.",
      month: "Tháng tiếp nhận.",
      figures: "Trung vị giờ làm việc và lịch.",
    }),
  },
  {
    id: "on_time_return",
    family: "on_time_return",
    label: "Trả máy đúng hẹn",
    unit: "share",
    better: "higher",
    // The month the promise falls due: a device past its promise and still at the centre is already late.
    basis: "promised",
    role: "headline",
    clock: null,
    chart: "p",
    needs: ["promised_at"],
    minCases: minimum,
    target: (t) => ({ bound: "min", value: t.on_time_return.share }),
    measure: () => ({
      where: raw("on_time IS NOT NULL"),
      x: raw("on_time"),
      details: { late: rows("NOT on_time") },
    }),
    breakdown: false,
    definition: () => ({
      formula:
        "Phiếu trả máy không muộn hơn ngày hẹn trả / phiếu đã đến hạn hẹn (đã trả máy, hoặc quá hạn mà chưa trả — tính là trễ). Ngày hẹn không ghi giờ: trả trong ngày đó là đúng hẹn.",
      month: "Tháng của ngày hẹn trả; hẹn sau thời điểm cuối của dữ liệu mà chưa trả máy thì chưa tính.",
      figures: "Tỷ lệ đúng hẹn, số phiếu trễ hẹn (kể cả chưa trả).",
    }),
  },
  {
    id: "fix_rate",
    family: "fix_rate",
    label: "Sửa chữa triệt để",
    unit: "share",
    better: "higher",
    basis: "repaired",
    role: "headline",
    clock: null,
    chart: "p",
    // A return is a new warranty or repair ticket: without request types no return can be seen, and 100% would lie.
    needs: ["serial_no", "outcome", "request_type"],
    minCases: minimum,
    target: (t) => ({ bound: "min", value: t.fix_rate.share }),
    measure: () => ({
      where: raw(`outcome IN (${inList(completedOutcomes)}) AND serial_no IS NOT NULL`),
      x: raw("returned_at IS NULL"),
      details: {
        returned: rows("returned_at IS NOT NULL"),
        in_window: rows("returned_at IS NULL AND window_open"),
      },
    }),
    breakdown: true,
    definition: (t) => ({
      formula: `Thiết bị sửa xong (kết quả ${completedOutcomes.join(", ")}) mà số serial không quay lại bằng phiếu ${returnTypes.join(" hoặc ")} mới trong ${t.repeatWindowDays} ngày kể từ ngày trả máy.`,
      month: `Tháng sửa xong. Tháng có thiết bị chưa hết ${t.repeatWindowDays} ngày theo dõi là tạm tính, kèm số thiết bị còn trong thời gian theo dõi.`,
      figures:
        "Số sửa xong, số sửa triệt để, số quay lại, tỷ lệ. Phiếu tư vấn, khiếu nại, hợp đồng không tính là quay lại; phiếu sửa không có số serial không tính.",
    }),
  },
  {
    id: "satisfaction",
    family: "satisfaction",
    label: "Chỉ số hài lòng",
    unit: "share",
    better: "higher",
    basis: "closed",
    role: "headline",
    clock: null,
    chart: "p",
    needs: ["csat"],
    minCases: minimum,
    target: (t) => ({ bound: "min", value: t.satisfaction.index }),
    measure: () => ({
      where: raw("csat IS NOT NULL"),
      x: sql`csat >= ${satisfiedFrom}`,
      details: { mean: { mean: raw("csat") } },
    }),
    breakdown: true,
    definition: () => ({
      formula: `Tỷ lệ đánh giá ${satisfiedFrom}–5 điểm trong số phiếu có đánh giá (thang 1–5).`,
      month: "Tháng đóng phiếu.",
      figures:
        "Chỉ số, điểm trung bình, số đánh giá n, khoảng tin cậy 95% Wilson. Ô trống là chưa đánh giá, không phải 0.",
    }),
  },
  {
    id: "complaint_rate",
    family: "complaint_rate",
    label: "Tỷ lệ khiếu nại",
    unit: "share",
    better: "lower",
    basis: "received",
    role: "headline",
    clock: null,
    chart: "p",
    needs: ["request_type"],
    minCases: minimum,
    target: (t) => ({ bound: "max", value: t.complaint_rate.max }),
    // Among classified tickets: a ticket whose type is unknown is neither a complaint nor not one.
    measure: () => ({
      where: raw("request_type IS NOT NULL"),
      x: raw("request_type = 'complaint'"),
    }),
    breakdown: false,
    definition: () => ({
      formula: "Số phiếu khiếu nại / số phiếu tiếp nhận đã phân loại (phiếu chưa rõ loại không tính vào mẫu số).",
      month: "Tháng tiếp nhận.",
      figures: "Số khiếu nại, tỷ lệ; khiếu nại còn mở cuối tháng.",
    }),
  },
  {
    id: "backlog_end",
    family: "backlog",
    label: "Tồn đọng cuối tháng",
    unit: "count",
    better: "lower",
    basis: "month_end",
    role: "headline",
    clock: null,
    chart: "xmr",
    needs: [["closed_at", "delivered_at"]],
    minCases: always,
    target: () => null,
    measure: () => ({
      where: raw("true"),
      value: all,
      details: {
        "0-2": rows("age_days <= 2"),
        "3-7": rows("age_days BETWEEN 3 AND 7"),
        "8-14": rows("age_days BETWEEN 8 AND 14"),
        "15-30": rows("age_days BETWEEN 15 AND 30"),
        ">30": rows("age_days > 30"),
      },
    }),
    breakdown: false,
    definition: () => ({
      formula:
        "Phiếu đã tiếp nhận mà chưa đóng (chưa có ngày đóng hay ngày trả máy) tại thời điểm cuối kỳ, theo tuổi: 0–2, 3–7, 8–14, 15–30, trên 30 ngày.",
      month: "Thời điểm 24:00 ngày cuối tháng (tháng dữ liệu dừng giữa chừng: thời điểm cuối của dữ liệu).",
      figures: "Tổng tồn đọng và số phiếu theo tuổi.",
    }),
  },
  {
    id: "backlog_over30",
    family: "backlog",
    label: "Tồn đọng quá 30 ngày",
    unit: "count",
    better: "lower",
    basis: "month_end",
    role: "headline",
    clock: null,
    chart: "xmr",
    needs: [["closed_at", "delivered_at"]],
    minCases: always,
    target: (t) => ({ bound: "max", value: t.backlog.maxOver30Days }),
    measure: () => ({ where: raw("age_days > 30"), value: all }),
    breakdown: false,
    definition: () => ({
      formula: "Phiếu tồn đọng cuối tháng đã tiếp nhận quá 30 ngày.",
      month: "Thời điểm 24:00 ngày cuối tháng (tháng dữ liệu dừng giữa chừng: thời điểm cuối của dữ liệu).",
      figures: "Số phiếu.",
    }),
  },
];

/** What pages, the CLI and the report writers need to know of a KPI to show it: no SQL. */
export interface KpiInfo {
  id: string;
  family: string;
  label: string;
  unit: Unit;
  better: Better;
  basis: Basis;
  role: Role;
  clock: KpiSpec["clock"];
  chart: KpiSpec["chart"];
  needs: KpiSpec["needs"];
  min_cases: number | null;
  target: Target | null;
  breakdown: boolean;
}

export function kpiCatalogue(targets: Targets): KpiInfo[] {
  return kpiRegistry.map((k) => ({
    id: k.id,
    family: k.family,
    label: k.label,
    unit: k.unit,
    better: k.better,
    basis: k.basis,
    role: k.role,
    clock: k.clock,
    chart: k.chart,
    needs: k.needs,
    min_cases: k.minCases(targets),
    target: k.target(targets),
    breakdown: k.breakdown,
  }));
}

export function kpiById(id: string): KpiSpec {
  const spec = kpiRegistry.find((k) => k.id === id);
  if (!spec) throw new Error(`unknown KPI ${id}`);
  return spec;
}
