import { parse, dbOption } from "./args.ts";
import { defaultDemo, generateDemo } from "../demo/generate.ts";
import { loadSurveyDefinition } from "../survey/definition.ts";
import { ingestCommand } from "./ingest.ts";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultDecisionsPath } from "../review/decisions.ts";

export const demoHelp = `haumai demo [tùy chọn]

Tạo dữ liệu mẫu của một công ty thiết bị văn phòng (phiếu dịch vụ từ 07/2024 đến 10/2026
theo từng quý, danh sách khách hàng XLSX, 4 đợt khảo sát) vào data/demo rồi nạp vào cơ sở dữ liệu.
Cùng seed cho cùng dữ liệu.

  --db PATH       cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --out THƯ_MỤC   nơi ghi tệp mẫu (mặc định data/demo)
  --seed SỐ       hạt giống ngẫu nhiên (mặc định ${defaultDemo.seed})
  --no-ingest     chỉ tạo tệp, không nạp
  --no-decisions  không ghi quyết định mẫu của Ban Giám đốc vào data/decisions/decisions.csv
                  (mặc định: ghi khi tệp đó chưa có quyết định nào)
`;

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...dbOption,
    out: { type: "string" },
    seed: { type: "string" },
    "no-ingest": { type: "boolean" },
    "no-decisions": { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(demoHelp);
    return 0;
  }
  const dir = values.out ?? "data/demo";
  const result = await generateDemo(
    { ...defaultDemo, dir, seed: values.seed ? Number(values.seed) : defaultDemo.seed },
    loadSurveyDefinition(),
  );
  process.stdout.write(
    `Đã tạo ${result.files.length} tệp mẫu trong ${dir}: ${result.tickets.toLocaleString("vi-VN")} phiếu, ${result.responses} phiếu khảo sát.\n`,
  );
  const sample = values["no-decisions"] ? undefined : installSampleDecisions();
  if (sample) process.stdout.write(sample + "\n");
  if (values["no-ingest"]) return 0;
  return ingestCommand([dir, ...(values.db ? ["--db", values.db] : [])]);
}

/**
 * The demo's Board decisions go into data/decisions/decisions.csv only while that file holds no decision: a
 * centre's own decisions are never overwritten, and the shipped file is empty so that no sample decision ever
 * shows beside a centre's real figures unless the demo put it there (and said so).
 */
export function installSampleDecisions(path = defaultDecisionsPath): string | undefined {
  const lines = existsSync(path)
    ? readFileSync(path, "utf8")
        .split(/\r?\n/)
        .filter((l) => l.trim() !== "")
    : [];
  if (lines.length > 1) return undefined;
  // From the project root: the CLI also runs compiled from .haumai/cli, two folders deep like loaders/cli.
  const sample = readFileSync(fileURLToPath(new URL("../../loaders/demo/decisions.csv", import.meta.url)), "utf8");
  writeFileSync(path, sample);
  const rows = sample.trim().split(/\r?\n/).length - 1;
  return `Đã ghi ${rows} quyết định mẫu của Ban Giám đốc vào ${path}: xóa các dòng này trước khi dùng dữ liệu thật.`;
}
