import { foldKey } from "../text/foldKey.ts";

/**
 * How a coded cell (channel, request type, outcome…) becomes a canonical code, as people
 * actually type them. The rule, in order:
 *  1. the whole folded text is a known spelling → that code ("Bảo hành" → warranty);
 *  2. otherwise the known spellings found in it as whole words; the longest one wins
 *     ("Khiếu nại về thái độ nhân viên" → complaint, "Đổi máy mới 1-1" → replaced);
 *  3. two different codes with equally long matches: the one that comes first wins, since a
 *     Vietnamese phrase puts its head word first ("Khiếu nại sửa chữa" is a complaint);
 *  4. a phrase preceded by a negation ("không", "chưa", "not", "no") is not taken: "Chưa hoàn
 *     thành" is not "hoàn thành"; a cell with only negated matches is `negated_value`;
 *  5. nothing found → `unknown_value`. The original text is always kept in `<field>_raw`.
 */
export type Classified = { code: string; how: "exact" | "phrase" } | { code: null; reason: "unknown_value" | "negated_value" };

const negations = new Set(["khong", "chua", "not", "no", "non", "chang"]);

export function classify(text: string, table: Map<string, string>): Classified {
  const folded = foldKey(text);
  const exact = table.get(folded);
  if (exact) return { code: exact, how: "exact" };
  const words = folded.split(" ").filter(Boolean);
  let best: { code: string; length: number; start: number } | undefined;
  let negated = false;
  for (const [spelling, code] of table) {
    const phrase = spelling.split(" ");
    for (let start = 0; start + phrase.length <= words.length; start++) {
      if (!phrase.every((w, i) => words[start + i] === w)) continue;
      if (start > 0 && negations.has(words[start - 1])) {
        negated = true;
        continue;
      }
      const length = spelling.length;
      if (!best || length > best.length || (length === best.length && start < best.start)) best = { code, length, start };
    }
  }
  if (best) return { code: best.code, how: "phrase" };
  return { code: null, reason: negated ? "negated_value" : "unknown_value" };
}
