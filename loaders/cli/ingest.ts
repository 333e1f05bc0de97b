import { readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { parse, UsageError, dbOption } from "./args.ts";
import { Progress } from "./progress.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { ensureSchema } from "../warehouse/schema.ts";
import { ingestFile, noRows, type FileSummary } from "../ingest/ingestFile.ts";
import { loadMapping } from "../ingest/mapping.ts";
import { UnusableFileError } from "../ingest/source.ts";
import { loadSurveyDefinition } from "../survey/definition.ts";
import type { ExportKind } from "../ingest/fields.ts";
import { quoteLiteral } from "../sql/compose.ts";

export const ingestHelp = `haumai ingest <tệp|thư mục>… [tùy chọn]

Nạp tệp xuất phiếu dịch vụ, phiếu khảo sát hoặc danh sách khách hàng (CSV hoặc XLSX)
vào cơ sở dữ liệu. Thư mục: mọi tệp .csv .tsv .txt .xlsx bên trong, theo thứ tự tên
(tệp sau thắng khi cùng mã phiếu). Mỗi tệp một giao dịch; tệp đã nạp (cùng nội dung) được bỏ qua.

  --db PATH              cơ sở dữ liệu (mặc định data/haumai.duckdb, hoặc biến HAUMAI_DB)
  --kind LOẠI            tickets | survey | customers (mặc định: nhận ra từ tiêu đề cột)
  --mapping TỆP          tệp ánh xạ JSON cho tệp xuất lạ (xem data/mappings/README.md)
  --encoding BẢNG_MÃ     utf-8 | utf-16le | utf-16be | windows-1258 | windows-1252 (mặc định: tự nhận)
  --sheet TÊN|SỐ         trang tính của tệp XLSX, kể cả trang ẩn (mặc định: trang đầu tiên không bị ẩn)
  --survey-definition TỆP  định nghĩa khảo sát (mặc định data/survey/definition.json)
  --rejects TỆP.csv      ghi các dòng bị loại của lần chạy này (tệp, dòng, cột, giá trị, lý do);
                         tệp .csv, không được là tệp đầu vào, cơ sở dữ liệu, hay nằm trong thư mục đầu vào
  --issues TỆP.csv       ghi các ô có vấn đề của các phiếu được giữ (tệp, dòng, mã, cột, giá trị, lý do)
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

/** A path with links resolved, also for a file that does not exist yet (its folder is resolved). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * `--rejects` is written after the inputs are read: it must not be one of them (the export would
 * be overwritten by its own rejects), nor an export-named file inside an input folder (the next
 * `haumai ingest` of that folder would load the rejects as an export).
 */
export function checkRejectsPath(
  rejects: string,
  inputs: string[],
  files: string[],
  dbPath?: string,
  option = "--rejects",
): void {
  const target = realPath(resolve(rejects));
  // Written after the import has committed: a name it cannot write must stop the run before it starts.
  if (!/\.csv$/i.test(target))
    throw new UsageError(`${option} ${rejects}: chỉ ghi được tệp .csv (mở được bằng Excel).`);
  if (dbPath && [dbPath, `${dbPath}.wal`].some((db) => realPath(resolve(db)) === target)) {
    throw new UsageError(
      `${option} ${rejects} là chính cơ sở dữ liệu: cơ sở dữ liệu sẽ bị ghi đè. Chọn một tệp .csv khác.`,
    );
  }
  const same = files.find((file) => realPath(resolve(file)) === target);
  if (same)
    throw new UsageError(`${option} ${rejects} là chính tệp đầu vào ${same}: tệp đó sẽ bị ghi đè. Chọn một tệp khác.`);
  if (!exportFile.test(target)) return;
  for (const input of inputs) {
    const folder = realPath(resolve(input));
    if (statSync(folder).isDirectory() && target.startsWith(folder + sep)) {
      throw new UsageError(
        `${option} ${rejects} nằm trong thư mục đầu vào ${input}: lần nạp sau sẽ đọc nó như một tệp xuất. Ghi ra ngoài thư mục đó (hoặc dùng đuôi khác .csv .tsv .txt .xlsx).`,
      );
    }
  }
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
    issues: { type: "string" },
    force: { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(ingestHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("cần ít nhất một tệp hoặc thư mục");
  if (values.kind && !kinds.includes(values.kind as ExportKind))
    throw new UsageError(`--kind phải là ${kinds.join(" | ")}`);
  const files = expandInputs(positionals);
  const dbPath = resolveDbPath(values.db);
  if (values.rejects) checkRejectsPath(values.rejects, positionals, files, dbPath);
  if (values.issues) checkRejectsPath(values.issues, positionals, files, dbPath, "--issues");
  if (values.rejects && values.issues && resolve(values.rejects) === resolve(values.issues))
    throw new UsageError("--rejects và --issues phải là hai tệp khác nhau");
  const surveyDefinition = values["survey-definition"] ? loadSurveyDefinition(values["survey-definition"]) : undefined;
  const mapping = values.mapping ? loadMapping(values.mapping, { surveyDefinition }) : undefined;

  const warehouse = await Warehouse.open(dbPath);
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
        results.push(noRows(file, "failed", message));
      } finally {
        progress.done();
      }
    }
    if (values.rejects) await writeCsv(warehouse, results, values.rejects, "rejects");
    if (values.issues) await writeCsv(warehouse, results, values.issues, "field_issues");
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
  return /Invalid Input Error|Conversion Error|CSV Error|Invalid unicode|Could not convert/i.test(
    (error as Error)?.message ?? "",
  );
}

const phaseLabels: Record<string, string> = {
  hash: "kiểm tra",
  prepare: "đọc tệp",
  load: "nạp",
  check: "kiểm tra dữ liệu",
  store: "ghi",
};

function total(results: FileSummary[]) {
  const sum = (key: "rowsRead" | "rowsAccepted" | "rowsRejected" | "rowsInserted" | "rowsUpdated" | "fieldIssues") =>
    results.reduce((s, r) => s + r[key], 0);
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
    fieldIssues: sum("fieldIssues"),
  };
}

const kindLabels: Record<string, string> = {
  tickets: "phiếu dịch vụ",
  survey: "phiếu khảo sát",
  customers: "khách hàng",
};
const nf = new Intl.NumberFormat("vi-VN");

function printSummary(results: FileSummary[], totals: ReturnType<typeof total>, rejectsPath?: string): void {
  for (const r of results) {
    if (r.status === "failed") {
      process.stderr.write(`✘ ${r.error}\n`);
    } else if (r.status === "skipped") {
      process.stdout.write(
        `↷ ${r.file}: đã nạp trước đó (lần nạp #${r.previousImportId}), bỏ qua — dùng --force để nạp lại\n`,
      );
    } else {
      const source = [
        kindLabels[r.kind!],
        r.encoding,
        r.sheet ? `trang "${r.sheet}"` : `phân cách "${r.delimiter === "\t" ? "tab" : r.delimiter}"`,
      ].join(", ");
      // Most rows rejected: the numbers add up, but the file is probably not what it seems.
      const mark = r.mostlyRejected ? "⚠" : "✔";
      process.stdout.write(
        `${mark} ${r.file} (${source}): đọc ${nf.format(r.rowsRead)} = nhận ${nf.format(r.rowsAccepted)} + loại ${nf.format(r.rowsRejected)}` +
          ` (mới ${nf.format(r.rowsInserted)}, cập nhật ${nf.format(r.rowsUpdated)})\n`,
      );
      if (r.previousImportId !== undefined)
        process.stdout.write(`   nạp lại tệp đã nạp ở lần nạp #${r.previousImportId} (--force)\n`);
      if (r.mostlyRejected)
        process.stdout.write("   ⚠ quá nửa số dòng bị loại: kiểm tra tệp ánh xạ (--mapping) và loại tệp (--kind)\n");
      if (r.eventLog) {
        const e = r.eventLog;
        process.stdout.write(
          `   nhật ký sự kiện (mỗi dòng là một sự kiện): dựng ${nf.format(e.ticketsBuilt)} phiếu (mới ${nf.format(e.ticketsInserted)}, cập nhật ${nf.format(e.ticketsUpdated)})\n`,
        );
      }
      const reasons = Object.entries(r.rejectsByReason);
      if (reasons.length)
        process.stdout.write(`   lý do loại: ${reasons.map(([k, n]) => `${k} ${nf.format(n)}`).join(", ")}\n`);
      const issues = Object.entries(r.fieldIssuesByReason);
      if (issues.length) {
        process.stdout.write(
          `   vấn đề ở từng ô (giữ phiếu, để trống ô đó): ${issues.map(([k, n]) => `${k} ${nf.format(n)}`).join(", ")} — chi tiết: --issues TỆP.csv; giá trị ngoài danh mục: npx haumai values\n`,
        );
      }
      if (r.dateOrder === "mdy")
        process.stdout.write("   ngày trong tệp ghi theo tháng/ngày (mm/dd): đã đọc theo thứ tự đó\n");
      if (r.unmappedColumns.length)
        process.stdout.write(`   cột giữ nguyên (không thuộc cột chuẩn): ${r.unmappedColumns.join(", ")}\n`);
    }
  }
  process.stdout.write(
    `Tổng ${totals.files} tệp (nạp ${totals.imported}, bỏ qua ${totals.skipped}, lỗi ${totals.failed}): ` +
      `đọc ${nf.format(totals.rowsRead)} = nhận ${nf.format(totals.rowsAccepted)} + loại ${nf.format(totals.rowsRejected)}` +
      (totals.fieldIssues ? `; ${nf.format(totals.fieldIssues)} ô có vấn đề (phiếu vẫn được giữ)` : "") +
      "\n",
  );
  if (rejectsPath && totals.rowsRejected) process.stdout.write(`Các dòng bị loại: ${rejectsPath}\n`);
}

/**
 * Rows of this run as a CSV a person opens in Excel: UTF-8 with a BOM (Excel reads Vietnamese right
 * only then), and a cell that would start a formula (= + - @, tab, CR) prefixed with an apostrophe
 * so that an export's text never runs as a formula.
 */
async function writeCsv(
  warehouse: Warehouse,
  results: FileSummary[],
  path: string,
  table: "rejects" | "field_issues",
): Promise<void> {
  const ids = results.flatMap((r) => (r.importId ? [r.importId] : []));
  const where = ids.length ? `import_id IN (${ids.join(", ")})` : "false";
  const safe = (c: string) => `CASE WHEN regexp_matches(${c}, '^[=+\\-@\\t\\r]') THEN '''' || ${c} ELSE ${c} END`;
  const key = table === "field_issues" ? `, ${safe("record_key")} AS "key"` : "";
  const tmp = `${resolve(path)}.tmp`;
  await warehouse.run(`COPY (SELECT ${safe("file_name")} AS file, line${key}, ${safe("column_name")} AS "column", ${safe("value")} AS value, reason, message
    FROM ${table} WHERE ${where} ORDER BY import_id, line) TO ${quoteLiteral(tmp)} (HEADER, DELIMITER ',')`);
  writeFileSync(resolve(path), Buffer.concat([Buffer.from("\ufeff"), readFileSync(tmp)]));
  rmSync(tmp, { force: true });
}
