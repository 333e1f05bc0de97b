import { UsageError } from "./args.ts";
import { ingestCommand, ingestHelp } from "./ingest.ts";
import { demoCommand, demoHelp } from "./demo.ts";
import { kpiCommand, kpiHelp } from "./kpi.ts";
import { reviewCommand, reviewHelp } from "./review.ts";
import { surveyCommand, surveyHelp } from "./survey.ts";
import { reportCommand, reportHelp } from "./report.ts";
import { valuesCommand, valuesHelp } from "./values.ts";
import { serveCommand, serveHelp } from "./serve.ts";
import { DatabaseInUseError } from "../warehouse/database.ts";

const commands: Record<string, { run: (args: string[]) => Promise<number>; help: string; summary: string }> = {
  ingest: { run: ingestCommand, help: ingestHelp, summary: "nạp tệp xuất (phiếu dịch vụ, khảo sát, khách hàng) vào cơ sở dữ liệu" },
  values: { run: valuesCommand, help: valuesHelp, summary: "giá trị ngoài danh mục trong các phiếu đã nạp; phân loại lại từ tệp ánh xạ, không cần nạp lại" },
  kpi: { run: kpiCommand, help: kpiHelp, summary: "các chỉ số của một tháng (báo cáo tổng kết tháng), dạng bảng hoặc JSON" },
  review: { run: reviewCommand, help: reviewHelp, summary: "xem xét chính sách hậu mãi năm: từng chỉ số, biểu đồ kiểm soát, đề xuất giữ hay thay đổi" },
  survey: { run: surveyCommand, help: surveyHelp, summary: "phân tích một đợt khảo sát hài lòng: chỉ số, NPS, câu hỏi, yếu tố tác động, khách cần gọi lại" },
  report: { run: reportCommand, help: reportHelp, summary: "phát hành báo cáo tháng / năm / khảo sát thành PDF + XLSX + manifest, báo số liệu thay đổi" },
  serve: { run: serveCommand, help: serveHelp, summary: "phục vụ dashboard cho mạng nội bộ (đăng nhập), tự nạp tệp mới trong hộp thư và dựng lại trang" },
  demo: { run: demoCommand, help: demoHelp, summary: "tạo dữ liệu mẫu (phiếu 2+ năm, 4 đợt khảo sát) và nạp vào cơ sở dữ liệu" },
};

export const mainHelp = `haumai — phân tích dịch vụ hậu mãi

Cách dùng: haumai <lệnh> [tùy chọn]     (haumai <lệnh> --help để xem chi tiết)

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Mọi lệnh nhận --db PATH (mặc định data/haumai.duckdb, hoặc biến môi trường HAUMAI_DB).
`;

/** Run the CLI; returns the exit code. 0 ok, 1 a file or figure failed, 2 usage, 3 database in use. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(mainHelp);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Lệnh không có: ${name}\n\n${mainHelp}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`Lỗi cách dùng: ${error.message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof DatabaseInUseError) {
      process.stderr.write(`✘ ${error.message}\n`);
      return 3;
    }
    process.stderr.write(`✘ ${(error as Error).message}\n`);
    return 1;
  }
}
