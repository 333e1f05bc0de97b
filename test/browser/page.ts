import type { Browser, Page } from "playwright-core";

/** Open a page of a served site, collecting console errors, page errors and failed requests. */
export async function openPage(
  browser: Browser,
  url: string,
  { width = 1400, height = 1000 } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#observablehq-main h1");
  await page.waitForTimeout(500);
  return { page, errors };
}

/** Table cells and headers under `scope` whose text does not fit their box (an ellipsis, or text running past). */
export async function cutCells(page: Page, scope = "#observablehq-main"): Promise<string[]> {
  return page.evaluate(
    (scope) =>
      [...document.querySelectorAll<HTMLElement>(`${scope} td, ${scope} th`)]
        .filter((cell) => cell.checkVisibility() && cell.textContent!.trim() !== "")
        .filter((cell) => {
          const style = getComputedStyle(cell);
          return (
            cell.scrollWidth > cell.clientWidth + 1 ||
            (style.textOverflow === "ellipsis" && style.overflowX !== "visible")
          );
        })
        .map((cell) => `${cell.tagName} "${cell.textContent}" (${cell.scrollWidth} > ${cell.clientWidth})`),
    scope,
  );
}
