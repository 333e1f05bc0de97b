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
}

export async function scanRecordLines(path: string, quote = 0x22): Promise<RecordLines> {
  let startLine = new Int32Array(1 << 16);
  let blank = new Uint8Array(1 << 16);
  let count = 0;
  let line = 1;
  let inQuote = false;
  let recordHasContent = false;
  let atRecordStart = true;
  const push = () => {
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
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (atRecordStart) {
        push();
        atRecordStart = false;
        recordHasContent = false;
      }
      if (byte === quote) {
        inQuote = !inQuote;
        recordHasContent = true;
      } else if (byte === 0x0a) {
        line++;
        if (!inQuote) {
          blank[count] = recordHasContent ? 0 : 1;
          atRecordStart = true;
        }
      } else if (byte !== 0x0d) {
        recordHasContent = true;
      }
    }
  }
  if (!atRecordStart) blank[count] = recordHasContent ? 0 : 1;
  return { startLine, blank, count };
}
