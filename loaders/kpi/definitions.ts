import { readFileSync } from "node:fs";
import { defaultHolidaysPath, workingHours, workingMinutesPerDay } from "./calendar.ts";
import { completedOutcomes, returnTypes, repairStartSql } from "./facts.ts";
import type { Targets } from "./targets.ts";

/**
 * The KPI definitions as the definitions page prints them. Each `rule` restates what
 * facts.ts and monthly.ts compute; the SQL fragments shown are taken from those modules.
 */
export function kpiDefinitions(targets: Targets) {
  return [
    {
      id: "response_time",
      name: "Thời gian đáp ứng dịch vụ",
      formula: "Thời điểm phản hồi đầu tiên − thời điểm tiếp nhận (sửa tại chỗ: đến khi kỹ thuật viên có mặt).",
      month: "Tháng tiếp nhận (giờ Việt Nam).",
      figures: "Trung vị, bách phân vị 90, tỷ lệ phiếu đáp ứng trong mục tiêu; phiếu có thời điểm phản hồi trước tiếp nhận bị loại khi nạp.",
      target: `≥ ${targets.response_time.withinShare * 100}% phiếu đáp ứng trong ${targets.response_time.withinWorkingMinutes} phút làm việc`,
    },
    {
      id: "repair_time",
      name: "Thời gian sửa chữa",
      formula: "Ngày sửa xong − ngày nhận máy (sửa tại chỗ: − thời điểm tiếp nhận). Thời gian trả máy = ngày trả máy − tiếp nhận.",
      month: "Tháng sửa xong.",
      figures: "Trung vị, bách phân vị 90, tỷ lệ sửa xong trong mục tiêu (phiếu bảo hành, sửa chữa, bảo trì).",
      target: `≥ ${targets.repair_time.withinShare * 100}% sửa xong trong ${targets.repair_time.withinWorkingMinutes} phút làm việc (${targets.repair_time.withinWorkingMinutes / workingMinutesPerDay} ngày làm việc)`,
      sql: repairStartSql("t"),
    },
    {
      id: "fix_rate",
      name: "Tỷ lệ thiết bị được sửa chữa triệt để",
      formula: `Thiết bị sửa xong (kết quả ${completedOutcomes.join(", ")}) mà số serial không quay lại bằng phiếu ${returnTypes.join(" hoặc ")} mới trong ${targets.repeatWindowDays} ngày kể từ ngày trả máy.`,
      month: `Tháng sửa xong. Tháng có thiết bị chưa hết ${targets.repeatWindowDays} ngày theo dõi là tạm tính, kèm số thiết bị còn trong thời gian theo dõi.`,
      figures: "Số sửa xong, số sửa triệt để, số quay lại, tỷ lệ. Phiếu tư vấn, khiếu nại, hợp đồng không tính là quay lại; phiếu sửa không có số serial không tính.",
      target: `≥ ${targets.fix_rate.share * 100}%`,
    },
    {
      id: "satisfaction",
      name: "Chỉ số hài lòng",
      formula: "Tỷ lệ đánh giá 4–5 điểm trong số phiếu có đánh giá (thang 1–5).",
      month: "Tháng đóng phiếu.",
      figures: "Chỉ số, điểm trung bình, số đánh giá n, khoảng tin cậy 95% Wilson. Ô trống là chưa đánh giá, không phải 0.",
      target: `≥ ${targets.satisfaction.index * 100}%`,
    },
    {
      id: "backlog",
      name: "Tồn đọng",
      formula: "Phiếu đã tiếp nhận mà chưa đóng tại thời điểm cuối kỳ, theo tuổi: 0–2, 3–7, 8–14, 15–30, trên 30 ngày.",
      month: "Thời điểm 24:00 ngày cuối tháng.",
      figures: "Tổng tồn đọng và số phiếu theo tuổi.",
      target: `≤ ${targets.backlog.maxOver30Days} phiếu tồn quá 30 ngày`,
    },
    {
      id: "complaint_rate",
      name: "Tỷ lệ khiếu nại",
      formula: "Số phiếu khiếu nại / tổng số phiếu tiếp nhận.",
      month: "Tháng tiếp nhận.",
      figures: "Số khiếu nại, tỷ lệ; khiếu nại còn mở cuối tháng.",
      target: `≤ ${targets.complaint_rate.max * 100}%`,
    },
  ];
}

export function calendarDescription(holidaysPath = defaultHolidaysPath) {
  const holidays = readFileSync(holidaysPath, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [date, ...name] = line.split(",");
      return { date, name: name.join(",") };
    });
  return { workingHours, workingMinutesPerDay, holidays };
}
