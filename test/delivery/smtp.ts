import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface Received {
  /** The envelope: who the client said the mail is from and to (every to, cc and bcc address). */
  from: string;
  rcptTo: string[];
  user: string | undefined;
  raw: Buffer;
  mail: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, for the tests: it asks for a login (any user whose password is
 * `password`), keeps every message it accepts, and parses it with mailparser the way a mail client would read it.
 */
export async function startSmtp(password = "mật-khẩu-thử") {
  const received: Received[] = [];
  const logins: { user: string; password: string | undefined }[] = [];
  const server = new SMTPServer({
    // Plain connection with a login, as `"security": "none"` in the config: no certificate to make for the test.
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? "", password: auth.password ?? undefined });
      if (auth.password !== password) return callback(new Error("Sai mật khẩu"));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw,
          mail: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** A port nothing listens on: taken from the system, then released. */
export async function closedPort(): Promise<number> {
  const smtp = await startSmtp();
  await smtp.close();
  return smtp.port;
}

/** A delivery config file for a test server. */
export function writeConfig(file: string, port: number, extra: Record<string, unknown> = {}): string {
  writeFileSync(
    file,
    JSON.stringify(
      {
        smtp: { host: "127.0.0.1", port, security: "none", user: "haumai" },
        from: "Haumai – Trung tâm bảo hành <baocao@anhduong.vn>",
        recipients: {
          default: { to: ["truong.ttbh@anhduong.vn"] },
          month: { to: ["Ban Giám đốc <bgd@anhduong.vn>"], cc: ["truong.ttbh@anhduong.vn"] },
          alert: { to: ["dieuphoi@anhduong.vn"] },
        },
        ...extra,
      },
      null,
      2,
    ),
  );
  return file;
}
