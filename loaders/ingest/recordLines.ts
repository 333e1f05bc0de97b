import { createReadStream } from "node:fs";

/**
 * Where each CSV record starts, as a physical line number of the file. DuckDB counts
 * records (a quoted field may hold line breaks, and blank lines count as records), so
 * its rejects and our staged rows are mapped back to the line a person opens the file at.
 * Index 0 is unused: record numbers are 1-based, like DuckDB's `line`.
 */
export interface RecordLines {
  startLine: Int32Array;
  blank: Uint8Array;
  count: number;
  /** Whether any combining mark (U+0300–U+036F, lead byte 0xCC or 0xCD) occurs: only then is NFC work needed. */
  decomposed: boolean;
  /** Whether a cell may start or end with a space or tab: only then is trimming needed. */
  padded: boolean;
  /**
   * Whether records end in both CRLF and a bare LF (a file edited by two tools). DuckDB's reader
   * settles on one line ending and rejects the file when another one turns up; line breaks inside
   * quoted cells do not count (Excel writes LF inside cells of a CRLF file, which DuckDB reads).
   */
  mixedLineEnds: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One pass over the file, driven by Buffer.indexOf (native) rather than a byte loop:
 * this runs over every byte of a million-row export while DuckDB reads the same file.
 */
const nbsp = Buffer.from([0xc2, 0xa0]);
const narrowNbsp = Buffer.from([0xe2, 0x80, 0xaf]);
const zeroWidth = Buffer.from([0xe2, 0x80, 0x8b]);

export async function scanRecordLines(path: string, delimiter = ",", quote = 0x22): Promise<RecordLines> {
  let startLine = new Int32Array(1 << 16);
  let blank = new Uint8Array(1 << 16);
  let count = 0;
  let line = 1;
  let inQuote = false;
  let hasContent = false;
  let atRecordStart = true;
  let decomposed = false;
  let padded = false;
  let tail = "\n";
  let crlf = 0;
  let lf = 0;
  let lastByte = 0;
  const edge = `[${escapeRegExp(delimiter)}\\r\\n"]`;
  const spaces = delimiter === "\t" ? "[ ]" : "[ \\t]";
  const paddedCell = new RegExp(`${spaces}${edge}|${edge}${spaces}`);

  const startRecord = () => {
    count++;
    if (count >= startLine.length) {
      const grownStart = new Int32Array(startLine.length * 2);
      grownStart.set(startLine);
      startLine = grownStart;
      const grownBlank = new Uint8Array(blank.length * 2);
      grownBlank.set(blank);
      blank = grownBlank;
    }
    startLine[count] = line;
    atRecordStart = false;
    hasContent = false;
  };
  const countLines = (chunk: Buffer, from: number, to: number) => {
    for (let n = chunk.indexOf(0x0a, from); n >= 0 && n < to; n = chunk.indexOf(0x0a, n + 1)) line++;
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (!decomposed) decomposed = chunk.indexOf(0xcc) >= 0 || chunk.indexOf(0xcd) >= 0;
    if (!padded) {
      // No-break and zero-width spaces (UTF-8 C2 A0, E2 80 AF, E2 80 8B) pad cells too: "P1\u00a0" is "P1".
      padded = chunk.includes(nbsp) || chunk.includes(narrowNbsp) || chunk.includes(zeroWidth);
    }
    if (!padded) {
      const text = chunk.toString("latin1");
      padded = paddedCell.test(tail + text);
      tail = text.slice(-1);
    }
    let nextQuote = chunk.indexOf(quote);
    let nextBreak = chunk.indexOf(0x0a);
    let i = 0;
    while (i < chunk.length) {
      if (atRecordStart) startRecord();
      if (nextQuote >= 0 && nextQuote < i) nextQuote = chunk.indexOf(quote, i);
      if (nextBreak >= 0 && nextBreak < i) nextBreak = chunk.indexOf(0x0a, i);
      if (inQuote) {
        // Line breaks inside quotes belong to the record; a doubled quote closes and reopens.
        const end = nextQuote < 0 ? chunk.length : nextQuote;
        countLines(chunk, i, end);
        hasContent = true;
        if (nextQuote < 0) break;
        inQuote = false;
        i = nextQuote + 1;
        continue;
      }
      const quoteFirst = nextQuote >= 0 && (nextBreak < 0 || nextQuote < nextBreak);
      const end = quoteFirst ? nextQuote : nextBreak < 0 ? chunk.length : nextBreak;
      if (end - i > 1 || (end - i === 1 && chunk[i] !== 0x0d)) hasContent = true;
      if (quoteFirst) {
        inQuote = true;
        hasContent = true;
        i = nextQuote + 1;
      } else if (nextBreak >= 0) {
        if ((nextBreak > 0 ? chunk[nextBreak - 1] : lastByte) === 0x0d) crlf++;
        else lf++;
        line++;
        blank[count] = hasContent ? 0 : 1;
        atRecordStart = true;
        i = nextBreak + 1;
      } else {
        break;
      }
    }
    lastByte = chunk[chunk.length - 1];
  }
  if (!atRecordStart) blank[count] = hasContent ? 0 : 1;
  return { startLine, blank, count, decomposed, padded, mixedLineEnds: crlf > 0 && lf > 0 };
}
