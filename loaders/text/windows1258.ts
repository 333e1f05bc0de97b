import iconv from "iconv-lite";

/** The five Vietnamese tone marks, which Windows-1258 writes as separate combining characters. */
const toneMarks = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Encode text as Windows-1258 the way Vietnamese Windows software does: letters with
 * circumflex, breve or horn are single bytes, tone marks follow as combining bytes.
 * (Used to write realistic ANSI exports for the demo and the tests.)
 */
export function encodeWindows1258(text: string): Buffer {
  const decomposed = Array.from(text.normalize("NFC"), (ch) => {
    const nfd = ch.normalize("NFD");
    const tones = nfd.match(toneMarks)?.join("") ?? "";
    return nfd.replace(toneMarks, "").normalize("NFC") + tones;
  }).join("");
  return iconv.encode(decomposed, "windows1258");
}
