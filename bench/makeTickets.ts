import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { Random } from "../loaders/demo/random.ts";
import { csvLine, viDateTime } from "../loaders/demo/exports.ts";

const channels = ["Hotline", "Zalo", "Email", "Website", "Shopee", "Facebook", "Tiki"];
const types = ["Bảo hành", "Sửa chữa", "Bảo trì", "Tư vấn kỹ thuật", "Khiếu nại", "Hợp đồng mới"];
const warranty = ["Còn bảo hành", "Hết bảo hành", "Hợp đồng"];
const family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const given = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan", "Thanh Tùng"];

/**
 * The columns of the benchmark export: 16 of the centre's export (loaders/demo/exports.ts), in its
 * form (UTF-8 with BOM, CRLF, dd/mm/yyyy HH:mm, amounts as "1.250.000"), ~200 bytes a row.
 */
const headers = [
  "Mã phiếu",
  "Ngày tiếp nhận",
  "Kênh",
  "Phân loại",
  "Mã KH",
  "Tên KH",
  "Số serial",
  "Tình trạng BH",
  "Nơi sửa chữa",
  "Thời điểm phản hồi",
  "Ngày nhận máy",
  "Ngày sửa xong",
  "Ngày đóng",
  "Kết quả",
  "Chi phí",
  "Đánh giá",
];

/** A large ticket export in the centre's layout and date forms, every value valid, streamed to disk. */
export async function writeBenchTickets(path: string, rows: number, seed = 1): Promise<void> {
  const random = new Random(seed);
  const out = createWriteStream(path);
  out.write("\ufeff" + csvLine(headers, ",") + "\r\n");
  const start = Date.UTC(2023, 0, 1);
  let buffer = "";
  for (let i = 0; i < rows; i++) {
    const received = new Date(start + Math.floor(random.next() * 3 * 365 * 86_400_000));
    const response = new Date(received.getTime() + random.int(5, 600) * 60_000);
    const got = new Date(response.getTime() + random.int(30, 1440) * 60_000);
    const repaired = new Date(got.getTime() + random.int(60, 7200) * 60_000);
    const onsite = random.chance(0.3);
    const customer = random.int(1, 5000);
    const cells = [
      `P${String(i + 1).padStart(7, "0")}`,
      viDateTime(received),
      random.pick(channels),
      random.pick(types),
      `KH${customer}`,
      `${family[customer % family.length]} ${given[(customer >> 3) % given.length]}`,
      `SN${random.int(1, 400000)}`,
      random.pick(warranty),
      onsite ? "Tại chỗ" : "Trung tâm",
      viDateTime(response),
      onsite ? "" : viDateTime(got),
      viDateTime(repaired),
      viDateTime(repaired),
      "Đã sửa",
      (random.int(0, 500) * 10_000).toLocaleString("vi-VN"),
      random.chance(0.6) ? random.int(1, 5) : "",
    ];
    buffer += csvLine(cells, ",") + "\r\n";
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "close");
}
