import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { defaultDemo, generateDemo } from "../../loaders/demo/generate.ts";
import { loadSurveyDefinition } from "../../loaders/survey/definition.ts";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { expandInputs } from "../../loaders/cli/ingest.ts";
import { monthlyKpis, type MonthKpis } from "../../loaders/kpi/monthly.ts";
import { Warehouse } from "../../loaders/warehouse/database.ts";
import { ensureSchema } from "../../loaders/warehouse/schema.ts";
import { scratchDir } from "../helpers.ts";
import { loadDecisions } from "../../loaders/review/decisions.ts";
import { serveStatic } from "../../loaders/report/staticServer.ts";
import { hasChromium, launchChromium } from "../../loaders/report/chromium.ts";

// In CI Chromium must be there (.ci/run installs it); on a developer machine without it, say so and skip.
const run = hasChromium || Boolean(process.env.CI);
if (!run) console.warn("Chromium not found at /usr/bin/chromium (apt-get install -y chromium): the browser tests are skipped");

const pages = ["/", "/bao-cao-thang", "/xem-xet-nam", "/khao-sat", "/chi-so-hai-long", "/kenh-phan-hoi", "/phieu-dich-vu", "/dinh-nghia", "/du-lieu"];

describe.skipIf(!run)("the built dashboard in Chromium", () => {
  const scratch = scratchDir();
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let months: MonthKpis[];

  beforeAll(async () => {
    const db = join(scratch.dir, "haumai.duckdb");
    await generateDemo({ ...defaultDemo, dir: join(scratch.dir, "demo") }, loadSurveyDefinition());
    const w = await Warehouse.open(db);
    await ensureSchema(w);
    for (const file of expandInputs([join(scratch.dir, "demo")])) await ingestFile(w, file);
    months = await monthlyKpis(w);
    w.close();
    execFileSync("npm", ["run", "build"], { env: { ...process.env, HAUMAI_DB: db }, stdio: "pipe" });
    server = await serveStatic("dist");
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    scratch.remove();
  });

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(server.url + path, { waitUntil: "networkidle" });
    await page.waitForSelector("#observablehq-main h1");
    await page.waitForTimeout(500);
    return { page, errors };
  }

  it.each(pages)("%s renders with no console error and no request off this machine", async (path) => {
    const { page, errors } = await open(path);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.reload({ waitUntil: "networkidle" });
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:"))).toEqual([]);
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    await page.close();
  });

  it("the monthly report shows the KPI module's figures, and changing the month changes them", async () => {
    const { page, errors } = await open("/bao-cao-thang");
    const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
    const card = (title: string) => page.locator(".card.kpi", { hasText: title }).locator(".big");
    const latest = months[months.length - 1];
    await expect.poll(() => page.locator("h1").innerText()).toContain(`Tháng ${Number(latest.month.slice(5))}/${latest.month.slice(0, 4)}`);
    expect(await card("Phiếu tiếp nhận").innerText()).toBe(number.format(latest.tickets_received));
    expect(await card("Chỉ số hài lòng").innerText()).toBe(`${number.format(latest.satisfaction.index! * 100)}%`);

    const other = months[months.length - 13];
    await page.locator("select").first().selectOption({ label: `Tháng ${Number(other.month.slice(5))}/${other.month.slice(0, 4)}` });
    await expect.poll(() => card("Phiếu tiếp nhận").innerText()).toBe(number.format(other.tickets_received));
    expect(await card("Tồn đọng cuối tháng").innerText()).toBe(number.format(other.backlog_end));
    const aging = page.locator("table", { hasText: "Tuổi phiếu" });
    expect(await aging.locator("tbody tr").count()).toBe(5);
    expect(await aging.locator("tbody tr").last().innerText()).toContain(number.format(other.backlog_bands[">30"]));
    expect(other.tickets_received).not.toBe(latest.tickets_received);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the annual review shows each KPI's verdict, and switching the year changes the figures", async () => {
    const { page, errors } = await open("/xem-xet-nam");
    const years = [...new Set(months.map((m) => m.month.slice(0, 4)))];
    await expect.poll(() => page.locator("h1").innerText()).toBe(`Xem xét chính sách hậu mãi năm ${years[years.length - 1]}`);
    expect(await page.locator(".card h2").count()).toBe(8);
    const first = await page.locator("table").first().innerText();
    await page.locator("select").first().selectOption({ label: years[years.length - 2] });
    await expect.poll(() => page.locator("h1").innerText()).toBe(`Xem xét chính sách hậu mãi năm ${years[years.length - 2]}`);
    expect(await page.locator("table").first().innerText()).not.toBe(first);
    expect(await page.locator("svg circle").count()).toBeGreaterThan(50);
    // The Board's decisions across years, from data/decisions/decisions.csv.
    expect(await page.locator("table").last().locator("tbody tr").count()).toBe(loadDecisions().length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the survey page searches comments ignoring tone marks, and switching the wave changes the figures", async () => {
    const { page, errors } = await open("/khao-sat");
    const count = async () => Number((await page.locator(".comment-count").innerText()).split("/")[0].replace(/\D/g, ""));
    const total = await count();
    await page.locator("input[type=text]").last().fill("bao hanh");
    await expect.poll(count).toBeLessThan(total);
    const shown = await page.locator("table").last().locator("tbody tr").allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(row.toLowerCase()).toContain("bảo hành");
    const index = () => page.locator(".card", { hasText: "Chỉ số hài lòng" }).locator(".big").innerText();
    const before = await index();
    await page.locator("select").first().selectOption({ index: 2 });
    await expect.poll(index).not.toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the ticket explorer filters by technician", async () => {
    const { page } = await open("/phieu-dich-vu");
    const count = async () => Number((await page.locator(".table-head p").innerText()).replace(/\D/g, ""));
    const all = await count();
    await page.locator("form select").nth(3).selectOption({ index: 1 });
    await expect.poll(count).toBeLessThan(all);
    expect(await count()).toBeGreaterThan(0);
    await page.close();
  });
});
