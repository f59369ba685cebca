import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// Retention and legal hold (issue 17 item 4, ADR 0024): the coordinator holds and
// releases a demo case closed in 2014, proposes its deletion after the dry run; an
// admin confirms it. Works on the demo case TM-SER-2014-001 (the other files never touch it).
const COORDINATOR = "coordinatore@demo.schedario.it";
const ADMIN = "admin@demo.schedario.it";
const CODE = "TM-SER-2014-001";

/** Set RETENTION_SCREENSHOTS=/some/dir to keep a screenshot of every page checked (to look at them). */
const SHOTS = process.env.RETENTION_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Focuses the element by Tab presses, as a keyboard user would, and activates it with Enter; waits for the page that follows. */
async function pressByKeyboard(page: Page, selector: string, url: RegExp | string) {
  await tabTo(page, selector, 120);
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
  await page.waitForLoadState("networkidle");
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
afterAll(() => browser.close());

describe("retention: propose → dry run → confirm by an admin", () => {
  it("the coordinator holds, releases and proposes by keyboard; the admin confirms on a phone; the case is gone", async () => {
    const base = inject("baseUrl");
    const coordinator = await openPage(browser, DESKTOP);
    await signIn(coordinator.page, COORDINATOR);
    await coordinator.page.goto(`${base}/conservazione`, { waitUntil: "networkidle" });
    const row = coordinator.page.locator("tr", { hasText: CODE });
    await expect.poll(() => row.textContent()).toMatch(/30 giugno 2014.*30 giugno 2024.*Da esaminare/);
    await expectNoAxeViolations(coordinator.page);
    await shot(coordinator.page, "conservazione-desktop");
    await pressByKeyboard(coordinator.page, `a[aria-label="Esamina la cartella ${CODE}"]`, /\/casi\/\d+\/conservazione$/);
    const casePath = new URL(coordinator.page.url()).pathname;

    // A legal hold: the reason is required; with it, no proposal can be made.
    await tabTo(coordinator.page, "form:has(input[name=intent][value=hold]) button[type=submit]");
    await coordinator.page.keyboard.press("Enter");
    await coordinator.page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(coordinator.page);
    await coordinator.page.getByLabel("Motivo del blocco").fill("Procedimento civile ancora aperto");
    await Promise.all([coordinator.page.waitForURL(/esito=hold/), coordinator.page.getByRole("button", { name: "Imposta il blocco legale" }).click()]);
    await expect.poll(() => coordinator.page.getByRole("status").textContent()).toMatch(/Blocco legale impostato/);
    await expect(coordinator.page.getByRole("button", { name: "Proponi l'eliminazione" }).count()).resolves.toBe(0);
    await shot(coordinator.page, "conservazione-cartella-blocco-desktop");
    await Promise.all([coordinator.page.waitForURL(/esito=release/), coordinator.page.getByRole("button", { name: "Revoca il blocco legale" }).click()]);

    // The dry run: what would be removed, by kind, in words.
    const report = coordinator.page.getByRole("region", { name: `Dati della cartella ${CODE} che verrebbero eliminati` });
    await expect.poll(() => report.textContent()).toMatch(/Schede\s*1.*Revisioni delle schede\s*1.*Blocchi legali revocati\s*1/s);
    await expectNoAxeViolations(coordinator.page);
    await shot(coordinator.page, "conservazione-cartella-prova-desktop");
    await pressByKeyboard(coordinator.page, "form:has(input[name=intent][value=propose]) button[type=submit]", /esito=propose/);
    await expect.poll(() => coordinator.page.getByRole("status").textContent()).toMatch(/deve confermarla un amministratore/);
    await expect.poll(() => coordinator.page.locator("main").textContent()).toMatch(/in attesa della conferma/);

    // The admin, on a phone: the proposal with the dry run then and now; confirmed by keyboard.
    const admin = await openPage(browser, PHONE);
    await signIn(admin.page, ADMIN);
    await admin.page.goto(`${base}/admin/conservazione`, { waitUntil: "networkidle" });
    const proposal = admin.page.locator("section", { has: admin.page.getByRole("heading", { name: `Cartella ${CODE}` }) });
    await expect.poll(() => proposal.textContent()).toMatch(/Proposta da .+Coordinat/);
    const main = (await admin.page.locator("main").textContent())!;
    expect(main).not.toMatch(/MIN-DEMO|"\w+":|submissions|revisions/);
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(admin.page);
    await shot(admin.page, "eliminazioni-phone");
    await pressByKeyboard(admin.page, `button[aria-label="Conferma l'eliminazione della cartella ${CODE}"]`, /esito=confirm/);
    await expect.poll(() => admin.page.getByRole("status").textContent()).toMatch(/Cartella eliminata/);
    await expect(admin.page.getByRole("heading", { name: `Cartella ${CODE}` }).count()).resolves.toBe(0);
    await expectNoAxeViolations(admin.page);
    await shot(admin.page, "eliminazioni-confermata-phone");

    // Gone for the coordinator: not in the list, the case page is a 404.
    await coordinator.page.goto(`${base}/conservazione`, { waitUntil: "networkidle" });
    await expect(coordinator.page.locator("tr", { hasText: CODE }).count()).resolves.toBe(0);
    const gone = await coordinator.page.goto(`${base}${casePath}`);
    expect(gone?.status()).toBe(404);
    expect(coordinator.errors.filter((e) => !e.includes("status of 400") && !e.includes("status of 404"))).toEqual([]);
    expect(admin.errors).toEqual([]);
    await coordinator.close();
    await admin.close();
  });

  it("the admin adds a rule on a phone by keyboard, gets the error with the typed text kept, then removes it", async () => {
    // Consulenza Legale: no demo case is closed there, so no other test sees the rule.
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, ADMIN);
    await page.goto(`${inject("baseUrl")}/admin/conservazione`, { waitUntil: "networkidle" });
    await pressByKeyboard(page, 'a[href="/admin/conservazione/regole"]', /\/admin\/conservazione\/regole$/);
    // The address changes before the new page renders: wait for its rules, then count them.
    await page.locator("fieldset", { hasText: "Vale per tutte le cartelle del servizio" }).first().waitFor();
    await expect(page.locator("fieldset", { hasText: "Vale per tutte le cartelle del servizio" }).count()).resolves.toBeGreaterThanOrEqual(9);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    await shot(page, "regole-phone");

    // The index takes the keyboard to the service; its "add a rule" opens with Enter.
    await tabTo(page, 'a[href="#servizio-consulenza-legale"]');
    await page.keyboard.press("Enter");
    await tabTo(page, "#servizio-consulenza-legale summary", 12);
    await page.keyboard.press("Enter");
    await tabTo(page, "#consulenza-legale-nuova-tipo", 5);
    await page.locator("#consulenza-legale-nuova-tipo").selectOption({ label: "Altro" });
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Pareri legali: termine del piano dell'Ente");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await page.locator(".error-summary").waitFor();
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Scrivi gli anni di conservazione dopo la chiusura come numero intero da 1 a 100.");
    await expect(page.inputValue("#consulenza-legale-nuova-fondamento")).resolves.toBe("Pareri legali: termine del piano dell'Ente");
    await expectNoAxeViolations(page);
    await shot(page, "regole-errore-phone");

    await page.locator("#consulenza-legale-nuova-anni").fill("15");
    await Promise.all([page.waitForURL(/esito=created/), page.getByRole("button", { name: "Aggiungi la regola: Consulenza Legale, nuova regola" }).click()]);
    await page.getByRole("status").filter({ hasText: "Regola aggiunta." }).waitFor();
    const added = page.locator("#servizio-consulenza-legale fieldset", { hasText: "Vale per le cartelle con un modulo di tipo «Altro»" });
    await expect(added.locator("input[name=anni]").inputValue()).resolves.toBe("15");

    await Promise.all([
      page.waitForURL(/esito=removed/),
      page.getByRole("button", { name: "Togli la regola: Consulenza Legale, le cartelle con un modulo di tipo «Altro»" }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: "Regola tolta" }).waitFor();
    await expect(added.count()).resolves.toBe(0);
    expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await close();
  });

  it("reads on a phone: the list and a case's retention page fit the screen", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, COORDINATOR);
    await page.goto(`${inject("baseUrl")}/conservazione`, { waitUntil: "networkidle" });
    await expect(page.locator("tr", { hasText: "TM-SER-2014-002" }).count()).resolves.toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    await shot(page, "conservazione-phone");
    await Promise.all([page.waitForURL(/\/conservazione$/), page.getByRole("link", { name: "Esamina la cartella TM-SER-2014-002" }).click()]);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    await shot(page, "conservazione-cartella-phone");
    expect(errors).toEqual([]);
    await close();
  });
});
