import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// Demo users seeded by the server (README.md, "Demo users").
const COORDINATOR = "coordinatore@demo.schedario.it";
const WORKER = "operatore.seregno@demo.schedario.it";
/** Set REPORT_SCREENSHOTS=/some/dir to keep phone, desktop and print screenshots of the report. */
const SHOTS = process.env.REPORT_SCREENSHOTS;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser.close());

async function signInAs(email: string, options: BrowserContextOptions = DESKTOP) {
  const opened = await openPage(browser, options);
  await signIn(opened.page, email);
  return opened;
}

describe("the coordinators' report", () => {
  it("is reached from the navigation with the keyboard; a figure opens the list of the cases it counts", async () => {
    const { page, errors, close } = await signInAs(COORDINATOR);
    await tabTo(page, 'nav a[href="/rapporti"]');
    await Promise.all([page.waitForURL(/\/rapporti$/), page.keyboard.press("Enter")]);
    await page.locator("h1", { hasText: "Report dei servizi" }).waitFor();
    // The current year by default, for every service and comune of the coordinator.
    const year = new Date().getFullYear();
    await expect.poll(() => page.locator(".report-scope").textContent()).toBe(`anno ${year} · Tutti i servizi · Tutti i comuni`);
    // The built-in tables first; the reports admins publish (report-definitions.test.ts may have added one) follow.
    const sections = await page.locator(".report-section h2").allTextContents();
    expect(sections.slice(0, 9)).toEqual([
      "Cartelle aperte, chiuse e in carico",
      "Chiusure per motivo",
      "Tempi di risposta",
      "Esiti P.I.P.P.I. tra T0 e T2",
      "Copertura dei consensi delle famiglie",
      "Scadenze delle relazioni al tribunale",
      "Schede per modulo e stato",
      "Esito degli incontri di Spazio Neutro, per mese",
      "Durata degli incontri di Spazio Neutro, per comune",
    ]);
    // The demo opens cases this year: the figure is a link, small counts read «< 5».
    const opened = page.getByRole("table", { name: "Cartelle aperte, chiuse e in carico" }).getByRole("row", { name: /Aperte nel periodo/ }).getByRole("link");
    const shown = (await opened.textContent())!;
    expect(shown).toMatch(/^(< 5|\d{1,3}(\.\d{3})*)$/);
    if (!shown.startsWith("<")) expect(Number(shown.replace(".", ""))).toBeGreaterThanOrEqual(5);
    await opened.focus();
    await Promise.all([page.waitForURL(/\/casi\?/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Cartelle aperte, chiuse e in carico › Aperte nel periodo › Cartelle");
    const listed = await page.locator(".list--cases tbody tr").count();
    if (!shown.startsWith("<")) expect(listed).toBe(Math.min(Number(shown.replace(".", "")), 25));
    else expect(listed).toBeGreaterThanOrEqual(1);
    await page.getByRole("link", { name: "Torna al report" }).click();
    await page.waitForURL(/\/rapporti\?/);

    // Another period, chosen with the page's own fields: a quarter.
    await page.getByLabel("Periodo", { exact: true }).selectOption("trimestre");
    await page.getByLabel("Trimestre", { exact: true }).selectOption("1");
    await Promise.all([page.waitForURL(/trimestre=1/), page.getByRole("button", { name: "Mostra il report" }).click()]);
    // The address changes before the new report renders: wait for the quarter's own heading line.
    await page.locator(".report-scope", { hasText: `1º trimestre ${year}` }).waitFor();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("is clean for axe on a phone and on a desktop with charts; each chart has a title and a description", async () => {
    for (const options of [PHONE, DESKTOP]) {
      const { page, errors, close } = await signInAs(COORDINATOR, options);
      await page.goto(new URL("/rapporti?periodo=anno", page.url()).href, { waitUntil: "networkidle" });
      const charts = page.locator("svg.report-chart");
      for (let i = 0; i < (await charts.count()); i++) {
        const chart = charts.nth(i);
        await expect(chart.getAttribute("role")).resolves.toBe("img");
        await expect.poll(() => chart.locator("title").textContent()).toMatch(/^Grafico: /);
        await expect.poll(() => chart.locator("desc").textContent()).toContain("Gli stessi valori sono nella tabella che segue.");
      }
      await expectNoAxeViolations(page);
      // Nothing wider than the screen but the tables' own scrolling regions.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(options.viewport!.width);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/report-${options === PHONE ? "phone" : "desktop"}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await close();
    }
  });

  it("prints on A4 without navigation, filters and download links", async () => {
    const { page, errors, close } = await signInAs(COORDINATOR);
    await page.goto(new URL("/rapporti?periodo=anno", page.url()).href, { waitUntil: "networkidle" });
    const display = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).display);
    await expect(display(".report-filters")).resolves.not.toBe("none");
    await page.emulateMedia({ media: "print" });
    await expect(display(".report-filters")).resolves.toBe("none");
    await expect(display(".site-nav")).resolves.toBe("none");
    await expect(display(".report-section .no-print")).resolves.toBe("none");
    await expect(display(".report-table")).resolves.toBe("table");
    if (SHOTS) {
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
    await close();
  });

  it("downloads the whole report as PDF with the keyboard, for the period shown", async () => {
    const { page, errors, close } = await signInAs(COORDINATOR);
    await page.goto(new URL("/rapporti?periodo=trimestre&anno=2026&trimestre=2", page.url()).href, { waitUntil: "networkidle" });
    await tabTo(page, 'a[href^="/rapporti.pdf?"]');
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(download.suggestedFilename()).toBe("report-2026-04-01-2026-06-30.pdf");
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
    await close();
  });

  it("is not offered to workers, and answers them 403", async () => {
    const { page, close } = await signInAs(WORKER);
    expect(await page.locator('nav a[href="/rapporti"]').count()).toBe(0);
    const response = await page.goto(new URL("/rapporti", page.url()).href);
    expect(response?.status()).toBe(403);
    await close();
  });
});
