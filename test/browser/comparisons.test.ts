import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { serveStatic } from "../../loaders/report/staticServer.ts";
import { hasChromium, launchChromium } from "../../loaders/report/chromium.ts";
import { buildSite } from "../../loaders/report/site.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiById } from "../../loaders/kpi/registry.ts";
import { funnelData, funnelDimensions, type FunnelData, type FunnelGroup } from "../../loaders/kpi/funnel.ts";
import { paretoData, type ParetoData } from "../../loaders/kpi/pareto.ts";
import { formatMonth, formatNumber, formatPercent } from "@haumai/vi";
import { demoWarehouse, scratchDir } from "../helpers.ts";
import { openPage } from "./page.ts";

// The "So sánh công bằng" page on the demo data: the figures it displays are the engine's, formatted with @haumai/vi.
const run = hasChromium || Boolean(process.env.CI);
const month = "2026-09";

/** What a reader should see for a group outside the limits, written out here, not taken from the page's code. */
const place: Record<FunnelGroup["position"], string> = {
  inside: "trong giới hạn",
  above_95: "cao hơn giới hạn 95%",
  below_95: "thấp hơn giới hạn 95%",
  above_998: "cao hơn giới hạn 99,8%",
  below_998: "thấp hơn giới hạn 99,8%",
};
const side = { better: " (tốt hơn)", worse: " (kém hơn)" };

async function cells(page: Page, selector: string): Promise<string[][]> {
  return page
    .locator(`${selector} tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim())))
    .then((rows) => rows.map((r) => r.slice(1))); // Inputs.table's first cell is its (empty) row-selection cell
}

describe.skipIf(!run)("the fair-comparisons page in Chromium, on the demo", () => {
  const scratch = scratchDir();
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let funnels: FunnelData;
  let paretos: ParetoData;
  const targets = loadTargets();

  beforeAll(async () => {
    const db = join(scratch.dir, "haumai.duckdb");
    const w = await demoWarehouse(scratch.dir, db);
    await installFacts(w, targets.repeatWindowDays);
    funnels = await funnelData(w, targets);
    paretos = await paretoData(w);
    w.close();
    buildSite(db, join(scratch.dir, "site"));
    server = await serveStatic(join(scratch.dir, "site"));
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    scratch.remove();
  });

  const open = (path: string) => openPage(browser, server.url + path);

  /**
   * The engine's groups outside the 95% limits of a period as the table should show them: worse beyond 99.8%, worse
   * beyond 95%, better beyond 99.8%, better beyond 95%; within each, the engine's order.
   */
  const severity = (g: FunnelGroup) => (g.side === "worse" ? 0 : 2) + (g.position.endsWith("998") ? 0 : 1);
  const outsideRows = (period: string) =>
    funnels.funnels
      .filter((f) => f.month === month && f.period === period)
      .flatMap((f) => f.groups.filter((g) => g.position !== "inside").map((g) => ({ f, g })))
      .sort((a, b) => severity(a.g) - severity(b.g))
      .map(({ f, g }) => [
        kpiById(f.kpi).label,
        funnelDimensions[f.dimension],
        g.key,
        formatNumber(g.n),
        formatPercent(g.rate),
        `${formatPercent(g.limits.lower95)} – ${formatPercent(g.limits.upper95)}`,
        `${formatPercent(g.limits.lower998)} – ${formatPercent(g.limits.upper998)}`,
        place[g.position] + (g.side ? side[g.side] : ""),
      ]);

  it("lists the groups outside the limits with the engine's figures, for the month and for 12 months", async () => {
    const { page, errors } = await open(`/so-sanh?month=${month}`);
    await expect.poll(() => page.locator("h1").innerText()).toContain(formatMonth(month).toLowerCase());
    const expected = outsideRows("month");
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => cells(page, "[data-outside]")).toEqual(expected);

    await page.getByLabel("12 tháng đến tháng đã chọn").check();
    const year = outsideRows("year");
    expect(year).not.toEqual(expected);
    await expect.poll(() => cells(page, "[data-outside]")).toEqual(year);
    expect(await page.locator("h1").innerText()).toContain("từ tháng 10/2025 đến tháng 9/2026");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the demo's bad September: a technician's fix rate is below the 99.8% limit, named on the funnel", async () => {
    const f = funnels.funnels.find(
      (x) => x.month === month && x.period === "month" && x.kpi === "fix_rate" && x.dimension === "technician",
    )!;
    const bad = f.groups.filter((g) => g.position === "below_998" && g.side === "worse");
    expect(bad.length).toBeGreaterThan(0);
    const { page, errors } = await open(`/so-sanh?month=${month}`);
    const outside = await cells(page, "[data-outside]");
    for (const g of bad) {
      expect(outside.find((r) => r[2] === g.key)?.at(-1)).toBe("thấp hơn giới hạn 99,8% (kém hơn)");
      await expect
        .poll(() => page.locator("[data-funnel=fix_rate-technician] svg text").allTextContents())
        .toContain(g.key);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws one dot a group in each funnel, and says the centre's rate", async () => {
    const { page, errors } = await open(`/so-sanh?month=${month}`);
    for (const f of funnels.funnels.filter((x) => x.month === month && x.period === "month")) {
      const card = page.locator(`[data-funnel=${f.kpi}-${f.dimension}]`);
      await expect
        .poll(() => card.locator("svg circle").count(), { message: `${f.kpi} ${f.dimension}` })
        .toBe(f.groups.length);
      expect(await card.innerText()).toContain(
        `Toàn trung tâm: ${formatPercent(f.centre)} (${formatNumber(f.x)} / ${formatNumber(f.n)})`,
      );
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Pareto tables show the engine's counts, shares and cumulative shares", async () => {
    const { page, errors } = await open(`/so-sanh?month=${month}`);
    for (const set of ["repeat", "complaint"] as const) {
      const p = paretos.paretos.find((x) => x.set === set && x.month === month && x.period === "month")!;
      const missing = p.key === "fault" ? "(không ghi lỗi)" : "(không ghi model)";
      const expected = p.bars.map((b) => [
        b.value ?? missing,
        formatNumber(b.count),
        formatPercent(b.share),
        formatPercent(b.cumulative),
      ]);
      expect(expected.length, set).toBeGreaterThan(3);
      // Inputs renders twice its 8 visible rows before any scroll.
      await expect.poll(() => cells(page, `[data-pareto=${set}]`), { message: set }).toEqual(expected.slice(0, 16));
      expect(await page.locator(`[data-pareto=${set}]`).innerText()).toContain(`${formatNumber(p.total)} trường hợp`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
