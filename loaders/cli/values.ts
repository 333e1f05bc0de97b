import { parse, dbOption } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { ensureSchema } from "../warehouse/schema.ts";
import { loadMapping } from "../ingest/mapping.ts";
import { rememberSpellings } from "../ingest/spellings.ts";
import { rederiveCodes, unrecognisedValues } from "../ingest/rederive.ts";

export const valuesHelp = `haumai values [--mapping TỆP.json] [tùy chọn]

Liệt kê các giá trị không có trong danh mục (kênh, phân loại, nơi sửa chữa, kết quả…) mà các
phiếu đã nạp đang mang, kèm số phiếu. Các phiếu này vẫn được giữ; ô đó để trống (kênh lạ tính là
"khác") và giá trị gốc được giữ nguyên.

Thêm các giá trị đó vào phần "values" của một tệp ánh xạ rồi chạy với --mapping: Haumai ghi nhớ
cách viết mới và phân loại lại mọi phiếu đã lưu từ giá trị gốc, không cần nạp lại tệp.

  --mapping TỆP   tệp ánh xạ có phần "values" (xem data/mappings/README.md)
  --json          in kết quả dạng JSON
  --db PATH       cơ sở dữ liệu (mặc định data/haumai.duckdb)
`;

const reasonLabels: Record<string, string> = {
  unknown_value: "không có trong danh mục",
  negated_value: "mang nghĩa phủ định",
};

export async function valuesCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { ...dbOption, mapping: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(valuesHelp);
    return 0;
  }
  const mapping = values.mapping ? loadMapping(values.mapping) : undefined;
  const warehouse = await Warehouse.open(resolveDbPath(values.db));
  try {
    await ensureSchema(warehouse);
    let changed: Record<string, number> | undefined;
    if (mapping) {
      await warehouse.transaction(() => rememberSpellings(warehouse, mapping));
      changed = await rederiveCodes(warehouse);
    }
    const remaining = await unrecognisedValues(warehouse);
    if (values.json) {
      process.stdout.write(JSON.stringify({ changed, unrecognised: remaining }, null, 2) + "\n");
      return 0;
    }
    const nf = new Intl.NumberFormat("vi-VN");
    if (changed) {
      const total = Object.values(changed).reduce((a, b) => a + b, 0);
      const parts = Object.entries(changed).filter(([, n]) => n > 0);
      process.stdout.write(
        `✔ Đã phân loại lại ${nf.format(total)} ô${parts.length ? ` (${parts.map(([f, n]) => `${f} ${nf.format(n)}`).join(", ")})` : ""}.\n`,
      );
    }
    if (remaining.length === 0) {
      process.stdout.write("Không còn giá trị nào ngoài danh mục.\n");
      return 0;
    }
    process.stdout.write(`Giá trị ngoài danh mục (${remaining.length}):\n`);
    for (const v of remaining) {
      process.stdout.write(
        `  ${v.kind}.${v.field}  "${v.value}"  ${nf.format(v.records)} phiếu, ${nf.format(v.files)} tệp — ${reasonLabels[v.reason] ?? v.reason}\n`,
      );
    }
    process.stdout.write(
      'Thêm vào tệp ánh xạ, ví dụ {"values": {"request_type": {"Lắp đặt": "maintenance"}}}, rồi chạy: npx haumai values --mapping TỆP.json\n',
    );
    return 0;
  } finally {
    warehouse.close();
  }
}
