import { sqlString } from "../text/foldKey.ts";

/**
 * Why a row was not used, or what is wrong with one of its fields, in the words of the person
 * who has to fix the export.
 * `{detail}` is filled from the reject's detail (first line of a duplicate, the earlier
 * milestone, DuckDB's own message for a malformed row).
 */
export const rejectMessages: Record<string, string> = {
  missing_key: "Thiếu mã (khóa) của dòng — không thể nhận diện phiếu",
  missing_required: "Thiếu giá trị bắt buộc",
  bad_date: "Không đọc được ngày giờ (dùng dd/mm/yyyy [HH:mm[:ss]], yyyy-mm-dd, ISO 8601 hoặc số ngày Excel)",
  relative_date: 'Ngày tương đối ("2 tuần trước", "hôm qua"…): tệp không cho biết mốc để tính ra ngày',
  date_order_conflict: "Ngày trái với thứ tự ngày/tháng của cả tệp ({detail}): tháng lớn hơn 12",
  implausible_date: "Ngày không tin được (ngoài khoảng {detail})",
  two_digit_year: "Năm ghi 2 chữ số, đã đọc là năm 20xx (năm {detail})",
  bad_number: "Không phải là số",
  out_of_range: "Điểm nằm ngoài thang đo {detail} (hoặc không phải số nguyên)",
  negative_amount: "Số âm",
  implausible_amount: "Số quá lớn để tin được, có lẽ gõ thừa chữ số (trên {detail})",
  unknown_value: "Giá trị không có trong danh mục — thêm vào tệp ánh xạ rồi chạy haumai values --mapping TỆP",
  negated_value:
    'Giá trị mang nghĩa phủ định ("chưa…", "không…") của một giá trị trong danh mục — thêm vào tệp ánh xạ nếu cần',
  bad_wave: "Không đọc được đợt khảo sát (dạng 2026-H1)",
  duplicate_key_in_file: "Trùng mã với một dòng khác trong cùng tệp; giữ dòng {detail}",
  duplicate_row: "Dòng lặp lại y hệt một dòng khác trong cùng tệp (dòng {detail})",
  first_response_before_received: "Thời điểm phản hồi trước thời điểm tiếp nhận ({detail})",
  product_received_before_received: "Ngày nhận máy trước thời điểm tiếp nhận ({detail})",
  repaired_before_product_received: "Ngày sửa xong trước ngày nhận máy ({detail})",
  repaired_before_received: "Ngày sửa xong trước thời điểm tiếp nhận ({detail})",
  delivered_before_repaired: "Ngày trả máy trước ngày sửa xong ({detail})",
  closed_before_received: "Ngày đóng phiếu trước thời điểm tiếp nhận ({detail})",
  promised_before_received: "Ngày hẹn trả trước thời điểm tiếp nhận ({detail})",
  resolved_before_received: "Thời điểm giải quyết trước thời điểm tiếp nhận ({detail})",
  malformed_row: "Dòng sai cấu trúc CSV: {detail}",
  // Workbook cells with no usable value (cellMarks.ts); the value column holds the formula / the time.
  uncached_formula:
    "Ô chứa công thức chưa được Excel tính (không có giá trị lưu sẵn) — mở tệp trong Excel, lưu lại rồi xuất lại",
  time_only: "Ô chỉ có giờ, không có ngày (Excel hiển thị 30/12/1899) — nhập đủ ngày và giờ",
};

/** SQL that turns (reason, detail) columns into the Vietnamese message. */
export function rejectMessageSql(reason: string, detail: string): string {
  const arms = Object.entries(rejectMessages)
    .map(
      ([code, text]) => `WHEN ${sqlString(code)} THEN replace(${sqlString(text)}, '{detail}', coalesce(${detail}, ''))`,
    )
    .join(" ");
  return `CASE ${reason} ${arms} ELSE ${reason} END`;
}

/** A reason's message without the one row's detail, for tables that count rows by reason. */
export function reasonMessage(reason: string): string {
  const text = rejectMessages[reason];
  if (!text) return reason;
  return text
    .replace(/ \(\{detail\}\)|: \{detail\}|; giữ dòng \{detail\}| \{detail\}/g, "")
    .replace(/\{detail\}/g, "…");
}
