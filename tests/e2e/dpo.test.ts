import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, launchBrowser, openPage, signIn } from "./support/browser";

// Accounts and audit for the data protection officer (issue 17). The reset is
// tried on a user made here, so the demo users keep their password for the other files.
const ADMIN = "admin@demo.schedario.it";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("password reset", () => {
  it("an admin makes a one-time link; the user sets a new password on it, signs in, and the link is dead", async () => {
    const base = inject("baseUrl");
    const email = `reimposta.${Date.now()}@comune.it`;
    const admin = await openPage(browser);
    await signIn(admin.page, ADMIN);
    await admin.page.goto(`${base}/admin/utenti/nuovo`, { waitUntil: "networkidle" });
    await admin.page.getByLabel("Indirizzo e-mail").fill(email);
    await admin.page.getByLabel("Nome e cognome").fill("Bruno Reimposta");
    await admin.page.getByLabel("Password iniziale").fill("password iniziale dimenticata");
    await admin.page.getByLabel("Ruolo").selectOption("viewer");
    await admin.page.getByLabel("Servizio").selectOption("affidi");
    await Promise.all([admin.page.waitForURL(/\/admin\/utenti\/\d+$/), admin.page.getByRole("button", { name: "Crea l'utente" }).click()]);

    await admin.page.getByRole("button", { name: "Crea un link per impostare la password" }).click();
    const link = (await admin.page.locator(".token-value").textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${base}/reimposta-password/[a-z2-7]{24}\\.[a-z2-7]{24}$`));
    await expectNoAxeViolations(admin.page);
    // Shown once: reloading the page says a link is waiting, without showing it.
    await admin.page.reload();
    await expect(admin.page.locator(".token-value").count()).resolves.toBe(0);
    await expect(admin.page.getByText(/non è ancora stato usato/).count()).resolves.toBe(1);

    const user = await openPage(browser, PHONE);
    await user.page.goto(link, { waitUntil: "networkidle" });
    await expect.poll(() => user.page.getByRole("heading", { level: 1 }).textContent()).toBe("Imposta una nuova password");
    await expectNoAxeViolations(user.page);
    await user.page.getByLabel("Nuova password", { exact: true }).fill("corta");
    await user.page.getByLabel("Ripeti la nuova password").fill("corta");
    await user.page.getByRole("button", { name: "Imposta la password" }).click();
    await user.page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(user.page);
    await user.page.getByLabel("Nuova password", { exact: true }).fill("una frase nuova e lunga");
    await user.page.getByLabel("Ripeti la nuova password").fill("una frase nuova e lunga");
    await Promise.all([user.page.waitForURL("**/login?password=reimpostata"), user.page.getByRole("button", { name: "Imposta la password" }).click()]);
    await expect.poll(() => user.page.getByRole("status").textContent()).toMatch(/Password impostata/);
    await user.page.getByLabel("Indirizzo e-mail").fill(email);
    await user.page.getByLabel("Password").fill("una frase nuova e lunga");
    await Promise.all([user.page.waitForURL(`${base}/lavoro`), user.page.getByRole("button", { name: "Accedi" }).click()]);

    const again = await user.page.goto(link);
    expect(again?.status()).toBe(404);
    await expect.poll(() => user.page.getByRole("heading", { level: 1 }).textContent()).toBe("Il link non è più valido");
    expect(admin.errors).toEqual([]);
    expect(user.errors.filter((e) => !e.includes("status of 400") && !e.includes("status of 404"))).toEqual([]);
    await admin.close();
    await user.close();
  });
});

describe("the audit log", () => {
  for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
    it(`reads in Italian on a ${name}, filters by kind, offers the CSV, and has no axe violation`, async () => {
      const { page, errors, close } = await openPage(browser, viewport);
      await signIn(page, ADMIN);
      await page.goto(`${inject("baseUrl")}/admin/registro`, { waitUntil: "networkidle" });
      // Signing in lands on Il mio lavoro, whose reading is recorded too: the sign-in is just before it.
      const login = page.locator(".audit-event", { hasText: "Accesso riuscito" }).first();
      await expect.poll(() => login.textContent()).toMatch(/Accesso riuscito.*Anna Amministratrice/s);
      const text = (await page.locator("main").textContent())!;
      expect(text).not.toMatch(/auth\.login|::1|"\w+":/);
      // No e-mail address is broken into a column of letters: each card is as wide as the page allows.
      const widths = await page.locator(".audit-event__email").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
      expect(Math.min(...widths)).toBeGreaterThan(100);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoAxeViolations(page);

      await page.getByLabel("Tipo di operazione").selectOption({ label: "Accessi e password: accesso riuscito" });
      await Promise.all([page.waitForURL(/tipo=auth\.login\.succeeded/), page.getByRole("button", { name: "Filtra" }).click()]);
      // The address changes as the navigation starts; the filtered list renders a moment later.
      await expect.poll(async () => new Set(await page.locator(".audit-event__head strong").allTextContents()), { timeout: 15_000 }).toEqual(new Set(["Accesso riuscito"]));
      const csv = await page.getByRole("link", { name: "Scarica in CSV" }).getAttribute("href");
      const response = await page.request.get(`${inject("baseUrl")}${csv}`);
      expect(response.status()).toBe(200);
      expect((await response.text()).split("\r\n")[1]).toContain("Accesso riuscito");
      expect(errors).toEqual([]);
      await close();
    });
  }
});

describe("who consulted a case", () => {
  it("a coordinator opens the report from the case page; it lists the case list just seen, with the role", async () => {
    const base = inject("baseUrl");
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, "coordinatore@demo.schedario.it");
    await page.goto(`${base}/casi?codice=TM-SER-2026-001`, { waitUntil: "networkidle" });
    await Promise.all([page.waitForURL(/\/casi\/\d+$/), page.getByRole("link", { name: "TM-SER-2026-001" }).first().click()]);
    await Promise.all([page.waitForURL(/\/casi\/\d+\/accessi$/), page.getByRole("link", { name: "Vedi gli accessi" }).click()]);
    // The address changes as the navigation starts; the report renders a moment later.
    await page.getByRole("heading", { level: 1, name: "Chi ha consultato la cartella TM-SER-2026-001" }).waitFor();
    const cards = await page.locator(".audit-event").allTextContents();
    expect(cards.some((c) => c.includes("Elenco delle cartelle consultato") && c.includes("Coordinatore"))).toBe(true);
    expect(cards.some((c) => c.includes("Cartella consultata"))).toBe(true);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });
});
