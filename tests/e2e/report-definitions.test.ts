import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, expectNoAxeViolationsWithoutJs, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// Demo users seeded by the server (README.md, "Demo users").
const ADMIN = "admin@demo.schedario.it";
const COORDINATOR = "coordinatore@demo.schedario.it";
/** Set REPORT_SCREENSHOTS=/some/dir to keep phone and desktop screenshots of the pages. */
const SHOTS = process.env.REPORT_SCREENSHOTS;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser.close());

/** Chooses an option of a select with the keyboard alone: focus by Tab, then type the start of the option's label. */
async function chooseByTyping(page: Page, selector: string, label: string, expected: string) {
  await tabTo(page, selector);
  await page.keyboard.type(label);
  await expect(page.locator(selector).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).resolves.toBe(expected);
}

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

describe("reports declared by an admin", () => {
  const title = `Esito degli incontri protetti per trimestre ${Date.now()}`;

  it("are made with the keyboard: form, field, measure and grouping by their titles, a live preview, Pubblica; a coordinator finds the table", async () => {
    const admin = await openPage(browser, DESKTOP);
    const { page } = admin;
    await signIn(page, ADMIN);
    await tabTo(page, 'nav a[href="/admin/rapporti"]');
    await Promise.all([page.waitForURL(/\/admin\/rapporti$/), page.keyboard.press("Enter")]);
    await page.locator("h1", { hasText: "Report (gestione)" }).waitFor();
    // The built-in reports are listed, read-only.
    await page.getByRole("table", { name: /Report predefiniti/ }).getByText("Esito degli incontri di Spazio Neutro, per mese").waitFor();
    await tabTo(page, 'a[href="/admin/rapporti/nuovo"]');
    await Promise.all([page.waitForURL(/\/admin\/rapporti\/nuovo$/), page.keyboard.press("Enter")]);
    await page.locator("h1", { hasText: "Nuovo report" }).waitFor();

    await typeInto(page, "#title", title);
    await typeInto(page, "#description", "Verbali di Spazio Neutro inviati, per esito e trimestre dell'incontro.");
    await chooseByTyping(page, "#form", "Verbale di i", "Verbale di incontro — Spazio Neutro");
    await chooseByTyping(page, "#field", "Esito dell", "Esito dell'incontro");
    await chooseByTyping(page, "#date", "Data dell", "Data dell'incontro");
    await chooseByTyping(page, "#measure", "Dis", "Distribuzione per opzione");
    await chooseByTyping(page, "#groupBy", "Tri", "Trimestre");

    // The live preview: the table as it will show, with the options of the field as columns.
    const preview = page.locator("section.report-preview");
    await preview.locator("h3", { hasText: title }).waitFor();
    await expect.poll(() => preview.textContent()).toContain(`anno ${new Date().getFullYear()}`);
    await expectNoAxeViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/report-definition-desktop.png`, fullPage: true });

    await tabTo(page, 'button[value="pubblica"]');
    await Promise.all([page.waitForURL(/\/admin\/rapporti\?esito=pubblicato$/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Report pubblicato");
    await page.getByRole("table", { name: /Report pubblicati/ }).getByRole("link", { name: title }).waitFor();
    await expectNoAxeViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/report-definitions-desktop.png`, fullPage: true });
    expect(admin.errors).toEqual([]);
    await admin.close();

    const coordinator = await openPage(browser, DESKTOP);
    await signIn(coordinator.page, COORDINATOR);
    await coordinator.page.goto(new URL("/rapporti?periodo=anno", coordinator.page.url()).href);
    await coordinator.page.locator(".report-section h2", { hasText: title }).waitFor();
    expect(coordinator.errors).toEqual([]);
    await coordinator.close();
  });

  it("work without JavaScript: «Mostra l'anteprima» shows the table and keeps what was typed; a bad input loses nothing", async () => {
    const { page, errors, close } = await openPage(browser, { ...DESKTOP, javaScriptEnabled: false });
    await signIn(page, ADMIN);
    await page.goto(new URL("/admin/rapporti/nuovo", page.url()).href);
    await page.locator("#title").fill("Durata media degli incontri senza JavaScript");
    await page.locator("#form").selectOption({ label: "Verbale di incontro — Spazio Neutro" });
    // The fields are the chosen form's only after the page is sent once.
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Mostra l'anteprima" }).click()]);
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Descrizione: campo obbligatorio");
    await expect(page.locator("#title").inputValue()).resolves.toBe("Durata media degli incontri senza JavaScript");
    await expectNoAxeViolationsWithoutJs(page);
    await page.locator("#description").fill("Durata media in minuti, per comune.");
    await page.locator("#field").selectOption({ label: "Durata (minuti)" });
    await page.locator("#measure").selectOption("mean");
    await page.locator("#groupBy").selectOption("comune");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Mostra l'anteprima" }).click()]);
    await page.locator("section.report-preview h3", { hasText: "Durata media degli incontri senza JavaScript" }).waitFor();
    await expect(page.locator("#field").inputValue()).resolves.toBe("/durataMinuti");
    await expectNoAxeViolationsWithoutJs(page);
    // The one console message: the browser's note on the 400 of the incomplete preview sent above.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await close();
  });

  it("are clean for axe on a phone", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, ADMIN);
    for (const path of ["/admin/rapporti", "/admin/rapporti/nuovo"]) {
      await page.goto(new URL(path, page.url()).href, { waitUntil: "networkidle" });
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport!.width);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/report-definition${path.endsWith("nuovo") ? "" : "s"}-phone.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
    await close();
  });
});
