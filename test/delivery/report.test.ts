import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { monthContents } from "../../loaders/report/contents.ts";
import { hasChromium } from "../../loaders/report/chromium.ts";
import { csv, runCli, scratchDir } from "../helpers.ts";
import { closedPort, startSmtp, writeConfig } from "./smtp.ts";

const run_ = (hasChromium && existsSync("/usr/bin/pdftotext")) || Boolean(process.env.CI);
if (!run_)
  console.warn(
    "Chromium or pdftotext missing (apt-get install -y chromium poppler-utils): the report-sending tests are skipped",
  );

const scratch = scratchDir();
const db = join(scratch.dir, "deliver.duckdb");
const out = join(scratch.dir, "reports");
const company = "Công ty Thiết bị Văn phòng Ánh Dương";
const password = "mật-khẩu-thử";
const header = ["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Thời điểm phản hồi", "Ngày đóng", "Đánh giá"];
const rows = [
  ["A1", "02/03/2026 08:00", "Bảo hành", "02/03/2026 09:00", "04/03/2026 09:00", "5"],
  ["A2", "03/03/2026 08:00", "Tư vấn", "03/03/2026 08:30", "03/03/2026 09:00", "3"],
  ["A3", "04/03/2026 08:00", "Khiếu nại", "04/03/2026 10:00", "", ""],
  ["A4", "06/04/2026 08:00", "Sửa chữa", "06/04/2026 09:00", "06/04/2026 11:00", "4"],
];

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let config: string;
const report = (period: string, ...more: string[]) =>
  runCli(["report", "--month", period, "--db", db, "--out", out, "--company", company, "--config", config, ...more]);
const sendings = (period: string) => JSON.parse(readFileSync(join(out, period, "gui.json"), "utf8")).sends;

describe.skipIf(!run_)("haumai report --send", () => {
  beforeAll(async () => {
    const w = await Warehouse.open(db);
    await ensureSchema(w);
    await ingestFile(w, scratch.file("t.csv", csv([header, ...rows])));
    w.close();
    smtp = await startSmtp(password);
    // The password from the environment, as the guide recommends; the file names only the user.
    process.env.HAUMAI_SMTP_PASSWORD = password;
    config = writeConfig(join(scratch.dir, "gui-bao-cao.json"), smtp.port);
  });
  afterAll(async () => {
    delete process.env.HAUMAI_SMTP_PASSWORD;
    await smtp?.close();
    scratch.remove();
  });

  it("issues the month and mails its PDF and XLSX to the month's recipients, subject and body in Vietnamese", async () => {
    const { code, text } = await report("2026-03", "--send");
    expect(code, text).toBe(0);
    expect(text).toContain("✉ Đã gửi");
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0];
    expect(smtp.logins).toEqual([{ user: "haumai", password }]);
    expect(got.from).toBe("baocao@anhduong.vn");
    expect(got.rcptTo.sort()).toEqual(["bgd@anhduong.vn", "truong.ttbh@anhduong.vn"]);
    const mail = got.mail;
    expect(mail.subject).toBe(`Báo cáo tổng kết tháng 03/2026 — ${company}`);
    // The subject travels as an encoded word, the body as UTF-8: no raw 8-bit header for a server to mangle.
    expect(got.raw.toString("latin1")).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail.from!.value[0]).toEqual({ name: "Haumai – Trung tâm bảo hành", address: "baocao@anhduong.vn" });
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([
      { name: "Ban Giám đốc", address: "bgd@anhduong.vn" },
    ]);
    expect(mail.cc && !Array.isArray(mail.cc) && mail.cc.value).toEqual([
      { name: "", address: "truong.ttbh@anhduong.vn" },
    ]);
    const body = mail.text!;
    expect(body).toContain("Kính gửi anh/chị,");
    expect(body).toContain(`${company} gửi báo cáo tổng kết tháng 03/2026.`);
    expect(body).toContain("Đính kèm: bao-cao-2026-03.pdf, bao-cao-2026-03.xlsx");
    // The body is the report's executive summary, sentence by sentence (the fallback list: config.test.ts).
    const w = await Warehouse.open(db, { readOnly: true });
    const summary = (await monthContents(w, "2026-03"))?.summary ?? [];
    w.close();
    expect(summary.length).toBeGreaterThan(0);
    expect(body).toContain("Tóm tắt:\n- Tháng 3/2026 tiếp nhận 3 phiếu.\n");
    for (const sentence of summary) expect(body).toContain(`- ${sentence}\n`);

    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["bao-cao-2026-03.pdf", "application/pdf"],
      ["bao-cao-2026-03.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    const [pdf, xlsx] = mail.attachments.map((a) => a.content);
    // The files that arrived are the issued ones, byte for byte, and they open.
    expect(pdf.equals(readFileSync(join(out, "2026-03", "bao-cao-2026-03.pdf")))).toBe(true);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pdfText = execFileSync("pdftotext", ["-", "-"], { input: pdf, encoding: "utf8" });
    expect(pdfText).toContain("Báo cáo tổng kết Tháng 3/2026");
    expect(pdfText).toContain(company);
    const workbook = await new ExcelJS.Workbook().xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(["Chỉ số chính", "Phạm vi dữ liệu"]));

    const [sent] = sendings("2026-03");
    expect(sent).toMatchObject({
      to: ["Ban Giám đốc <bgd@anhduong.vn>"],
      cc: ["truong.ttbh@anhduong.vn"],
      subject: `Báo cáo tổng kết tháng 03/2026 — ${company}`,
      attachments: ["bao-cao-2026-03.pdf", "bao-cao-2026-03.xlsx"],
    });
  });

  it("a second --send with unchanged figures sends nothing and says so; --resend sends anyway", async () => {
    const again = await report("2026-03", "--send");
    expect(again.code, again.text).toBe(0);
    expect(again.text).toContain("Không có số liệu nào thay đổi");
    expect(again.text).toContain("Không gửi lại: số liệu không đổi kể từ lần gửi lúc");
    expect(smtp.received).toHaveLength(1);
    expect(sendings("2026-03")).toHaveLength(1);

    const forced = await report("2026-03", "--resend");
    expect(forced.code, forced.text).toBe(0);
    expect(smtp.received).toHaveLength(2);
    expect(sendings("2026-03")).toHaveLength(2);
  });

  it("changed data: nothing is sent until the report is issued again with --replace, which sends the new files", async () => {
    const w = await Warehouse.open(db);
    // The complaint A3 is closed in a later export: March's backlog and resolution figures change.
    await ingestFile(
      w,
      scratch.file(
        "later.csv",
        csv([header, ["A3", "04/03/2026 08:00", "Khiếu nại", "04/03/2026 10:00", "06/03/2026 10:00", "2"]]),
      ),
    );
    w.close();
    const stale = await report("2026-03", "--send");
    expect(stale.code).toBe(1);
    expect(stale.text).toContain("Không gửi thư: thêm --replace");
    expect(smtp.received).toHaveLength(2);

    const replaced = await report("2026-03", "--send", "--replace");
    expect(replaced.code, replaced.text).toBe(0);
    expect(smtp.received).toHaveLength(3);
    const pdf = smtp.received[2].mail.attachments[0].content;
    expect(pdf.equals(readFileSync(join(out, "2026-03", "bao-cao-2026-03.pdf")))).toBe(true);
    // The sending log stays with the period (not moved aside with the replaced files) and remembers all three.
    expect(sendings("2026-03")).toHaveLength(3);
    const archived = readdirSync(join(out, "2026-03", "da-thay-the"));
    expect(archived).toHaveLength(1);
    expect(readdirSync(join(out, "2026-03", "da-thay-the", archived[0]))).not.toContain("gui.json");
  });

  it("mail server down: a clear error and a non-zero exit; the report stays issued, and the next run sends it", async () => {
    const down = writeConfig(join(scratch.dir, "down.json"), await closedPort());
    const failed = await runCli([
      "report",
      "--month",
      "2026-04",
      "--db",
      db,
      "--out",
      out,
      "--company",
      company,
      "--config",
      down,
      "--send",
    ]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/Không gửi được thư qua máy chủ 127\.0\.0\.1:\d+ .*không kết nối được/);
    expect(failed.err).toContain("Báo cáo đã phát hành vẫn nằm trong");
    expect(existsSync(join(out, "2026-04", "bao-cao-2026-04.pdf"))).toBe(true);
    expect(existsSync(join(out, "2026-04", "gui.json"))).toBe(false);
    const count = smtp.received.length;

    // The server is back: the report says nothing changed, and the mail that never went goes now.
    const retry = await report("2026-04", "--send");
    expect(retry.code, retry.text).toBe(0);
    expect(retry.text).toContain("Không có số liệu nào thay đổi");
    expect(smtp.received).toHaveLength(count + 1);
    expect(smtp.received[count].mail.subject).toBe(`Báo cáo tổng kết tháng 04/2026 — ${company}`);
  });

  it("--year --send: the annual review goes to the default recipients when the config has no year group", async () => {
    const count = smtp.received.length;
    const { code, text } = await runCli([
      "report",
      "--year",
      "2026",
      "--db",
      db,
      "--out",
      out,
      "--company",
      company,
      "--config",
      config,
      "--send",
    ]);
    expect(code, text).toBe(0);
    expect(smtp.received).toHaveLength(count + 1);
    const { mail, rcptTo } = smtp.received[count];
    expect(rcptTo).toEqual(["truong.ttbh@anhduong.vn"]);
    expect(mail.subject).toBe(`Xem xét chính sách hậu mãi năm 2026 — ${company}`);
    expect(mail.text).toContain(`${company} gửi xem xét chính sách hậu mãi năm 2026.`);
    expect(mail.attachments.map((a) => a.filename)).toEqual(["bao-cao-2026.pdf", "bao-cao-2026.xlsx"]);
  });

  it("a wrong password is refused by the server, reported as a login problem, and nothing is recorded", async () => {
    process.env.HAUMAI_SMTP_PASSWORD = "sai";
    try {
      const refused = await report("2026-04", "--resend");
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("máy chủ từ chối đăng nhập");
      expect(sendings("2026-04")).toHaveLength(1);
    } finally {
      process.env.HAUMAI_SMTP_PASSWORD = password;
    }
  });
});
