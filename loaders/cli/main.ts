import { UsageError } from "./args.ts";

/**
 * Each command's module is imported only when that command runs: `haumai --help` (and every command's
 * start) does not pay for DuckDB, Framework or ExcelJS that other commands need.
 */
interface CommandModule {
  run: (args: string[]) => Promise<number>;
  help: string;
}
const load =
  <M>(module: () => Promise<M>, run: keyof M, help: keyof M) =>
  async (): Promise<CommandModule> => {
    const m = await module();
    return { run: m[run] as CommandModule["run"], help: m[help] as string };
  };

const commands: Record<string, { load: () => Promise<CommandModule>; summary: string }> = {
  ingest: {
    load: load(() => import("./ingest.ts"), "ingestCommand", "ingestHelp"),
    summary: "nạp tệp xuất (phiếu dịch vụ, khảo sát, khách hàng) vào cơ sở dữ liệu",
  },
  values: {
    load: load(() => import("./values.ts"), "valuesCommand", "valuesHelp"),
    summary: "giá trị ngoài danh mục trong các phiếu đã nạp; phân loại lại từ tệp ánh xạ, không cần nạp lại",
  },
  kpi: {
    load: load(() => import("./kpi.ts"), "kpiCommand", "kpiHelp"),
    summary: "các chỉ số của một tháng (báo cáo tổng kết tháng), dạng bảng hoặc JSON",
  },
  review: {
    load: load(() => import("./review.ts"), "reviewCommand", "reviewHelp"),
    summary: "xem xét chính sách hậu mãi năm: từng chỉ số, biểu đồ kiểm soát, đề xuất giữ hay thay đổi",
  },
  survey: {
    load: load(() => import("./survey.ts"), "surveyCommand", "surveyHelp"),
    summary: "phân tích một đợt khảo sát hài lòng: chỉ số, NPS, câu hỏi, yếu tố tác động, khách cần gọi lại",
  },
  report: {
    load: load(() => import("./report.ts"), "reportCommand", "reportHelp"),
    summary: "phát hành báo cáo tháng / năm / khảo sát thành PDF + XLSX + manifest, báo số liệu thay đổi",
  },
  check: {
    load: load(() => import("./check.ts"), "checkCommand", "checkHelp"),
    summary: "kiểm tra chỉ số tháng hiện tại: không đạt mục tiêu hoặc bất thường (mã thoát 4), gửi cảnh báo e-mail",
  },
  serve: {
    load: load(() => import("./serve.ts"), "serveCommand", "serveHelp"),
    summary: "phục vụ dashboard cho mạng nội bộ (đăng nhập), tự nạp tệp mới trong hộp thư và dựng lại trang",
  },
  demo: {
    load: load(() => import("./demo.ts"), "demoCommand", "demoHelp"),
    summary: "tạo dữ liệu mẫu (phiếu 2+ năm, 4 đợt khảo sát) và nạp vào cơ sở dữ liệu",
  },
};

export const mainHelp = `haumai — phân tích dịch vụ hậu mãi

Cách dùng: haumai <lệnh> [tùy chọn]     (haumai <lệnh> --help để xem chi tiết)

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Mọi lệnh nhận --db PATH (mặc định data/haumai.duckdb, hoặc biến môi trường HAUMAI_DB).
`;

/**
 * Run the CLI; returns the exit code. 0 ok, 1 a file or figure failed (or a mail could not be sent), 2 usage,
 * 3 database in use, 4 `haumai check` found alerts.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(mainHelp);
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`Lệnh không có: ${name}\n\n${mainHelp}`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`Lỗi cách dùng: ${error.message}\n\n${command.help}`);
      return 2;
    }
    // By name: importing warehouse/database.ts here would load DuckDB for every --help.
    if ((error as Error).name === "DatabaseInUseError") {
      process.stderr.write(`✘ ${(error as Error).message}\n`);
      return 3;
    }
    process.stderr.write(`✘ ${(error as Error).message}\n`);
    return 1;
  }
}
