import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkDeliveryConfig, loadDeliveryConfig, recipientsFor } from "../../loaders/delivery/config.ts";
import { alertLine, reportBody } from "../../loaders/delivery/message.ts";
import { alertsOf, alertCode } from "../../loaders/delivery/alerts.ts";
import { fingerprintOf } from "../../loaders/delivery/record.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import { defaultTargets } from "../../loaders/kpi/targets.ts";
import { scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());
const example = fileURLToPath(new URL("../../data/gui-bao-cao.example.json", import.meta.url));

describe("delivery config", () => {
  it("the shipped example is valid; the password comes from HAUMAI_SMTP_PASSWORD, which wins over the file", () => {
    const config = loadDeliveryConfig(example, { HAUMAI_SMTP_PASSWORD: "bí mật" });
    expect(config.smtp).toEqual({
      host: "mail.congty.vn",
      port: 587,
      security: "starttls",
      user: "baocao@congty.vn",
      password: "bí mật",
      allowSelfSigned: false,
    });
    expect(recipientsFor(config, "month")).toEqual({
      to: ["bangiamdoc@congty.vn"],
      cc: ["truong.ttbh@congty.vn"],
      bcc: [],
    });
    const file = scratch.file(
      "with-password.json",
      JSON.stringify({
        smtp: { host: "mail.x.vn", port: 465, security: "tls", user: "u@x.vn", password: "trong-tệp" },
        from: "u@x.vn",
        recipients: { default: { to: "a@x.vn" } },
      }),
    );
    expect(loadDeliveryConfig(file, {}).smtp.password).toBe("trong-tệp");
    expect(loadDeliveryConfig(file, { HAUMAI_SMTP_PASSWORD: "biến" }).smtp.password).toBe("biến");
    // A kind without its own group goes to `default`.
    expect(recipientsFor(loadDeliveryConfig(file, {}), "alert").to).toEqual(["a@x.vn"]);
  });

  it("a user without a password anywhere is refused, saying where to put it", () => {
    expect(() => loadDeliveryConfig(example, {})).toThrow(
      'smtp.password: có smtp.user "baocao@congty.vn" nhưng chưa có mật khẩu: đặt biến môi trường HAUMAI_SMTP_PASSWORD',
    );
  });

  it("every bad field is named at once, in Vietnamese", () => {
    const problems = checkDeliveryConfig({
      smtp: { host: "", port: 0, security: "ssl", user: 5, tls: true, allowSelfSigned: "có" },
      from: "Haumai",
      recipients: { month: { to: ["bgd@congty", "Ban Giám đốc <bgd@congty.vn>"], cc: "x" }, boss: {} },
      extra: 1,
    });
    expect(problems).toEqual([
      "extra: khóa không được hỗ trợ (các khóa hợp lệ: note, smtp, from, recipients)",
      "smtp.tls: khóa không được hỗ trợ (các khóa hợp lệ: host, port, security, user, password, allowSelfSigned)",
      'smtp.host: phải là tên hoặc địa chỉ IP máy chủ thư (ví dụ "mail.congty.vn"), đọc được ""',
      "smtp.port: phải là số cổng từ 1 đến 65535 (thường 465, 587 hoặc 25), đọc được 0",
      'smtp.security: phải là một trong tls, starttls, none, đọc được "ssl"',
      "smtp.user: phải là chuỗi, đọc được 5",
      'smtp.allowSelfSigned: phải là true hoặc false, đọc được "có"',
      'from: phải là địa chỉ người gửi, ví dụ "Haumai <baocao@congty.vn>", đọc được "Haumai"',
      "recipients.boss: khóa không được hỗ trợ (các khóa hợp lệ: default, month, year, wave, alert)",
      'recipients.month.to[0]: không phải địa chỉ e-mail (ví dụ "ten@congty.vn"), đọc được "bgd@congty"',
      'recipients.month.cc[0]: không phải địa chỉ e-mail (ví dụ "ten@congty.vn"), đọc được "x"',
    ]);
  });

  it("a missing file says how to make one; a file that is not JSON names itself", () => {
    const missing = scratch.dir + "/khong-co.json";
    expect(() => loadDeliveryConfig(missing)).toThrow(
      `${missing}: chưa có tệp cấu hình gửi báo cáo. Chép data/gui-bao-cao.example.json thành tệp này`,
    );
    const broken = scratch.file("broken.json", "{ smtp: ");
    expect(() => loadDeliveryConfig(broken)).toThrow(`${broken}: tệp cấu hình gửi báo cáo không hợp lệ`);
  });
});

describe("mail contents", () => {
  const catalogue = kpiCatalogue(defaultTargets);

  it("a month without summary sentences lists its headline KPIs with their status", () => {
    const body = reportBody({
      kind: "month",
      period: "2026-09",
      summary: [],
      figures: {
        "kpis.tickets_received.value": 1234,
        "kpis.tickets_received.status": "no_target",
        "kpis.response_time.value": 0.853,
        "kpis.response_time.status": "missed",
        "kpis.satisfaction.value": null,
        "kpis.satisfaction.status": "not_measured",
      },
      catalogue,
      issuedAt: "2026-10-05T01:12:00.000Z",
      attachments: ["/r/2026-09/bao-cao-2026-09.pdf", "/r/2026-09/bao-cao-2026-09.xlsx"],
      company: "Công ty Ánh Dương",
    });
    expect(body).toContain("Công ty Ánh Dương gửi báo cáo tổng kết tháng 09/2026.");
    expect(body).toContain(
      "Các chỉ số chính:\n- Phiếu tiếp nhận: 1.234\n- Đáp ứng trong mục tiêu: 85,3% (mục tiêu ≥ 90%) — không đạt\n",
    );
    expect(body).toContain("- Chỉ số hài lòng: chưa đo được");
    expect(body).toContain("Đính kèm: bao-cao-2026-09.pdf, bao-cao-2026-09.xlsx");
    expect(body).toContain("Báo cáo phát hành lúc 05/10/2026 08:12.");
    // The summary, when there is one, replaces the list.
    const withSummary = reportBody({
      kind: "month",
      period: "2026-09",
      summary: ["Đáp ứng đạt mục tiêu.", "Khiếu nại giảm."],
      figures: {},
      catalogue,
      issuedAt: "2026-10-05T01:12:00.000Z",
      attachments: [],
      company: "X",
    });
    expect(withSummary).toContain("Tóm tắt:\n- Đáp ứng đạt mục tiêu.\n- Khiếu nại giảm.\n");
    expect(withSummary).not.toContain("Các chỉ số chính");
  });

  it("alerts: missed or a worse special-cause signal; a better signal and a not-measured KPI are none", () => {
    const signal = (worse: boolean, direction: "up" | "down") => ({
      rule: "outside_limits" as const,
      direction,
      worse,
      centre: 0.05,
      lower: 0.01,
      upper: 0.09,
    });
    const alerts = alertsOf(
      [
        { id: "complaint_rate", label: "", status: "met", value: 0.095, signal: signal(true, "up") },
        { id: "response_time", label: "", status: "missed", value: 0.5, signal: null },
        { id: "satisfaction", label: "", status: "not_measured", value: null, signal: signal(true, "down") },
        { id: "fix_rate", label: "", status: "met", value: 0.99, signal: signal(false, "up") },
      ],
      catalogue,
    );
    expect(alerts.map((a) => a.id)).toEqual(["response_time", "complaint_rate"]);
    expect(alerts.flatMap(alertCode)).toEqual(["response_time:missed", "complaint_rate:outside_limits:up"]);
    expect(alerts.map(alertLine)).toEqual([
      "- Đáp ứng trong mục tiêu: 50% — không đạt mục tiêu ≥ 90%",
      "- Tỷ lệ khiếu nại: 9,5% — tín hiệu bất thường, tăng theo hướng xấu (ngoài giới hạn kiểm soát 1% – 9%)",
    ]);
    // A figure that can still change (the fix rate's follow-up window) says so.
    const [provisional] = alertsOf(
      [{ id: "fix_rate", label: "", status: "missed", value: 0.925, signal: null }],
      catalogue,
      { fix_rate: { provisional: true } },
    );
    expect(alertLine(provisional)).toBe("- Sửa chữa triệt để: 92,5% (tạm tính) — không đạt mục tiêu ≥ 95%");
    // The alert set's fingerprint does not depend on the order.
    expect(fingerprintOf(["b", "a"])).toBe(fingerprintOf(["a", "b"]));
  });
});
