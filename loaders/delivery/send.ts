import { basename } from "node:path";
import nodemailer from "nodemailer";
import type { DeliveryConfig, Recipients } from "./config.ts";

/** One e-mail: Vietnamese subject and plain-text body (UTF-8, nodemailer encodes the headers), files attached by path. */
export interface OutgoingMail {
  subject: string;
  text: string;
  recipients: Recipients;
  attachments: string[];
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** The mail could not go out; the message says which server, what failed and what to check. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "SendError";
  }
}

/** What to check for each failure nodemailer names (its `code`), in the words of whoever keeps the config file. */
const hints: Record<string, string> = {
  // The system's own codes first (nodemailer wraps them as ESOCKET): they say why the connection failed.
  ECONNREFUSED:
    "không kết nối được: không có máy chủ thư nào nghe ở địa chỉ và cổng này; kiểm tra smtp.host, smtp.port",
  ENOTFOUND: "không tìm thấy máy chủ: kiểm tra smtp.host và kết nối mạng (máy đang không có mạng?)",
  EAI_AGAIN: "không tra được tên máy chủ: máy đang không có mạng hoặc DNS không trả lời",
  ENETUNREACH: "không có đường mạng tới máy chủ: máy đang không có mạng?",
  EHOSTUNREACH: "không tới được máy chủ: kiểm tra mạng, tường lửa",
  ECONNRESET: "máy chủ cắt kết nối: kiểm tra smtp.port và smtp.security (465 → tls, 587 → starttls)",
  ECONNECTION: "không kết nối được: kiểm tra smtp.host, smtp.port, mạng, tường lửa",
  ETIMEDOUT: "máy chủ không trả lời: kiểm tra smtp.host, smtp.port, mạng, tường lửa",
  EDNS: "không tìm thấy máy chủ: kiểm tra smtp.host và mạng",
  ESOCKET: "kết nối bị ngắt hoặc lỗi TLS: kiểm tra smtp.port và smtp.security (465 → tls, 587 → starttls)",
  ETLS: "lỗi TLS: kiểm tra smtp.security; máy chủ tự ký chứng chỉ thì đặt smtp.allowSelfSigned: true",
  EAUTH: "máy chủ từ chối đăng nhập: kiểm tra smtp.user và mật khẩu (HAUMAI_SMTP_PASSWORD hoặc smtp.password)",
  ENOAUTH: "máy chủ yêu cầu đăng nhập: thêm smtp.user và mật khẩu",
  EENVELOPE: "máy chủ từ chối người gửi hoặc người nhận: kiểm tra from và recipients",
  EMESSAGE: "máy chủ từ chối thư (có thể do tệp đính kèm quá lớn)",
};

const addressOf = (a: string | { address: string }) => (typeof a === "string" ? a : a.address);

/**
 * Send one mail through the configured SMTP server and wait for the server to accept it. Time limits are short on
 * connecting (a wrong host or a closed port fails in seconds, not minutes) and long enough on sending for the PDF.
 */
export async function sendMail(config: DeliveryConfig, mail: OutgoingMail): Promise<SentMail> {
  const { smtp } = config;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === "tls",
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    tls: smtp.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: mail.recipients.to,
      cc: mail.recipients.cc.length ? mail.recipients.cc : undefined,
      bcc: mail.recipients.bcc.length ? mail.recipients.bcc : undefined,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments.map((path) => ({ filename: basename(path), path })),
    });
    return {
      messageId: info.messageId,
      accepted: info.accepted.map(addressOf),
      rejected: info.rejected.map(addressOf),
    };
  } catch (error) {
    const e = error as Error & { code?: string; response?: string };
    const system = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNRESET)\b/.exec(e.message)?.[1];
    const hint = hints[system ?? ""] ?? (e.code && hints[e.code]) ?? "";
    throw new SendError(
      `Không gửi được thư qua máy chủ ${smtp.host}:${smtp.port} (${config.file}): ${hint ? `${hint}. ` : ""}` +
        `Chi tiết: ${e.response ?? e.message}`,
      e.code,
    );
  } finally {
    transport.close();
  }
}
