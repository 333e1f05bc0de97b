import { realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";

/**
 * What a Framework build holds. An explicit table rather than a MIME library: the common ones do not
 * know .arrow / .parquet, and a type the browser must not guess (nosniff) is safer listed than inferred.
 */
export const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet",
  ".pdf": "application/pdf",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".zip": "application/zip",
  ".wasm": "application/wasm",
};

export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream";
}

export interface StaticFile {
  file: string;
  size: number;
  mtimeMs: number;
  type: string;
}

/**
 * The file a URL path names inside `root`, with Framework's clean URLs (/bao-cao-thang →
 * bao-cao-thang.html, / and /thu-muc/ → index.html). Returns "bad" for a path that tries to leave the
 * root (.., encoded or not, backslashes, NUL, dot files) and undefined when no file matches.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | "bad" | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return "bad";
  }
  if (!path.startsWith("/") || /[\\\0:]/.test(path)) return "bad";
  const segments = path.split("/").slice(1);
  // A segment starting with "." covers "..", "." and hidden files; no Framework output starts with one.
  if (segments.some((s) => s.startsWith("."))) return "bad";
  const relative = segments.join("/");
  const candidates =
    relative === "" || relative.endsWith("/") ? [`${relative}index.html`] : [relative, `${relative}.html`];
  const realRoot = realpathSync(root);
  for (const candidate of candidates) {
    const file = join(realRoot, candidate);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      // A symlink inside the build must not lead out of it either.
      if (!realpathSync(file).startsWith(realRoot + sep)) return "bad";
      return { file, size: info.size, mtimeMs: info.mtimeMs, type: contentTypeOf(file) };
    } catch {
      // not this form; try the next
    }
  }
  return undefined;
}
