import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { csv, runCli, scratchDir } from "../helpers.ts";
import { closedPort, startSmtp, writeConfig } from "./smtp.ts";

const scratch = scratchDir();
const out = join(scratch.dir, "reports");
const company = "Công ty Thiết bị Văn phòng Ánh Dương";
const password = "mật-khẩu-thử";

/**
 * Twelve warranty tickets received 02–13/03/2026 at 08:00. `late`: the first six answered five days later, so half
 * the month is answered within 240 working minutes (target ≥ 90%): missed. Otherwise all answered at 09:00: met.
 * Two of them are closed with a rating of 1: satisfaction would be 0%, but two ratings are too few to judge, so it
 * is "not measured" and must never be an alert.
 */
async function fixture(name: string, late: boolean): Promise<string> {
  const day = (d: number) => `${String(d).padStart(2, "0")}/03/2026`;
  const rows = Array.from({ length: 12 }, (_, i) => {
    const n = i + 1;
    const answered = late && n <= 6 ? day(n + 6) : day(n + 1);
    return [
      `T${n}`,
      `${day(n + 1)} 08:00`,
      "Bảo hành",
      `${answered} 09:00`,
      n <= 2 ? `${day(n + 1)} 10:00` : "",
      n <= 2 ? "1" : "",
    ];
  });
  const db = join(scratch.dir, `${name}.duckdb`);
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(
    w,
    scratch.file(
      `${name}.csv`,
      csv([["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Thời điểm phản hồi", "Ngày đóng", "Đánh giá"], ...rows]),
    ),
  );
  w.close();
  return db;
}

/**
 * Thirteen months (03/2025–03/2026) of ten tickets each, answered the same morning: a median of 60–80 minutes for
 * twelve months, then 200 minutes in 03/2026. Every answer is within the 240-minute target (met), but the median
 * is far outside what the twelve months before make ordinary: a special-cause signal the worse way.
 */
async function signalFixture(): Promise<string> {
  const rows: string[][] = [];
  for (let k = 0; k < 13; k++) {
    const d = new Date(Date.UTC(2025, 2 + k, 23));
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const median = k === 12 ? 200 : 60 + (k % 3) * 10;
    for (let i = 0; i < 10; i++) {
      const answered = new Date(Date.UTC(2000, 0, 1, 8, median + (i - 5) * 2)).toISOString().slice(11, 16);
      rows.push([`M${k}-${i}`, `${day} 08:00`, "Bảo hành", `${day} ${answered}`]);
    }
  }
  const db = join(scratch.dir, "signal.duckdb");
  const w = await Warehouse.open(db);
  await ensureSchema(w);
  await ingestFile(
    w,
    scratch.file("signal.csv", csv([["Mã phiếu", "Ngày tiếp nhận", "Phân loại", "Thời điểm phản hồi"], ...rows])),
  );
  w.close();
  return db;
}

let lateDb: string;
let okDb: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let config: string;
const check = (db: string, ...more: string[]) =>
  runCli(["check", "--db", db, "--out", out, "--company", company, "--config", config, ...more]);
const log = () => JSON.parse(readFileSync(join(out, "canh-bao", "gui.json"), "utf8"));

beforeAll(async () => {
  lateDb = await fixture("late", true);
  okDb = await fixture("ok", false);
  smtp = await startSmtp(password);
  process.env.HAUMAI_SMTP_PASSWORD = password;
  config = writeConfig(join(scratch.dir, "gui-bao-cao.json"), smtp.port);
});
afterAll(async () => {
  delete process.env.HAUMAI_SMTP_PASSWORD;
  await smtp?.close();
  scratch.remove();
});

describe("haumai check", () => {
  it("a KPI that misses its target: exit 4 and the KPI named; a KPI not measured is no alert", async () => {
    const { code, out: text } = await check(lateDb);
    expect(code).toBe(4);
    expect(text).toContain("Kiểm tra tháng 3/2026 (dữ liệu đến 13/03/2026)");
    expect(text).toContain("⚠ 1 chỉ số cần chú ý:\n- Đáp ứng trong mục tiêu: 50% — không đạt mục tiêu ≥ 90%\n");
    expect(text).not.toContain("Chỉ số hài lòng");
    expect((await runCli(["kpi", "--month", "2026-03", "--json", "--db", lateDb])).out).toContain('"too_few"');
    expect(smtp.received).toHaveLength(0);
  });

  it("every KPI meets its target (or is not measured): exit 0", async () => {
    const { code, out: text } = await check(okDb);
    expect(code, text).toBe(0);
    expect(text).toContain("✔ Không có chỉ số nào không đạt mục tiêu hay có tín hiệu bất thường.");
  });

  it("a special-cause signal the worse way is an alert though the target is met; the months before are not", async () => {
    const db = await signalFixture();
    const { code, out: text } = await check(db);
    expect(code, text).toBe(4);
    expect(text).toContain(
      "- Thời gian đáp ứng (trung vị): 3,3 giờ — tín hiệu bất thường, tăng theo hướng xấu (ngoài giới hạn kiểm soát",
    );
    expect(text).not.toContain("Đáp ứng trong mục tiêu");
    const before = await check(db, "--month", "2026-02");
    expect(before.code, before.text).toBe(0);
  });

  it("a month without data is an error naming the months there are; a wrong --month is a usage error", async () => {
    const none = await check(lateDb, "--month", "2025-01");
    expect(none.code).toBe(1);
    expect(none.err).toContain("Dữ liệu có từ 2026-03 đến 2026-03");
    expect((await check(lateDb, "--month", "3/2026")).code).toBe(2);
  });

  it("--send mails the alerts once; the same alerts again send nothing; after a clear check they are mailed again", async () => {
    const first = await check(lateDb, "--send");
    expect(first.code, first.text).toBe(4);
    expect(first.out).toContain("✉ Đã gửi cảnh báo tới dieuphoi@anhduong.vn.");
    expect(smtp.received).toHaveLength(1);
    const { mail, rcptTo } = smtp.received[0];
    expect(rcptTo).toEqual(["dieuphoi@anhduong.vn"]);
    expect(mail.subject).toBe(`Cảnh báo chỉ số hậu mãi tháng 03/2026: 1 chỉ số cần chú ý — ${company}`);
    expect(mail.text).toContain("tháng 3/2026 (tháng chưa đủ dữ liệu, số liệu còn thay đổi) có 1 chỉ số cần chú ý:");
    expect(mail.text).toContain("- Đáp ứng trong mục tiêu: 50% — không đạt mục tiêu ≥ 90%\n");
    expect(mail.attachments).toEqual([]);
    expect(log().sends[0]).toMatchObject({ month: "2026-03", alerts: ["response_time:missed"] });

    const second = await check(lateDb, "--send");
    expect(second.code).toBe(4);
    expect(second.out).toContain("Không gửi lại: cùng các cảnh báo đã gửi lúc");
    expect(smtp.received).toHaveLength(1);

    // The data is fixed (here: another database), the check is clear; when the same alert comes back it is news.
    const clear = await check(okDb, "--send");
    expect(clear.code).toBe(0);
    expect(clear.out).toContain("Không có cảnh báo, không gửi thư.");
    expect(smtp.received).toHaveLength(1);
    expect(log().clearedAt).toBeTruthy();
    const back = await check(lateDb, "--send");
    expect(back.code).toBe(4);
    expect(smtp.received).toHaveLength(2);
    expect(log().sends).toHaveLength(2);
    expect(log().clearedAt).toBeUndefined();
  });

  it("mail server down: exit 1 with the reason, nothing recorded as sent", async () => {
    const down = writeConfig(join(scratch.dir, "down.json"), await closedPort());
    const before = log().sends.length;
    const failed = await runCli(["check", "--db", lateDb, "--out", out, "--config", down, "--resend"]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/Không gửi được thư qua máy chủ 127\.0\.0\.1:\d+ .*không kết nối được/);
    expect(failed.err).toContain("Chưa ghi nhận là đã gửi");
    expect(log().sends).toHaveLength(before);
  });

  it("a broken config is refused before anything is checked, naming the file and the field", async () => {
    const bad = scratch.file(
      "bad.json",
      JSON.stringify({ smtp: { host: "127.0.0.1", port: "25" }, from: "x", recipients: { month: { to: [] } } }),
    );
    const refused = await runCli(["check", "--db", lateDb, "--out", out, "--config", bad, "--send"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${bad}: tệp cấu hình gửi báo cáo không hợp lệ`);
    expect(refused.err).toContain('smtp.port: phải là số cổng từ 1 đến 65535 (thường 465, 587 hoặc 25), đọc được "25"');
    expect(refused.err).toContain("recipients.month.to: cần ít nhất một địa chỉ e-mail");
    const noAlertGroup = writeConfig(join(scratch.dir, "no-alert.json"), smtp.port, {
      recipients: { month: { to: ["bgd@anhduong.vn"] } },
    });
    const missing = await runCli(["check", "--db", lateDb, "--out", out, "--config", noAlertGroup, "--send"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      "recipients.alert: chưa có người nhận cảnh báo; thêm recipients.alert hoặc recipients.default",
    );
  });
});
