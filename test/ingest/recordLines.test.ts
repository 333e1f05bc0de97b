import { afterAll, describe, expect, it } from "vitest";
import { scanRecordLines } from "../../loaders/ingest/recordLines.ts";
import { Random } from "../../loaders/demo/random.ts";
import { scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

/** The obvious character-by-character reading, to check the indexOf-driven scanner against. */
function naive(text: string) {
  const starts: number[] = [0];
  const blanks: number[] = [0];
  let line = 1;
  let inQuote = false;
  let content = false;
  let start = true;
  for (const ch of text) {
    if (start) {
      starts.push(line);
      blanks.push(0);
      start = false;
      content = false;
    }
    if (ch === '"') {
      inQuote = !inQuote;
      content = true;
    } else if (ch === "\n") {
      line++;
      if (!inQuote) {
        blanks[blanks.length - 1] = content ? 0 : 1;
        start = true;
      }
    } else if (ch !== "\r") content = true;
  }
  if (!start) blanks[blanks.length - 1] = content ? 0 : 1;
  return { starts, blanks };
}

describe("record start lines", () => {
  it("match a character-by-character reading across 1 MiB chunk boundaries", async () => {
    const random = new Random(3);
    const rows: string[] = ["a,b,c"];
    for (let i = 0; i < 60_000; i++) {
      const kind = random.int(0, 9);
      if (kind === 0) rows.push("");
      else if (kind === 1) rows.push(`${i},"nhiều\r\ndòng ""trích"" ${"x".repeat(random.int(0, 80))}\n nữa",z`);
      else rows.push(`${i},${"y".repeat(random.int(0, 60))},"đơn"`);
    }
    const text = rows.join(random.chance(0.5) ? "\n" : "\r\n") + "\n";
    const path = scratch.file("big.csv", text);
    const scanned = await scanRecordLines(path);
    const expected = naive(text);
    expect(scanned.count).toBe(expected.starts.length - 1);
    expect(Array.from(scanned.startLine.subarray(0, scanned.count + 1))).toEqual(expected.starts);
    expect(Array.from(scanned.blank.subarray(1, scanned.count + 1))).toEqual(expected.blanks.slice(1));
    expect(scanned.decomposed).toBe(false);
    expect(scanned.padded).toBe(true); // " nữa" starts a line inside a quoted cell: a cautious yes
  });

  it("notices decomposed tone marks and padded cells", async () => {
    expect((await scanRecordLines(scratch.file("nfd.csv", "a,b\nx,Ba\u0309o\n"))).decomposed).toBe(true);
    expect((await scanRecordLines(scratch.file("plain.csv", "a,b\nx,Bảo\n"))).decomposed).toBe(false);
    expect((await scanRecordLines(scratch.file("pad.csv", "a,b\nx ,y\n"))).padded).toBe(true);
    expect((await scanRecordLines(scratch.file("tight.csv", "a,b\nx y,z\n"))).padded).toBe(false);
  });
});
