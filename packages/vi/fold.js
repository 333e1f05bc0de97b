/**
 * Folding for matching and search, never for display: NFC first (Windows-1258 and some
 * UTF-8 exports carry decomposed tone marks), then case, tone marks and đ are dropped and
 * any run of punctuation or space becomes one space. "Bảo hành", "BAO HANH" and
 * "bao-hanh" all fold to "bao hanh". Used by ingest (headers, coded values) and by the
 * pages' diacritic-insensitive search.
 */
export function foldKey(text) {
  return String(text)
    .normalize("NFC")
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Does `text` contain `query`, ignoring case, tone marks and Unicode form? */
export function matchesSearch(text, query) {
  const q = foldKey(query);
  return q === "" || foldKey(text ?? "").includes(q);
}
