/**
 * Folding for matching, never for display: NFC first (Windows-1258 and some UTF-8
 * exports carry decomposed tone marks), then case, tone marks and đ are dropped and
 * any run of punctuation or space becomes one space. "Ngày  tiếp nhận", "NGAY TIEP NHAN"
 * and "ngay_tiep_nhan" all fold to "ngay tiep nhan".
 */
export function foldKey(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The same folding as {@link foldKey}, as a DuckDB SQL expression over `expr`. */
export function foldKeySql(expr: string): string {
  return `trim(regexp_replace(strip_accents(replace(lower(nfc_normalize(${expr})), 'đ', 'd')), '[^a-z0-9]+', ' ', 'g'))`;
}

/** Quote a string as a SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Quote an identifier for DuckDB. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
