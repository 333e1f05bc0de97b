import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "../loaders/warehouse/database.ts";
import { ensureSchema } from "../loaders/warehouse/schema.ts";
import { defaultDemo, generateDemo } from "../loaders/demo/generate.ts";
import { loadSurveyDefinition } from "../loaders/survey/definition.ts";
import { ingestFile } from "../loaders/ingest/ingestFile.ts";
import { expandInputs } from "../loaders/cli/ingest.ts";

/** The demo's exports written into `<dir>/demo` and imported into the database `db`, left open for the caller. */
export async function demoWarehouse(dir: string, db: string): Promise<Warehouse> {
  await generateDemo({ ...defaultDemo, dir: join(dir, "demo") }, loadSurveyDefinition());
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  for (const file of expandInputs([join(dir, "demo")])) await ingestFile(w, file);
  return w;
}

/** A scratch folder per test file; removed after. */
export function scratchDir(): {
  dir: string;
  file: (name: string, content: string | Buffer) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "haumai-test-"));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function memoryWarehouse(): Promise<Warehouse> {
  const warehouse = await Warehouse.open(":memory:");
  await ensureSchema(warehouse);
  return warehouse;
}

/** A small ticket export in the centre's own layout; `rows` are cells in `ticketColumns` order. */
export const ticketColumns = [
  "Mã phiếu",
  "Ngày tiếp nhận",
  "Kênh",
  "Phân loại",
  "Số serial",
  "Nơi sửa chữa",
  "Thời điểm phản hồi",
  "Ngày nhận máy",
  "Ngày sửa xong",
  "Ngày trả máy",
  "Ngày đóng",
  "Kết quả",
  "Đánh giá",
  "Nhận xét",
];

/** One ticket received on 02/03/2026 08:00 and answered an hour later, in `ticketColumns` order. */
export function answeredTicket(id: string): string[] {
  return [
    id,
    "02/03/2026 08:00",
    "Hotline",
    "Bảo hành",
    `S-${id}`,
    "Trung tâm",
    "02/03/2026 09:00",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
  ];
}

export function csv(rows: (string | number)[][], delimiter = ",", eol = "\n"): string {
  return (
    rows
      .map((r) =>
        r.map((c) => (/[",;\t|\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(delimiter),
      )
      .join(eol) + eol
  );
}

/** Run the `haumai` CLI in-process, capturing what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string; text: string }> {
  const { vi } = await import("vitest");
  const { main } = await import("../loaders/cli/main.ts");
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(args);
    return { code, out, err, text: out + err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
