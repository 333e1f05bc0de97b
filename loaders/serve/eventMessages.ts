import { isAbsolute, relative } from "node:path";
import type { ServeEvent } from "./siteUpdater.ts";

/** Paths in the project as the person typed them (data/inbox/…), others in full. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

const nf = new Intl.NumberFormat("vi-VN");
const seconds = (ms: number) => `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(ms / 1000)} s`;

/** What the server says about its work, one or more lines per event, in Vietnamese (logs/serve.log and the console). */
export function describeEvent(event: ServeEvent): string[] {
  switch (event.type) {
    case "ingest":
      return event.outcomes.map((o) => {
        const file = shown(o.file);
        // Unusable-file errors already start with the file's path; say it once.
        const error = (o.error ?? "không rõ").replace(`${o.file}: `, "");
        if (o.status === "failed")
          return `✘ nạp ${file}: lỗi — ${error} (máy chủ vẫn chạy; sửa tệp rồi chép lại vào hộp thư)`;
        if (o.status === "skipped") return `↷ ${file}: đã nạp trước đó (cùng nội dung), bỏ qua`;
        return `✔ nạp ${file}: đọc ${nf.format(o.rowsRead)} = nhận ${nf.format(o.rowsAccepted)} + loại ${nf.format(o.rowsRejected)}`;
      });
    case "database-busy":
      return [`… cơ sở dữ liệu đang bận, ${event.files.length} tệp chờ nạp lại sau: ${event.message}`];
    case "build-start":
      return [`⟳ dựng trang (${event.reason})${event.replacing ? "; trang cũ vẫn được phục vụ đến khi xong" : ""}`];
    case "build-done":
      return [`✔ trang mới sau ${seconds(event.durationMs)}: ${shown(event.dir)}`];
    case "build-failed":
      return [`✘ dựng trang lỗi, vẫn phục vụ bản trước: ${event.message}`];
  }
}
