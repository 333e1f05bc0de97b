import { sqlString } from "../text/foldKey.ts";

/**
 * Why a row was not used, in the words of the person who has to fix the export.
 * `{detail}` is filled from the reject's detail (first line of a duplicate, the earlier
 * milestone, DuckDB's own message for a malformed row).
 */
export const rejectMessages: Record<string, string> = {
  missing_key: "Thiếu mã (khóa) của dòng — không thể nhận diện phiếu",
  missing_required: "Thiếu giá trị bắt buộc",
  bad_date: "Không đọc được ngày giờ (dùng dd/mm/yyyy [HH:mm[:ss]], yyyy-mm-dd, ISO 8601 hoặc số ngày Excel)",
  bad_number: "Không phải là số",
  out_of_range: "Điểm nằm ngoài thang đo {detail} (hoặc không phải số nguyên)",
  negative_amount: "Số tiền âm",
  unknown_value: "Giá trị không có trong danh mục — thêm vào tệp ánh xạ (--mapping) nếu đúng",
  bad_wave: "Không đọc được đợt khảo sát (dạng 2026-H1)",
  duplicate_key_in_file: "Trùng mã với một dòng trước trong cùng tệp (dòng {detail})",
  first_response_before_received: "Thời điểm phản hồi trước thời điểm tiếp nhận ({detail})",
  product_received_before_received: "Ngày nhận máy trước thời điểm tiếp nhận ({detail})",
  repaired_before_product_received: "Ngày sửa xong trước ngày nhận máy ({detail})",
  repaired_before_received: "Ngày sửa xong trước thời điểm tiếp nhận ({detail})",
  delivered_before_repaired: "Ngày trả máy trước ngày sửa xong ({detail})",
  closed_before_received: "Ngày đóng phiếu trước thời điểm tiếp nhận ({detail})",
  resolved_before_received: "Thời điểm giải quyết trước thời điểm tiếp nhận ({detail})",
  malformed_row: "Dòng sai cấu trúc CSV: {detail}",
};

/** SQL that turns (reason, detail) columns into the Vietnamese message. */
export function rejectMessageSql(reason: string, detail: string): string {
  const arms = Object.entries(rejectMessages)
    .map(([code, text]) => `WHEN ${sqlString(code)} THEN replace(${sqlString(text)}, '{detail}', coalesce(${detail}, ''))`)
    .join(" ");
  return `CASE ${reason} ${arms} ELSE ${reason} END`;
}
