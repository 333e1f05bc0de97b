import { parse, dbOption } from "./args.ts";
import { defaultDemo, generateDemo } from "../demo/generate.ts";
import { loadSurveyDefinition } from "../survey/definition.ts";
import { ingestCommand } from "./ingest.ts";

export const demoHelp = `haumai demo [tùy chọn]

Tạo dữ liệu mẫu của một công ty thiết bị văn phòng (phiếu dịch vụ từ 07/2024 đến 10/2026
theo từng quý, danh sách khách hàng XLSX, 4 đợt khảo sát) vào data/demo rồi nạp vào cơ sở dữ liệu.
Cùng seed cho cùng dữ liệu.

  --db PATH       cơ sở dữ liệu (mặc định data/haumai.duckdb)
  --out THƯ_MỤC   nơi ghi tệp mẫu (mặc định data/demo)
  --seed SỐ       hạt giống ngẫu nhiên (mặc định ${defaultDemo.seed})
  --no-ingest     chỉ tạo tệp, không nạp
`;

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...dbOption,
    out: { type: "string" },
    seed: { type: "string" },
    "no-ingest": { type: "boolean" },
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
  if (values["no-ingest"]) return 0;
  return ingestCommand([dir, ...(values.db ? ["--db", values.db] : [])]);
}
