import type { ExportSpec } from "./fields.ts";

/** Ticket exports (design.md §3): header aliases in Vietnamese with or without tone marks, and English. */
export const ticketSpec: ExportSpec = {
  kind: "tickets",
  key: "ticket_id",
  requiredColumns: ["ticket_id", "received_at"],
  fields: [
    { name: "ticket_id", type: "text", required: true, aliases: ["mã phiếu", "số phiếu", "mã phiếu dịch vụ", "số phiếu dịch vụ", "mã yêu cầu", "số yêu cầu", "ticket id", "ticket no", "ticket number", "ticket"] },
    { name: "received_at", type: "timestamp", required: true, aliases: ["ngày tiếp nhận", "thời điểm tiếp nhận", "thời gian tiếp nhận", "ngày nhận yêu cầu", "ngày tạo", "received at", "received", "created at", "created date"] },
    { name: "channel", type: "coded", vocabulary: "channel", unknown: "other", aliases: ["kênh", "kênh tiếp nhận", "nguồn tiếp nhận", "channel", "source"] },
    { name: "request_type", type: "coded", vocabulary: "request_type", unknown: "reject", aliases: ["phân loại", "loại yêu cầu", "phân loại yêu cầu", "loại phiếu", "request type", "type"] },
    { name: "customer_id", type: "text", aliases: ["mã kh", "mã khách hàng", "customer id", "customer code"] },
    { name: "customer_name", type: "text", personal: true, aliases: ["tên kh", "tên khách hàng", "khách hàng", "customer name", "customer"] },
    { name: "customer_segment", type: "text", aliases: ["nhóm kh", "nhóm khách hàng", "phân khúc", "customer segment", "segment"] },
    { name: "region", type: "text", aliases: ["khu vực", "vùng", "miền", "region"] },
    { name: "product_model", type: "text", aliases: ["model", "model máy", "mã máy", "product model"] },
    { name: "product_category", type: "text", aliases: ["nhóm sp", "nhóm sản phẩm", "loại sản phẩm", "dòng sản phẩm", "product category", "category"] },
    { name: "serial_no", type: "text", aliases: ["số serial", "serial", "serial no", "serial number", "imei", "số máy", "sn", "s n"] },
    { name: "warranty_status", type: "coded", vocabulary: "warranty_status", unknown: "reject", aliases: ["tình trạng bh", "tình trạng bảo hành", "warranty status"] },
    { name: "service_location", type: "coded", vocabulary: "service_location", unknown: "reject", aliases: ["nơi sửa chữa", "địa điểm sửa chữa", "hình thức sửa chữa", "service location", "location"] },
    { name: "first_response_at", type: "timestamp", aliases: ["thời điểm phản hồi", "thời gian phản hồi", "phản hồi đầu tiên", "ngày phản hồi", "first response at", "first response"] },
    { name: "product_received_at", type: "timestamp", aliases: ["ngày nhận máy", "thời điểm nhận máy", "product received at"] },
    { name: "repaired_at", type: "timestamp", aliases: ["ngày sửa xong", "thời điểm sửa xong", "repaired at"] },
    { name: "delivered_at", type: "timestamp", aliases: ["ngày trả máy", "thời điểm trả máy", "ngày giao máy", "delivered at"] },
    // The day the centre promised the customer the device back: usually a date without a time, so a
    // return on that day is on time (compared by day, like every date-only milestone).
    { name: "promised_at", type: "timestamp", aliases: ["ngày hẹn trả", "hẹn trả", "ngày hẹn trả máy", "ngày hẹn", "hẹn trả khách", "promised date", "promised at", "due date", "committed date"] },
    { name: "closed_at", type: "timestamp", aliases: ["ngày đóng", "ngày đóng phiếu", "thời điểm đóng", "closed at", "closed date"] },
    // Resolved (work done, waiting for the customer's confirmation or the automatic close) is not closed; event logs give both.
    { name: "resolved_at", type: "timestamp", aliases: ["ngày giải quyết", "thời điểm giải quyết", "resolved at", "resolved date"] },
    // Hours the ticket waited on someone outside the centre (user, vendor, a change window): kept for a repair time net of it.
    { name: "on_hold_hours", type: "amount", max: 100_000, aliases: ["thời gian chờ (giờ)", "giờ chờ", "thời gian chờ linh kiện (giờ)", "giờ chờ linh kiện", "on hold hours"] },
    { name: "technician", type: "text", aliases: ["kỹ thuật viên", "ktv", "người sửa", "technician"] },
    { name: "outcome", type: "coded", vocabulary: "outcome", unknown: "reject", aliases: ["kết quả", "kết quả sửa chữa", "outcome", "result"] },
    { name: "fault", type: "text", aliases: ["lỗi", "mô tả lỗi", "mã lỗi", "fault", "fault code"] },
    { name: "charge_vnd", type: "amount", max: 10_000_000_000, aliases: ["chi phí", "chi phí vnd", "chi phí sửa chữa", "phí dịch vụ", "charge", "charge vnd", "amount"] },
    { name: "csat", type: "score", min: 1, max: 5, aliases: ["đánh giá", "điểm đánh giá", "đánh giá dịch vụ", "csat", "rating"] },
    { name: "csat_comment", type: "text", aliases: ["nhận xét", "ý kiến khách hàng", "nhận xét của khách hàng", "csat comment", "comment", "feedback"] },
  ],
  order: [
    { later: "first_response_at", earlier: "received_at" },
    { later: "product_received_at", earlier: "received_at" },
    { later: "repaired_at", earlier: "product_received_at" },
    { later: "repaired_at", earlier: "received_at", unless: "product_received_at" },
    { later: "delivered_at", earlier: "repaired_at" },
    { later: "closed_at", earlier: "received_at" },
    // A promise before the request even arrived is a typo (or a date in the wrong order), not a broken promise.
    { later: "promised_at", earlier: "received_at" },
    { later: "resolved_at", earlier: "received_at" },
  ],
};
