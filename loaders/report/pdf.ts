import type { Browser } from "playwright-core";

/**
 * Print one built page to an A4 PDF in headless Chromium: the page's print CSS hides the
 * sidebar and controls; the header carries the company and the period, the footer page numbers.
 * Fails if the page logs an error, so a broken report is never issued. The caller owns `browser`.
 */
export async function printPdf(
  browser: Browser,
  url: string,
  file: string,
  { company, title }: { company: string; title: string },
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  try {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("#observablehq-main h1");
    // Framework shows a loading mark in each cell until the cell first displays (after its data arrived); once
    // none is left the page is drawn. A cell that never displays would keep its mark: then wait as before, for
    // the network to be idle and a fixed delay.
    const drawn = await page
      .waitForFunction(() => !document.querySelector("observablehq-loading"), undefined, {
        timeout: 10_000,
        polling: 50,
      })
      .then(
        () => true,
        () => false,
      );
    if (drawn)
      await page.evaluate(() =>
        document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))),
      );
    else await page.waitForLoadState("networkidle").then(() => page.waitForTimeout(800));
    if (errors.length) throw new Error(`trang báo cáo có lỗi: ${errors.join("; ")}`);
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    await page.emulateMedia({ media: "print" });
    await page.pdf({
      path: file,
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="font: 9px DejaVu Sans, sans-serif; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;"><span>${escape(company)}</span><span>${escape(title)}</span></div>`,
      footerTemplate: `<div style="font: 9px DejaVu Sans, sans-serif; width: 100%; text-align: center;">Trang <span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
    });
  } finally {
    await page.close();
  }
}
