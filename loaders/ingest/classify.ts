import { foldKey } from "../text/foldKey.ts";

/**
 * How a coded cell (channel, request type, outcome…) becomes a canonical code, as people
 * actually type them. The rule, in order:
 *  1. the whole folded text is a known spelling → that code ("Bảo hành" → warranty);
 *  2. otherwise the known spellings found in it as whole words; the longest one wins
 *     ("Khiếu nại về thái độ nhân viên" → complaint, "Đổi máy mới 1-1" → replaced);
 *  3. two different codes with equally long matches: the one that comes first wins, since a
 *     Vietnamese phrase puts its head word first ("Khiếu nại sửa chữa" is a complaint);
 *  4. a phrase with a negation among the two words before it ("không", "chưa", "not", "no"…) is not
 *     taken, nor any phrase inside it: "Chưa hoàn thành" is not "hoàn thành", "Không còn bảo hành"
 *     is not "bảo hành", "Tại nhà (không đến trung tâm)" is on site; a cell with only negated
 *     matches is `negated_value`;
 *  5. a spelling with no letter in it (a numeric code such as "1" from a mapping) is taken only as
 *     the whole cell, never as a word inside one ("Đổi máy mới 1-1" does not contain code "1");
 *  6. nothing found → `unknown_value`. The original text is always kept in `<field>_raw`.
 */
export type Classified =
  { code: string; how: "exact" | "phrase" } | { code: null; reason: "unknown_value" | "negated_value" };

const negations = new Set(["khong", "chua", "not", "no", "non", "chang", "never"]);
/** How many words before a phrase a negation reaches: "không phải khiếu nại", "không đến trung tâm". */
const negationReach = 2;

export function classify(text: string, table: Map<string, string>): Classified {
  const folded = foldKey(text);
  const exact = table.get(folded);
  if (exact) return { code: exact, how: "exact" };
  const words = folded.split(" ").filter(Boolean);
  const found: { code: string; length: number; start: number; end: number; negated: boolean }[] = [];
  for (const [spelling, code] of table) {
    if (!/[a-z]/.test(spelling)) continue;
    const phrase = spelling.split(" ");
    for (let start = 0; start + phrase.length <= words.length; start++) {
      if (!phrase.every((w, i) => words[start + i] === w)) continue;
      const before = words.slice(Math.max(0, start - negationReach), start);
      found.push({
        code,
        length: spelling.length,
        start,
        end: start + phrase.length,
        negated: before.some((w) => negations.has(w)),
      });
    }
  }
  const negated = found.filter((m) => m.negated);
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.start < b.end && b.start < a.end;
  let best: (typeof found)[number] | undefined;
  for (const m of found) {
    if (m.negated || negated.some((n) => overlaps(m, n))) continue;
    if (!best || m.length > best.length || (m.length === best.length && m.start < best.start)) best = m;
  }
  if (best) return { code: best.code, how: "phrase" };
  return { code: null, reason: negated.length ? "negated_value" : "unknown_value" };
}
