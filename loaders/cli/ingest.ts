import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, UsageError, dbOption } from "./args.ts";
import { Progress } from "./progress.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { ensureSchema } from "../warehouse/schema.ts";
import { ingestFile, type FileSummary } from "../ingest/ingestFile.ts";
import { loadMapping } from "../ingest/mapping.ts";
import { UnusableFileError } from "../ingest/source.ts";
import { loadSurveyDefinition } from "../survey/definition.ts";
import type { ExportKind } from "../ingest/fields.ts";
import { sqlString } from "../text/foldKey.ts";

export const ingestHelp = `haumai ingest <tệp|thư mục>… [tùy chọn]

Nạp tệp xuất phiếu dịch vụ, phiếu khảo sát hoặc danh sách khách hàng (CSV hoặc XLSX)
vào cơ sở dữ liệu. Thư mục: mọi tệp .csv .tsv .txt .xlsx bên trong, theo thứ tự tên
(tệp sau thắng khi cùng mã phiếu). Mỗi tệp một giao dịch; tệp đã nạp (cùng nội dung) được bỏ qua.

  --db PATH              cơ sở dữ liệu (mặc định data/haumai.duckdb, hoặc biến HAUMAI_DB)
  --kind LOẠI            tickets | survey | customers (mặc định: nhận ra từ tiêu đề cột)
  --mapping TỆP          tệp ánh xạ JSON cho tệp xuất lạ (xem data/mappings/README.md)
  --encoding BẢNG_MÃ     utf-8 | utf-16le | utf-16be | windows-1258 | windows-1252 (mặc định: tự nhận)
  --sheet TÊN|SỐ         trang tính của tệp XLSX (mặc định: trang đầu)
  --survey-definition TỆP  định nghĩa khảo sát (mặc định data/survey/definition.json)
  --rejects TỆP.csv      ghi các dòng bị loại của lần chạy này (tệp, dòng, cột, giá trị, lý do)
  --force                nạp lại cả tệp đã nạp
  --json                 in kết quả dạng JSON
`;

const kinds: ExportKind[] = ["tickets", "survey", "customers"];
const exportFile = /\.(csv|tsv|txt|xlsx)$/i;

/** Files named on the command line, folders expanded to the exports in them, in name order. */
export function expandInputs(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    const path = resolve(input);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`không tìm thấy ${input}`);
    }
    if (!stat.isDirectory()) return [input];
    return readdirSync(path, { recursive: true, encoding: "utf8" })
      .filter((name) => exportFile.test(name) && statSync(join(path, name)).isFile())
      .sort((a, b) => a.localeCompare(b, "vi"))
      .map((name) => join(input, name));
  });
}

export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...dbOption,
    kind: { type: "string" },
    mapping: { type: "string" },
    encoding: { type: "string" },
    sheet: { type: "string" },
    "survey-definition": { type: "string" },
    rejects: { type: "string" },
    force: { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(ingestHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("cần ít nhất một tệp hoặc thư mục");
  if (values.kind && !kinds.includes(values.kind as ExportKind)) throw new UsageError(`--kind phải là ${kinds.join(" | ")}`);
  const files = expandInputs(positionals);
  const mapping = values.mapping ? loadMapping(values.mapping) : undefined;
  const surveyDefinition = values["survey-definition"] ? loadSurveyDefinition(values["survey-definition"]) : undefined;

  const warehouse = await Warehouse.open(resolveDbPath(values.db));
  const results: FileSummary[] = [];
  try {
    await ensureSchema(warehouse);
    const progress = new Progress(values.json ? false : undefined);
    for (const file of files) {
      const label = (phase: string) => `${file} · ${phaseLabels[phase] ?? phase}`;
      try {
        results.push(
          await ingestFile(warehouse, file, {
            kind: values.kind as ExportKind | undefined,
            mapping,
            encoding: values.encoding,
            sheet: values.sheet,
            surveyDefinition,
            force: values.force,
            // DuckDB's own query progress is not polled: reading it while a query runs crashes the native client.
            onPhase: (phase) => progress.start(label(phase)),
            onBytes: (n, total) => progress.update(total ? n / total : undefined),
          }),
        );
      } catch (error) {
        if (!(error instanceof UnusableFileError) && !isReadError(error)) throw error;
        const message = error instanceof UnusableFileError ? error.message : `${file}: ${(error as Error).message}`;
        results.push({ file, status: "failed", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, unmappedColumns: [], rejectsByReason: {}, error: message });
      } finally {
        progress.done();
      }
    }
    if (values.rejects) await writeRejects(warehouse, results, values.rejects);
  } finally {
    warehouse.close();
  }
  const totals = total(results);
  if (values.json) process.stdout.write(JSON.stringify({ files: results, totals }, null, 2) + "\n");
  else printSummary(results, totals, values.rejects);
  return results.some((r) => r.status === "failed") ? 1 : 0;
}

/** DuckDB's reader failing on a file (invalid UTF-8 half-way, an unclosed quote) is that file's problem, not a crash. */
function isReadError(error: unknown): boolean {
  return /Invalid Input Error|Conversion Error|CSV Error|Invalid unicode|Could not convert/i.test((error as Error)?.message ?? "");
}

const phaseLabels: Record<string, string> = { hash: "kiểm tra", prepare: "đọc tệp", load: "nạp", check: "kiểm tra dữ liệu", store: "ghi" };

function total(results: FileSummary[]) {
  const sum = (key: "rowsRead" | "rowsAccepted" | "rowsRejected" | "rowsInserted" | "rowsUpdated") => results.reduce((s, r) => s + r[key], 0);
  return {
    files: results.length,
    imported: results.filter((r) => r.status === "imported").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    failed: results.filter((r) => r.status === "failed").length,
    rowsRead: sum("rowsRead"),
    rowsAccepted: sum("rowsAccepted"),
    rowsRejected: sum("rowsRejected"),
    rowsInserted: sum("rowsInserted"),
    rowsUpdated: sum("rowsUpdated"),
  };
}

const kindLabels: Record<string, string> = { tickets: "phiếu dịch vụ", survey: "phiếu khảo sát", customers: "khách hàng" };
const nf = new Intl.NumberFormat("vi-VN");

function printSummary(results: FileSummary[], totals: ReturnType<typeof total>, rejectsPath?: string): void {
  for (const r of results) {
    if (r.status === "failed") {
      process.stderr.write(`✘ ${r.error}\n`);
    } else if (r.status === "skipped") {
      process.stdout.write(`↷ ${r.file}: đã nạp trước đó (lần nạp #${r.previousImportId}), bỏ qua — dùng --force để nạp lại\n`);
    } else {
      const source = [kindLabels[r.kind!], r.encoding, r.sheet ? `trang "${r.sheet}"` : `phân cách "${r.delimiter === "\t" ? "tab" : r.delimiter}"`].join(", ");
      process.stdout.write(
        `✔ ${r.file} (${source}): đọc ${nf.format(r.rowsRead)} = nhận ${nf.format(r.rowsAccepted)} + loại ${nf.format(r.rowsRejected)}` +
          ` (mới ${nf.format(r.rowsInserted)}, cập nhật ${nf.format(r.rowsUpdated)})\n`,
      );
      if (r.eventLog) {
        const e = r.eventLog;
        process.stdout.write(`   nhật ký sự kiện (mỗi dòng là một sự kiện): dựng ${nf.format(e.ticketsBuilt)} phiếu (mới ${nf.format(e.ticketsInserted)}, cập nhật ${nf.format(e.ticketsUpdated)})\n`);
      }
      const reasons = Object.entries(r.rejectsByReason);
      if (reasons.length) process.stdout.write(`   lý do loại: ${reasons.map(([k, n]) => `${k} ${nf.format(n)}`).join(", ")}\n`);
      if (r.unmappedColumns.length) process.stdout.write(`   cột giữ nguyên (không thuộc cột chuẩn): ${r.unmappedColumns.join(", ")}\n`);
    }
  }
  process.stdout.write(
    `Tổng ${totals.files} tệp (nạp ${totals.imported}, bỏ qua ${totals.skipped}, lỗi ${totals.failed}): ` +
      `đọc ${nf.format(totals.rowsRead)} = nhận ${nf.format(totals.rowsAccepted)} + loại ${nf.format(totals.rowsRejected)}\n`,
  );
  if (rejectsPath && totals.rowsRejected) process.stdout.write(`Các dòng bị loại: ${rejectsPath}\n`);
}

async function writeRejects(warehouse: Warehouse, results: FileSummary[], path: string): Promise<void> {
  const ids = results.flatMap((r) => (r.importId ? [r.importId] : []));
  const where = ids.length ? `import_id IN (${ids.join(", ")})` : "false";
  await warehouse.run(`COPY (SELECT file_name AS file, line, column_name AS "column", value, reason, message FROM rejects WHERE ${where} ORDER BY import_id, line)
    TO ${sqlString(resolve(path))} (HEADER, DELIMITER ',')`);
}
