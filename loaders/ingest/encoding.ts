import { createReadStream, createWriteStream, openSync, readSync, closeSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import iconv from "iconv-lite";

/** Encodings an export can be read in; `windows-1258` is what Vietnamese Excel writes as "CSV". */
export const encodings = ["utf-8", "utf-16le", "utf-16be", "windows-1258", "windows-1252"] as const;
export type Encoding = (typeof encodings)[number];

export type SniffResult =
  | { format: "text"; encoding: Encoding; bomBytes: number }
  | { format: "xlsx" }
  | { format: "binary" }
  | { format: "empty" };

/** Read the first `bytes` of a file. */
export function readHead(path: string, bytes = 1 << 20): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * What a file is, from its first bytes: a BOM names the encoding; a zip header is a
 * workbook; NUL bytes without a UTF-16 pattern mean binary; text that is not valid
 * UTF-8 is taken as Windows-1258 (the Vietnamese ANSI code page).
 */
export function sniffEncoding(head: Buffer): SniffResult {
  if (head.length === 0) return { format: "empty" };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: "xlsx" };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return head.length === 3 ? { format: "empty" } : { format: "text", encoding: "utf-8", bomBytes: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { format: "text", encoding: "utf-16le", bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { format: "text", encoding: "utf-16be", bomBytes: 2 };
  const sample = head.subarray(0, 65536);
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) nulEven++;
    else nulOdd++;
  }
  const half = sample.length / 2;
  if (nulOdd > half * 0.3 && nulEven === 0) return { format: "text", encoding: "utf-16le", bomBytes: 0 };
  if (nulEven > half * 0.3 && nulOdd === 0) return { format: "text", encoding: "utf-16be", bomBytes: 0 };
  if (nulEven + nulOdd > 0 || looksBinary(sample)) return { format: "binary" };
  return { format: "text", encoding: isUtf8(trimPartialUtf8(head)) ? "utf-8" : "windows-1258", bomBytes: 0 };
}

/** Control bytes other than tab, CR, LF and form feed are rare in text exports and common in binaries. */
function looksBinary(sample: Buffer): boolean {
  let control = 0;
  for (const byte of sample)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  return control > sample.length * 0.01;
}

/** The head of a file may end inside a multi-byte character; drop that tail before validating. */
function trimPartialUtf8(head: Buffer): Buffer {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte >= 0xc0) end -= back; // lead byte of a possibly cut sequence
    break;
  }
  return head.subarray(0, end);
}

/**
 * Rewrite a non-UTF-8 text file as UTF-8 in NFC, line structure unchanged, so DuckDB's
 * own reader (the fast path) can read it and line numbers still point into the original.
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: Encoding,
  bomBytes: number,
  onBytes?: (n: number) => void,
): Promise<void> {
  const decoder = iconv.getDecoder(
    encoding === "utf-16le" ? "utf16le" : encoding === "utf-16be" ? "utf16be" : encoding,
  );
  let pending = "";
  const toNfc = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes?.(chunk.length);
      // NFC must not split a letter from its tone mark: normalise up to the last line break only.
      const text = pending + decoder.write(chunk);
      const cut = text.lastIndexOf("\n") + 1;
      pending = text.slice(cut);
      done(null, Buffer.from(text.slice(0, cut).normalize("NFC"), "utf8"));
    },
    flush(done) {
      const rest = pending + (decoder.end() ?? "");
      done(null, Buffer.from(rest.normalize("NFC"), "utf8"));
    },
  });
  await pipeline(createReadStream(source, { start: bomBytes }), toNfc, createWriteStream(target));
}
