import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { monthlyKpis, type MonthKpis } from "../../loaders/kpi/monthly.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { annualReview, type AnnualReview } from "../../loaders/review/annual.ts";
import { loadDecisions, type BoardDecision } from "../../loaders/review/decisions.ts";
import { serveStatic } from "../../loaders/report/staticServer.ts";
import { hasChromium, launchChromium } from "../../loaders/report/chromium.ts";
import { changeSideText, changeSignalLabels, decisionMarkLabel, formatKpiChange } from "@haumai/vi";
import { formatSignedKpiChange } from "@haumai/vi";
import { demoWarehouse, scratchDir } from "../helpers.ts";
import { buildSite } from "../../loaders/report/site.ts";
import { cutCells, openPage } from "./page.ts";

// In CI Chromium must be there (.ci/run installs it); on a developer machine without it, skip (pages.test.ts says so).
const run = hasChromium || Boolean(process.env.CI);

describe.skipIf(!run)("the Board's decisions on the built demo site", () => {
  const scratch = scratchDir();
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  let months: MonthKpis[];
  let decisions: BoardDecision[];
  let review2026: AnnualReview;

  beforeAll(async () => {
    const db = join(scratch.dir, "haumai.duckdb");
    const w = await demoWarehouse(scratch.dir, db);
    months = await monthlyKpis(w, { targets: loadTargets() });
    w.close();
    // The demo's sample decisions, in a file of the test's own (data/decisions/decisions.csv is never touched).
    const file = join(scratch.dir, "decisions.csv");
    copyFileSync(fileURLToPath(new URL("../../loaders/demo/decisions.csv", import.meta.url)), file);
    decisions = loadDecisions(file);
    review2026 = annualReview(months, 2026, loadTargets(), decisions);
    // Its own output folder: pages.test.ts builds dist/ and may run at the same time.
    process.env.HAUMAI_DECISIONS = file;
    buildSite(db, join(scratch.dir, "site"));
    server = await serveStatic(join(scratch.dir, "site"));
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    delete process.env.HAUMAI_DECISIONS;
    await browser?.close();
    await server?.close();
    scratch.remove();
  });

  const open = (path: string) => openPage(browser, server.url + path);

  it("the 2026 review shows fix_rate before vs after its change as the engine computed it", async () => {
    const fix = review2026.kpis.find((k) => k.id === "fix_rate")!;
    const change = fix.change!;
    // Decided at the 2025 review, effective 1 February 2026: the chart splits at February.
    expect(change).toMatchObject({ decision_year: 2025, effective: "2026-02-01", effective_month: "2026-02" });
    expect(fix.control.phases?.map((p) => p.from)).toEqual([0, 1]);
    const { page, errors } = await open("/xem-xet-nam?year=2026");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Xem xét chính sách hậu mãi năm 2026");
    const block = page.locator(".change-effect[data-kpi=fix_rate]");
    const cells = await block.locator("tbody tr").first().locator("td").allInnerTexts();
    expect(cells.map((c) => c.trim()).filter(Boolean)).toEqual([
      changeSideText(change.before, fix.unit),
      changeSideText(change.after, fix.unit),
      formatSignedKpiChange(fix.unit, change.delta),
      `±${formatKpiChange(fix.unit, change.limit!)}`,
      changeSignalLabels[change.signal],
    ]);
    // The control chart marks where the new phase starts.
    const card = page.locator(".card[data-kpi=fix_rate]");
    expect(await card.locator("svg").first().innerHTML()).toContain("Thay đổi từ T2");
    // The before/after tables fit, on screen and printed on A4 (the year report's PDF is this page).
    expect(await cutCells(page, ".change-effect")).toEqual([]);
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: "print" });
    await page.waitForTimeout(300);
    expect(await cutCells(page, ".change-effect")).toEqual([]);
    // A KPI the Board kept has no before/after.
    expect(await page.locator(".change-effect[data-kpi=complaint_rate]").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the 2025 review shows response_time before vs after the change decided in 2024", async () => {
    const review2025 = annualReview(months, 2025, loadTargets(), decisions);
    const response = review2025.kpis.find((k) => k.id === "response_time")!;
    // The demo's tickets answer faster from 1 February 2025: a real improvement, not noise.
    expect(response.change).toMatchObject({ decision_year: 2024, effective: "2025-02-01", signal: "improved" });
    const { page, errors } = await open("/xem-xet-nam?year=2025");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Xem xét chính sách hậu mãi năm 2025");
    const text = await page.locator(".change-effect[data-kpi=response_time]").innerText();
    expect(text).toContain(changeSideText(response.change!.before, response.unit));
    expect(text).toContain(changeSignalLabels[response.change!.signal]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the monthly report's trend charts carry the Board's changes at their effective month", async () => {
    const { page, errors } = await open("/bao-cao-thang");
    // The label is the text's own text; its <title> child is the tooltip.
    const labels = await page.locator("g.decision-mark text").evaluateAll((els) =>
      els.map((e) =>
        [...e.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join(""),
      ),
    );
    const fixChange = decisions.find((d) => d.year === 2025 && d.kpi === "fix_rate")!;
    expect(labels).toContain(decisionMarkLabel(fixChange));
    expect(decisionMarkLabel(fixChange)).toBe("Thay đổi 02/2026");
    // The tooltip carries the Board's note.
    const titles = await page.locator("g.decision-mark title").allTextContents();
    expect(titles.some((t) => t.includes(fixChange.note))).toBe(true);
    await page.screenshot({ path: join(scratch.dir, "bao-cao-thang.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
