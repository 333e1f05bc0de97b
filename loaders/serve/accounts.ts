import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashPassword, storedHashPattern } from "./password.ts";

/** data/serve.json: who may log in from another PC. Only scrypt hashes are stored, never a password. */
export interface ServeConfig {
  users: Record<string, string>;
}

export const defaultConfigPath = "data/serve.json";
/** The account the environment password (HAUMAI_SERVE_PASSWORD) logs in as. */
export const envUser = "admin";
export const minPasswordLength = 8;

/** Names go into the access log and the page: letters, digits, . _ - only, compared in lower case. */
export function normaliseUserName(name: string): string {
  const user = name.normalize("NFC").trim().toLowerCase();
  if (!/^[\p{L}\p{N}._-]{1,40}$/u.test(user)) {
    throw new Error(
      `Tên người dùng "${name}" không hợp lệ: chỉ dùng chữ, số, dấu chấm, gạch dưới, gạch ngang (tối đa 40 ký tự).`,
    );
  }
  return user;
}

export function loadServeConfig(path: string): ServeConfig {
  if (!existsSync(path)) return { users: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: không đọc được JSON (${(error as Error).message}).`);
  }
  const users = (raw as { users?: unknown })?.users;
  if (typeof raw !== "object" || raw === null || typeof users !== "object" || users === null || Array.isArray(users)) {
    throw new Error(`${path}: cần trường "users" là một đối tượng { "tên": "bản băm scrypt" }.`);
  }
  for (const [name, hash] of Object.entries(users)) {
    if (typeof hash !== "string" || !storedHashPattern.test(hash)) {
      throw new Error(
        `${path}: users.${name} không phải bản băm scrypt — đặt lại bằng "npx haumai serve --set-password --user ${name}".`,
      );
    }
  }
  return { users: users as Record<string, string> };
}

/** Set (or replace) one user's password; the file is rewritten whole, through a temp file. */
export async function setPassword(path: string, userName: string, password: string): Promise<string> {
  const user = normaliseUserName(userName);
  if (password.length < minPasswordLength) throw new Error(`Mật khẩu cần ít nhất ${minPasswordLength} ký tự.`);
  const config = loadServeConfig(path);
  config.users[user] = await hashPassword(password);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return user;
}

/**
 * Every account that can log in now: the file's users, plus `admin` when HAUMAI_SERVE_PASSWORD is set
 * (hashed once per process so the password is not kept as text).
 */
export class Accounts {
  private envHash?: Promise<string>;

  constructor(
    readonly configPath: string,
    private readonly envPassword = process.env.HAUMAI_SERVE_PASSWORD,
  ) {
    if (this.envPassword) this.envHash = hashPassword(this.envPassword);
  }

  /** Read the file on each call: a password set while the server runs works at once. */
  async hashes(): Promise<Map<string, string>> {
    const map = new Map(Object.entries(loadServeConfig(this.configPath).users));
    if (this.envHash) map.set(envUser, await this.envHash);
    return map;
  }

  async any(): Promise<boolean> {
    return (await this.hashes()).size > 0;
  }
}
