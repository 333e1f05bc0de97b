import { resolve } from "node:path";
import { parse, dbOption } from "./args.ts";
import { checkMonthFlag, monthKpisOf } from "./monthKpis.ts";
import { kpiCatalogue } from "../kpi/registry.ts";
import { loadTargets } from "../kpi/targets.ts";
import { judgeMonth } from "../kpi/noise.ts";
import { loadDecisions, phaseStarts } from "../review/decisions.ts";
import { coverageNotes, formatDay, formatMonth } from "@haumai/vi";
import { alertCode, alertsOf } from "../delivery/alerts.ts";
import { defaultDeliveryConfigPath, loadDeliveryConfig, recipientsFor } from "../delivery/config.ts";
import { alertBody, alertLine, alertSubject, vietnamTime } from "../delivery/message.ts";
import {
  alreadySent,
  appendSending,
  fingerprintOf,
  markCleared,
  readSendingLog,
  sendingLogName,
} from "../delivery/record.ts";

/** Exit code of a check that found alerts: distinct from 1 (error), 2 (usage) and 3 (database in use). */
export const alertExitCode = 4;

export const checkHelp = `haumai check [tùy chọn]

Kiểm tra các chỉ số của tháng hiện tại (mặc định: tháng cuối cùng có dữ liệu): chỉ số không đạt mục tiêu
(data/targets.json) hoặc có tín hiệu bất thường theo hướng xấu (ngoài giới hạn kiểm soát, 8 tháng liền một
phía, 6 tháng liền cùng chiều). Giới hạn kiểm soát tính trên 12 tháng đủ trước đó (bắt đầu lại từ tháng một
thay đổi của Ban Giám đốc có hiệu lực, khi đã đủ 6 tháng); tháng đang chạy được xét trên số liệu đến nay.
Chỉ số "chưa đo được" không bao giờ là cảnh báo. Dùng để chạy hằng ngày (cron, Task Scheduler): xem
HUONG-DAN.md mục 10.

Mã thoát: 0 không có cảnh báo · 4 có cảnh báo · 1 lỗi (kể cả không gửi được thư) · 2 sai cách dùng
· 3 cơ sở dữ liệu đang bận.

  --month YYYY-MM   tháng cần kiểm tra (mặc định: tháng gần nhất có dữ liệu)
  --send            gửi cảnh báo qua e-mail cho recipients.alert trong tệp cấu hình; chỉ gửi khi danh sách
                    cảnh báo khác lần gửi trước (ghi trong reports/canh-bao/gui.json)
  --resend          gửi cả khi danh sách cảnh báo không đổi
  --config TỆP      tệp cấu hình gửi thư (mặc định data/gui-bao-cao.json)
  --company TÊN     tên công ty trong tiêu đề thư (mặc định biến HAUMAI_COMPANY hoặc "Trung tâm bảo hành")
  --out THƯ_MỤC     nơi ghi nhật ký gửi thư (mặc định reports)
  --db PATH         cơ sở dữ liệu (mặc định data/haumai.duckdb)
`;

export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...dbOption,
    month: { type: "string" },
    send: { type: "boolean" },
    resend: { type: "boolean" },
    config: { type: "string" },
    company: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(checkHelp);
    return 0;
  }
  checkMonthFlag(values.month);
  const send = values.send || values.resend;
  // The config is checked before the figures: a daily job with a broken config says so every day, alerts or not.
  const config = send ? loadDeliveryConfig(values.config ?? defaultDeliveryConfigPath) : undefined;
  if (config) recipientsFor(config, "alert");
  const company = values.company ?? process.env.HAUMAI_COMPANY ?? "Trung tâm bảo hành";

  const targets = loadTargets();
  const found = await monthKpisOf(values.db, targets, values.month);
  if (!found) return 1;
  const { months, month, current } = found;
  for (const note of coverageNotes(current.coverage)) process.stderr.write(`⚠ ${note}\n`);

  const catalogue = kpiCatalogue(targets);
  // A Board change restarts its KPI's control limits, as on the report (noise.ts).
  const phases = phaseStarts(loadDecisions());
  const alerts = alertsOf(judgeMonth(months, month, targets, phases, { monthToDate: true }), catalogue, current.kpis);
  const notMeasured = catalogue.filter((k) => current.kpis[k.id].status === "not_measured").length;
  process.stdout.write(
    `Kiểm tra ${formatMonth(month).toLowerCase()} (dữ liệu đến ${formatDay(current.coverage.to)})\n`,
  );
  process.stdout.write(
    alerts.length
      ? `⚠ ${alerts.length} chỉ số cần chú ý:\n${alerts.map(alertLine).join("\n")}\n`
      : "✔ Không có chỉ số nào không đạt mục tiêu hay có tín hiệu bất thường.\n",
  );
  if (notMeasured)
    process.stdout.write(`${notMeasured} chỉ số chưa đo được, không xét (xem npx haumai kpi --month ${month}).\n`);
  const code = alerts.length ? alertExitCode : 0;
  if (!config) return code;

  const log = resolve(values.out ?? "reports", "canh-bao", sendingLogName);
  const checkedAt = new Date().toISOString();
  if (alerts.length === 0) {
    markCleared(log, checkedAt);
    process.stdout.write("Không có cảnh báo, không gửi thư.\n");
    return 0;
  }
  const codes = alerts.flatMap(alertCode);
  // The month is part of what was sent: the same KPI off target in a new month is a new alert.
  const fingerprint = fingerprintOf([`month:${month}`, ...codes]);
  const last = alreadySent(readSendingLog(log), fingerprint);
  if (last && !values.resend) {
    process.stdout.write(
      `Không gửi lại: cùng các cảnh báo đã gửi lúc ${vietnamTime(last.sentAt)} tới ${last.to.join(", ")} (${log}).\n`,
    );
    return code;
  }
  const recipients = recipientsFor(config, "alert");
  const subject = alertSubject(month, alerts.length, company);
  // Loaded only to send: nodemailer is not needed by a run that mails nothing.
  const { SendError, sendMail } = await import("../delivery/send.ts");
  try {
    const sent = await sendMail(config, {
      subject,
      text: alertBody(month, alerts, checkedAt, current.coverage.partial),
      recipients,
      attachments: [],
    });
    appendSending(log, {
      sentAt: checkedAt,
      fingerprint,
      subject,
      ...recipients,
      rejected: sent.rejected,
      messageId: sent.messageId,
      attachments: [],
      month,
      alerts: codes,
    });
    const cc = recipients.cc.length ? ` (cc: ${recipients.cc.join(", ")})` : "";
    process.stdout.write(`✉ Đã gửi cảnh báo tới ${recipients.to.join(", ")}${cc}.\n`);
    if (sent.rejected.length)
      process.stderr.write(`⚠ Máy chủ thư từ chối: ${sent.rejected.join(", ")}; sửa trong ${config.file}.\n`);
  } catch (error) {
    if (!(error instanceof SendError)) throw error;
    process.stderr.write(`✘ ${error.message}\nChưa ghi nhận là đã gửi: lần chạy sau sẽ gửi lại.\n`);
    return 1;
  }
  return code;
}
