import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { at, ConfigError, isRecord, parseJson, shown, unknownKeys } from "../config/check.ts";

/**
 * Who receives the report files and the alerts, and through which mail server: data/gui-bao-cao.json.
 * The real file holds the SMTP password, so it is not committed (data/gui-bao-cao.example.json is), and the
 * password may come from HAUMAI_SMTP_PASSWORD instead, which wins over the file.
 */

/** What a mail goes out for: the three report kinds of `haumai report`, and the alerts of `haumai check`. */
export type MailKind = "month" | "year" | "wave" | "alert";
export const mailKinds: readonly MailKind[] = ["month", "year", "wave", "alert"];

/**
 * How the connection is protected. `tls`: TLS from the first byte (usually port 465); `starttls`: plain, then
 * upgraded, and the upgrade is required (usually 587); `none`: no encryption, for a relay inside the office network.
 */
export type Security = "tls" | "starttls" | "none";
const securities: readonly Security[] = ["tls", "starttls", "none"];

export interface Recipients {
  to: string[];
  cc: string[];
  bcc: string[];
}

export interface DeliveryConfig {
  /** The file the settings came from, for messages. */
  file: string;
  smtp: {
    host: string;
    port: number;
    security: Security;
    user: string | null;
    password: string | null;
    /** Accept a certificate the server signed itself (common on an office mail server). */
    allowSelfSigned: boolean;
  };
  from: string;
  /** Recipients by kind; a kind the file leaves out falls back to `default`. */
  recipients: Partial<Record<MailKind | "default", Recipients>>;
}

export const defaultDeliveryConfigPath = fileURLToPath(new URL("../../data/gui-bao-cao.json", import.meta.url));
export const passwordVariable = "HAUMAI_SMTP_PASSWORD";
const what = "tệp cấu hình gửi báo cáo";

/** "a@b.vn" or "Nguyễn Văn A <a@b.vn>": what nodemailer accepts as one address, checked loosely. */
const addressPattern = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
export const isAddress = (value: unknown): value is string =>
  typeof value === "string" && addressPattern.test(value.trim());

const smtpKeys = ["host", "port", "security", "user", "password", "allowSelfSigned"];
const recipientKeys = ["to", "cc", "bcc"];

function checkAddresses(value: unknown, path: string, required: boolean): string[] {
  if (value === undefined) return required ? [`${path}: cần ít nhất một địa chỉ e-mail`] : [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list))
    return [`${path}: phải là một địa chỉ e-mail hoặc danh sách địa chỉ, đọc được ${shown(value)}`];
  if (required && list.length === 0) return [`${path}: cần ít nhất một địa chỉ e-mail`];
  return list.flatMap((a, i) =>
    isAddress(a) ? [] : [`${at(path, i)}: không phải địa chỉ e-mail (ví dụ "ten@congty.vn"), đọc được ${shown(a)}`],
  );
}

/** Problems of a parsed delivery config, each naming its field; `note` is free text for the reader. */
export function checkDeliveryConfig(file: unknown): string[] {
  if (!isRecord(file)) return [`phải là một đối tượng JSON, đọc được ${shown(file)}`];
  const problems = unknownKeys(file, ["note", "smtp", "from", "recipients"], "");
  if (file.note !== undefined && typeof file.note !== "string")
    problems.push(`note: phải là chuỗi, đọc được ${shown(file.note)}`);

  const smtp = file.smtp;
  if (!isRecord(smtp)) problems.push(`smtp: phải là đối tượng { ${smtpKeys.join(", ")} }, đọc được ${shown(smtp)}`);
  else {
    problems.push(...unknownKeys(smtp, smtpKeys, "smtp"));
    if (typeof smtp.host !== "string" || !smtp.host.trim())
      problems.push(
        `smtp.host: phải là tên hoặc địa chỉ IP máy chủ thư (ví dụ "mail.congty.vn"), đọc được ${shown(smtp.host)}`,
      );
    if (!(typeof smtp.port === "number" && Number.isInteger(smtp.port) && smtp.port >= 1 && smtp.port <= 65535))
      problems.push(
        `smtp.port: phải là số cổng từ 1 đến 65535 (thường 465, 587 hoặc 25), đọc được ${shown(smtp.port)}`,
      );
    if (smtp.security !== undefined && !securities.includes(smtp.security as Security))
      problems.push(`smtp.security: phải là một trong ${securities.join(", ")}, đọc được ${shown(smtp.security)}`);
    for (const key of ["user", "password"] as const)
      if (smtp[key] !== undefined && smtp[key] !== null && typeof smtp[key] !== "string")
        problems.push(`smtp.${key}: phải là chuỗi, đọc được ${shown(smtp[key])}`);
    if (smtp.allowSelfSigned !== undefined && typeof smtp.allowSelfSigned !== "boolean")
      problems.push(`smtp.allowSelfSigned: phải là true hoặc false, đọc được ${shown(smtp.allowSelfSigned)}`);
  }

  if (!isAddress(file.from))
    problems.push(`from: phải là địa chỉ người gửi, ví dụ "Haumai <baocao@congty.vn>", đọc được ${shown(file.from)}`);

  const recipients = file.recipients;
  const recipientFields = ["default", ...mailKinds];
  if (!isRecord(recipients))
    problems.push(`recipients: phải là đối tượng { ${recipientFields.join(", ")} }, đọc được ${shown(recipients)}`);
  else {
    problems.push(...unknownKeys(recipients, recipientFields, "recipients"));
    if (Object.keys(recipients).length === 0)
      problems.push(`recipients: cần ít nhất một nhóm người nhận (${recipientFields.join(", ")})`);
    for (const kind of recipientFields) {
      const group = recipients[kind];
      const path = at("recipients", kind);
      if (group === undefined) continue;
      if (!isRecord(group)) {
        problems.push(`${path}: phải là đối tượng { to, cc, bcc }, đọc được ${shown(group)}`);
        continue;
      }
      problems.push(...unknownKeys(group, recipientKeys, path));
      problems.push(...checkAddresses(group.to, at(path, "to"), true));
      problems.push(...checkAddresses(group.cc, at(path, "cc"), false));
      problems.push(...checkAddresses(group.bcc, at(path, "bcc"), false));
    }
  }
  return problems;
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (typeof value === "string" ? [value] : (value as string[])).map((a) => a.trim());

/**
 * The delivery settings of `path`, checked whole. The password is taken from HAUMAI_SMTP_PASSWORD when it is set,
 * from the file otherwise; a user without a password anywhere is refused here rather than by the server later.
 */
export function loadDeliveryConfig(path = defaultDeliveryConfigPath, env = process.env): DeliveryConfig {
  if (!existsSync(path))
    throw new Error(
      `${path}: chưa có ${what}. Chép data/gui-bao-cao.example.json thành tệp này rồi sửa máy chủ thư và người nhận` +
        ` (HUONG-DAN.md mục 10), hoặc chỉ tệp khác bằng --config.`,
    );
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: không đọc được ${what} (${(error as Error).message})`);
  }
  const file = parseJson(text, path, what);
  const problems = checkDeliveryConfig(file);
  const checked = file as {
    smtp: Record<string, unknown>;
    from: string;
    recipients: Record<string, Record<string, unknown>>;
  };
  const user = problems.length === 0 ? (checked.smtp.user as string | undefined)?.trim() || null : null;
  const password = env[passwordVariable] || (checked.smtp?.password as string | undefined) || null;
  if (user && !password)
    problems.push(
      `smtp.password: có smtp.user "${user}" nhưng chưa có mật khẩu: đặt biến môi trường ${passwordVariable}` +
        ` (nên dùng) hoặc ghi vào smtp.password`,
    );
  if (problems.length) throw new ConfigError(path, problems, what);
  return {
    file: path,
    smtp: {
      host: (checked.smtp.host as string).trim(),
      port: checked.smtp.port as number,
      security: (checked.smtp.security as Security | undefined) ?? "starttls",
      user,
      password: user ? password : null,
      allowSelfSigned: (checked.smtp.allowSelfSigned as boolean | undefined) ?? false,
    },
    from: checked.from.trim(),
    recipients: Object.fromEntries(
      Object.entries(checked.recipients).map(([kind, g]) => [
        kind,
        { to: list(g.to), cc: list(g.cc), bcc: list(g.bcc) },
      ]),
    ),
  };
}

const kindNames: Record<MailKind, string> = {
  month: "báo cáo tháng",
  year: "báo cáo năm",
  wave: "báo cáo khảo sát",
  alert: "cảnh báo",
};

/** The recipients of a kind of mail: its own group, or `default`; neither is a config problem naming both fields. */
export function recipientsFor(config: DeliveryConfig, kind: MailKind): Recipients {
  const group = config.recipients[kind] ?? config.recipients.default;
  if (!group)
    throw new ConfigError(
      config.file,
      [`recipients.${kind}: chưa có người nhận ${kindNames[kind]}; thêm recipients.${kind} hoặc recipients.default`],
      what,
    );
  return group;
}
