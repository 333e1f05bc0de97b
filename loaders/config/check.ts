/**
 * Small helpers shared by the config loaders (mapping files, targets.json, survey
 * definitions, Board decisions). Each loader checks its whole file and reports every
 * problem at once, each named by the JSON path of the bad field, so that whoever edits
 * the file fixes it in one go instead of one error per run.
 */

/** A config file that cannot be used: the message names the file and every bad field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    what: string,
  ) {
    super(`${file}: ${what} không hợp lệ:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** `columns["Ticket ID"]`, `values.channel`, `questions[2].scale`: the path a person finds the field by. */
export function at(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (!parent) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** A value as the file has it, for an error message: `"0 OR true"`, `12`, `null`, `[1,"5"]`. */
export function shown(value: unknown): string {
  const text = value === undefined ? "(không có)" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys of `object` that are not in `known`, each as a problem naming the key and the keys allowed. */
export function unknownKeys(object: Record<string, unknown>, known: readonly string[], path: string): string[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => `${at(path, key)}: khóa không được hỗ trợ (các khóa hợp lệ: ${known.join(", ")})`);
}

/** A JSON file parsed, or a ConfigError naming the file and the parser's complaint. */
export function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(file, [`không đọc được JSON (${(error as Error).message})`], what);
  }
}
