import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, UsageError, dbOption } from "./args.ts";
import { resolveDbPath, Warehouse } from "../warehouse/database.ts";
import { loadTargets } from "../kpi/targets.ts";
import { kpiDefinitions } from "../kpi/definitions.ts";
import { monthContents, waveContents, yearContents, type ReportContents } from "../report/contents.ts";
import {
  compareFigures,
  hashOf,
  importsOf,
  readManifest,
  type FigureChange,
  type Manifest,
} from "../report/manifest.ts";
import { writeWorkbook } from "../report/workbook.ts";
import { printPdf } from "../report/pdf.ts";
import { buildAndServe } from "../report/site.ts";
import { launchChromium } from "../report/chromium.ts";
import { kpiCatalogue } from "../kpi/registry.ts";
import type { Targets } from "../kpi/targets.ts";
import {
  defaultDeliveryConfigPath,
  loadDeliveryConfig,
  recipientsFor,
  type DeliveryConfig,
} from "../delivery/config.ts";
import { alreadySent, appendSending, fingerprintOf, readSendingLog, sendingLogName } from "../delivery/record.ts";
import { reportBody, reportSubject, vietnamTime } from "../delivery/message.ts";

export const reportHelp = `haumai report (--month YYYY-MM | --year YYYY | --wave YYYY-HN) [tùy chọn]

Phát hành báo cáo thành tệp trong reports/<kỳ>/: bản PDF A4 in từ trang dashboard (có số trang,
tiêu đề công ty và kỳ báo cáo), bảng tính XLSX (mỗi bảng một trang tính, số là số, ngày là ngày)
và manifest.json (lúc phát hành, các lần nạp và mã băm tệp, mục tiêu, định nghĩa, mọi số liệu).

Chạy lại khi dữ liệu đã đổi: Haumai liệt kê từng số liệu thay đổi so với báo cáo đã phát hành và
không ghi đè; thêm --replace để phát hành lại (bản cũ chuyển vào reports/<kỳ>/da-thay-the/).

  --month YYYY-MM   báo cáo tổng kết tháng
  --year YYYY       xem xét chính sách hậu mãi năm
  --wave YYYY-HN    phân tích khảo sát hài lòng
  --company TÊN     tên công ty ở đầu trang PDF (mặc định biến HAUMAI_COMPANY hoặc "Trung tâm bảo hành")
  --out THƯ_MỤC     nơi ghi (mặc định reports)
  --replace         phát hành lại khi số liệu đã đổi
  --send            gửi PDF + XLSX của kỳ qua e-mail cho người nhận trong tệp cấu hình (thân thư là phần tóm tắt);
                    chỉ gửi khi số liệu đã đổi so với lần gửi trước (ghi trong reports/<kỳ>/gui.json)
  --resend          gửi cả khi số liệu không đổi
  --config TỆP      tệp cấu hình gửi thư (mặc định data/gui-bao-cao.json; xem HUONG-DAN.md mục 10)
  --db PATH         cơ sở dữ liệu (mặc định data/haumai.duckdb)
`;

const changeLine = (c: FigureChange) => `  ${c.figure}: ${c.before ?? "–"} → ${c.after ?? "–"}`;

export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    ...dbOption,
    month: { type: "string" },
    year: { type: "string" },
    wave: { type: "string" },
    company: { type: "string" },
    out: { type: "string" },
    replace: { type: "boolean" },
    send: { type: "boolean" },
    resend: { type: "boolean" },
    config: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(reportHelp);
    return 0;
  }
  const chosen = (["month", "year", "wave"] as const).filter((k) => values[k]);
  if (chosen.length !== 1) throw new UsageError("chọn đúng một trong --month, --year, --wave");
  const kind = chosen[0];
  const period = values[kind]!;
  const pattern = { month: /^\d{4}-(0[1-9]|1[0-2])$/, year: /^\d{4}$/, wave: /^\d{4}-H[12]$/ }[kind];
  if (!pattern.test(period)) throw new UsageError(`--${kind} không đúng dạng: ${period}`);
  const dbPath = resolveDbPath(values.db);
  const company = values.company ?? process.env.HAUMAI_COMPANY ?? "Trung tâm bảo hành";
  const dir = resolve(values.out ?? "reports", period);
  // A wrong delivery config is found before minutes go into issuing a report that then cannot be sent.
  const send = values.send || values.resend;
  const delivery = send ? loadDeliveryConfig(values.config ?? defaultDeliveryConfigPath) : undefined;
  if (delivery) recipientsFor(delivery, kind);

  // Chromium starts while the figures are computed (it takes a few hundred milliseconds) and is closed at the end,
  // used or not; its failure is reported where the browser is needed.
  const launching = launchChromium();
  launching.catch(() => undefined);
  try {
    const warehouse = await Warehouse.open(dbPath, { readOnly: true });
    let contents: ReportContents | undefined;
    let manifest: Manifest;
    try {
      contents =
        kind === "month"
          ? await monthContents(warehouse, period)
          : kind === "year"
            ? await yearContents(warehouse, Number(period))
            : await waveContents(warehouse, period);
      if (!contents) {
        process.stderr.write(
          `✘ Không có dữ liệu cho ${kind === "month" ? "tháng" : kind === "year" ? "năm" : "đợt"} ${period}.\n`,
        );
        return 1;
      }
      const targets = loadTargets();
      manifest = {
        kind,
        period,
        issuedAt: new Date().toISOString(),
        database: dbPath,
        imports: await importsOf(warehouse),
        targets,
        definitionsHash: hashOf(kpiDefinitions(targets)),
        figures: contents.figures,
      };
    } finally {
      warehouse.close();
    }

    const manifestPath = join(dir, "manifest.json");
    const issued = readManifest(manifestPath);
    const changes = issued ? compareFigures(issued.figures, manifest.figures) : [];
    if (issued) {
      if (changes.length === 0) {
        process.stdout.write(
          `Không có số liệu nào thay đổi so với báo cáo đã phát hành lúc ${vietnamTime(issued.issuedAt)}; giữ nguyên ${dir}.\n`,
        );
        if (!delivery) return 0;
        return await deliver(delivery, { dir, period, manifest: issued, contents, company, resend: values.resend });
      }
      process.stdout.write(
        `${changes.length} số liệu đã thay đổi so với báo cáo phát hành lúc ${vietnamTime(issued.issuedAt)}:\n${changes.map(changeLine).join("\n")}\n`,
      );
      if (!values.replace) {
        process.stdout.write("Báo cáo cũ được giữ nguyên. Thêm --replace để phát hành lại.\n");
        // The issued files no longer hold the data's figures: mailing them would send numbers known to be stale.
        if (delivery) process.stdout.write("Không gửi thư: thêm --replace để phát hành lại rồi gửi bản mới.\n");
        return 1;
      }
    }
    // Without a browser nothing is built, written or moved aside, and the message says what to install.
    const browser = await launching;
    if (issued) {
      const archive = join(dir, "da-thay-the", issued.issuedAt.replace(/[:.]/g, "-"));
      mkdirSync(archive, { recursive: true });
      // The sending log stays: it is the period's, and it is what tells the new figures from the ones mailed before.
      for (const name of readdirSync(dir))
        if (name !== "da-thay-the" && name !== sendingLogName) renameSync(join(dir, name), join(archive, name));
      writeFileSync(
        join(dir, "thay-doi.txt"),
        `Phát hành lại ${vietnamTime(manifest.issuedAt)}, thay cho bản ${vietnamTime(issued.issuedAt)}:\n${changes.map(changeLine).join("\n")}\n`,
      );
    }
    mkdirSync(dir, { recursive: true });
    const base = join(dir, `bao-cao-${period}`);
    // The workbook is written while the site is found (or built) and printed: the two do not depend on each other.
    const workbook = writeWorkbook(`${base}.xlsx`, contents.sheets, { title: contents.title, company });
    const printed = (async () => {
      const server = await buildAndServe(dbPath);
      try {
        await printPdf(browser, server.url + contents.page, `${base}.pdf`, { company, title: contents.title });
      } finally {
        await server.close();
      }
    })();
    await Promise.all([workbook, printed]);
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    process.stdout.write(`✔ ${contents.title}: ${base}.pdf, ${base}.xlsx, ${manifestPath}\n`);
    if (!delivery) return 0;
    return await deliver(delivery, { dir, period, manifest, contents, company, resend: values.resend });
  } finally {
    await launching.then(
      (browser) => browser.close(),
      () => undefined,
    );
  }
}

interface Delivery {
  dir: string;
  period: string;
  /** The issued report's manifest: what the attached files hold. */
  manifest: Manifest;
  contents: ReportContents;
  company: string;
  resend?: boolean;
}

/**
 * Mail the period's issued PDF and XLSX, unless the figures are those of the last mail. Runs after the files are
 * written, so a mail server that fails leaves the report issued; only a mail the server accepted is recorded.
 */
async function deliver(config: DeliveryConfig, d: Delivery): Promise<number> {
  const log = join(d.dir, sendingLogName);
  const fingerprint = fingerprintOf(d.manifest.figures);
  const last = alreadySent(readSendingLog(log), fingerprint);
  if (last && !d.resend) {
    process.stdout.write(
      `Không gửi lại: số liệu không đổi kể từ lần gửi lúc ${vietnamTime(last.sentAt)} tới ${last.to.join(", ")}` +
        ` (${log}). Thêm --resend để vẫn gửi.\n`,
    );
    return 0;
  }
  const base = join(d.dir, `bao-cao-${d.period}`);
  const attachments = [`${base}.pdf`, `${base}.xlsx`];
  const missing = attachments.filter((f) => !existsSync(f));
  if (missing.length) {
    process.stderr.write(`✘ Không gửi được: thiếu tệp ${missing.join(", ")}. Phát hành lại bằng --replace.\n`);
    return 1;
  }
  const recipients = recipientsFor(config, d.manifest.kind);
  const subject = reportSubject(d.manifest.kind, d.period, d.company);
  const text = reportBody({
    kind: d.manifest.kind,
    period: d.period,
    summary: d.contents.summary ?? [],
    figures: d.manifest.figures,
    catalogue: kpiCatalogue(d.manifest.targets as Targets),
    issuedAt: d.manifest.issuedAt,
    attachments,
    company: d.company,
  });
  // Loaded only to send: nodemailer is not needed by a run that mails nothing.
  const { SendError, sendMail } = await import("../delivery/send.ts");
  let sent;
  try {
    sent = await sendMail(config, { subject, text, recipients, attachments });
  } catch (error) {
    if (!(error instanceof SendError)) throw error;
    process.stderr.write(
      `✘ ${error.message}\nBáo cáo đã phát hành vẫn nằm trong ${d.dir}; chưa ghi nhận là đã gửi.` +
        ` Chạy lại lệnh với --send khi máy chủ thư hoạt động.\n`,
    );
    return 1;
  }
  appendSending(log, {
    sentAt: new Date().toISOString(),
    fingerprint,
    subject,
    ...recipients,
    rejected: sent.rejected,
    messageId: sent.messageId,
    attachments: attachments.map((f) => f.slice(d.dir.length + 1)),
    issuedAt: d.manifest.issuedAt,
  });
  const cc = recipients.cc.length ? ` (cc: ${recipients.cc.join(", ")})` : "";
  process.stdout.write(`✉ Đã gửi "${subject}" tới ${recipients.to.join(", ")}${cc}.\n`);
  if (sent.rejected.length) {
    process.stderr.write(
      `⚠ Máy chủ thư từ chối: ${sent.rejected.join(", ")}; sửa các địa chỉ này trong ${config.file} rồi gửi lại bằng --resend.\n`,
    );
    return 1;
  }
  return 0;
}
