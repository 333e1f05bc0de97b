import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodings, readHead, sniffEncoding, transcodeToUtf8, type Encoding } from "./encoding.ts";
import { padShortRows, sheetToCsv, SheetNotFoundError, type SheetLayout } from "./xlsx.ts";
import { chooseHeader, isComplete, sniffDelimiter, type HeaderChoice } from "./layout.ts";
import type { ExportSpec } from "./fields.ts";
import type { Mapping } from "./mapping.ts";

/** A file Haumai cannot use at all: nothing of it is loaded, and the message says why. */
export class UnusableFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "UnusableFileError";
  }
}

export interface SourceOptions {
  encoding?: string;
  sheet?: string;
  onBytes?: (n: number) => void;
}

/** An export made ready for DuckDB's reader: UTF-8 text, its delimiter, header row and kind. */
export interface PreparedSource {
  /** The UTF-8 file DuckDB reads: the original, or a transcoded / converted copy. */
  csvPath: string;
  encoding: string;
  delimiter: string;
  sheet?: string;
  /** For workbooks, a row's number in Excel is its record number; for text, the physical line. */
  lineIsRecord: boolean;
  header: HeaderChoice;
  /** The workbook conversion marked some cells as having no usable value (cellMarks.ts). */
  markedCells: boolean;
  cleanup(): void;
}

export async function prepareSource(
  file: string,
  specs: ExportSpec[],
  mapping: Mapping | undefined,
  options: SourceOptions,
): Promise<PreparedSource> {
  const forced = options.encoding ?? mapping?.encoding;
  if (forced && !encodings.includes(forced.toLowerCase() as Encoding)) {
    throw new UnusableFileError(file, `bảng mã "${forced}" không được hỗ trợ (dùng: ${encodings.join(", ")})`);
  }
  const head = readHead(file);
  const sniffed = sniffEncoding(head);
  if (sniffed.format === "empty") throw new UnusableFileError(file, "tệp rỗng");
  if (sniffed.format === "binary")
    throw new UnusableFileError(file, "không phải tệp văn bản CSV hay bảng tính XLSX (tệp nhị phân)");

  let temp: string | undefined;
  const tempFile = (name: string) => join((temp ??= mkdtempSync(join(tmpdir(), "haumai-"))), name);
  const cleanup = () => temp && rmSync(temp, { recursive: true, force: true });
  try {
    let csvPath = file;
    let encoding: string;
    let sheet: string | undefined;
    let markedCells = false;
    let layout: SheetLayout | undefined;
    if (sniffed.format === "xlsx") {
      csvPath = tempFile("sheet.csv");
      try {
        const converted = await sheetToCsv(file, csvPath, options.sheet ?? mapping?.sheet);
        sheet = converted.sheet;
        markedCells = converted.marked > 0;
        layout = converted.layout;
      } catch (error) {
        if (error instanceof SheetNotFoundError) throw new UnusableFileError(file, error.message);
        throw new UnusableFileError(file, `không đọc được bảng tính XLSX (${(error as Error).message})`);
      }
      encoding = "xlsx";
    } else {
      encoding = (forced?.toLowerCase() as Encoding | undefined) ?? sniffed.encoding;
      if (encoding !== "utf-8") {
        csvPath = tempFile("utf8.csv");
        const bom = encoding === sniffed.encoding ? sniffed.bomBytes : 0;
        await transcodeToUtf8(file, csvPath, encoding as Encoding, bom, options.onBytes);
      }
    }
    const text = readHead(csvPath, 256 * 1024).toString("utf8");
    const delimiter = sniffed.format === "xlsx" ? "," : sniffDelimiter(text);
    const header = chooseHeader(text, delimiter, specs, mapping);
    if (!header || header.headers.every((h) => h === ""))
      throw new UnusableFileError(file, "không tìm thấy dòng tiêu đề cột");
    if (!isComplete(header.spec, header.plan)) throw new UnusableFileError(file, missingColumnsMessage(header));
    if (layout) await padShortRows(csvPath, layout, header.headerLine + 1, header.headers.length);
    return {
      csvPath,
      encoding,
      delimiter,
      sheet,
      lineIsRecord: sniffed.format === "xlsx",
      header,
      markedCells,
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function missingColumnsMessage({ spec, plan, headers }: HeaderChoice): string {
  const missing = spec.requiredColumns.filter((name) => !plan.fields.has(name));
  const what = missing.length
    ? missing.map((name) => describeField(spec, name)).join(", ")
    : `một trong các cột ${spec.recognisedBy?.slice(0, 3).join(", ")}…`;
  return `không nhận ra tệp: thiếu cột ${what}. Tiêu đề đọc được: ${headers
    .slice(0, 12)
    .map((h) => `"${h}"`)
    .join(", ")}. Dùng --kind và --mapping nếu tiêu đề khác.`;
}

function describeField(spec: ExportSpec, name: string): string {
  const field = spec.fields.find((f) => f.name === name);
  return field ? `${name} (ví dụ "${field.aliases[0]}")` : name;
}
