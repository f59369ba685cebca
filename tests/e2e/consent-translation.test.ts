import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, expectNoAxeViolations, launchBrowser, openPage, signIn, type TestPage } from "./support/browser";

/**
 * Issue 15, item 4: an admin approves the Arabic translation of
 * consenso-intervento (the demo seed loaded it as a draft); a family opens
 * its link on a phone, chooses العربية with the keyboard only, reads the page
 * right-to-left, answers, signs, and gets a receipt naming the language.
 * CONSENT_SCREENSHOTS=/some/dir keeps the phone screenshots.
 */
const SHOTS = process.env.CONSENT_SCREENSHOTS;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let browser: Browser;
let baseUrl: string;
let admin: TestPage;
let worker: TestPage;

beforeAll(async () => {
  baseUrl = inject("baseUrl");
  browser = await launchBrowser();
  admin = await openPage(browser, DESKTOP);
  await signIn(admin.page, "admin@demo.schedario.it");
  worker = await openPage(browser, DESKTOP);
  await signIn(worker.page, "operatore.seregno@demo.schedario.it");
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  expect([...admin.errors, ...worker.errors]).toEqual([]);
  await admin.close();
  await worker.close();
  await browser.close();
});

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const text = async (locator: Locator) => (await locator.innerText()).trim();

/** Presses Tab until the focused element matches `selector` (fails after `limit` presses): the keyboard's way to a control. */
async function tabTo(page: Page, selector: string, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("a family signs the consent in Arabic", () => {
  let link = "";
  let caseId = 0;

  it("an admin approves the Arabic translation on the form's translations page", async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/admin/moduli/consenso-intervento/traduzioni`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Approva la traduzione in arabo della versione 1" }).click();
    await page.getByRole("status").waitFor();
    expect(await text(page.getByRole("status"))).toContain("Traduzione in arabo (versione 1) approvata");
    // The table is revalidated after the action's answer: wait for the row's new state rather than read it at once.
    await page.getByRole("row", { name: /arabo/ }).filter({ hasText: "offerta alle famiglie" }).waitFor();
  });

  it("the worker makes a link", async () => {
    const response = await worker.page.request.post(`${baseUrl}/api/v1/consent-requests`, {
      headers: { Origin: baseUrl },
      data: { form: "consenso-intervento", service: "tutela-minori", comune: "seregno", case: "TM-SER-2026-001", recipient: { name: "Fatima Amrani", relationship: "madre" } },
    });
    expect(response.status()).toBe(201);
    const created = (await response.json()) as { id: number; url: string };
    link = created.url;
    caseId = (await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${created.id}`)).json()).caseId;
  });

  it("on a phone, keyboard only: chooses العربية, reads right-to-left, answers and signs; the receipt names the language", async () => {
    const family = await openPage(browser, PHONE);
    const { page } = family;
    await page.goto(link, { waitUntil: "networkidle" });
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
    await tabTo(page, 'a[hreflang="ar"]');
    await Promise.all([page.waitForURL(/lang=ar/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    expect(await text(page.getByRole("heading", { level: 1 }))).toBe("الموافقة المستنيرة على التدخل");
    // The controls sit on the right: a radio button's box is right of its label.
    const box = await page.locator("#q-consensoIntervento-0").boundingBox();
    const label = await page.locator('label[for="q-consensoIntervento-0"]').boundingBox();
    expect(box!.x).toBeGreaterThan(label!.x);
    await expectNoAxeViolations(page);
    await shot(page, "arabic-form-phone");
    if (SHOTS) {
      // What a phone shows at once: the top of the page, and the first questions.
      await page.screenshot({ path: path.join(SHOTS, "arabic-form-phone-top.png") });
      await page.locator("#questions-title").evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: path.join(SHOTS, "arabic-form-phone-questions.png") });
      await page.locator("#q-consensoPsicologo-group").evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: path.join(SHOTS, "arabic-form-phone-choices.png") });
      await page.evaluate(() => window.scrollTo(0, 0));
    }

    // The name and the relationship come filled in from the request; the rest by keyboard.
    await tabTo(page, "#q-nomeMinore");
    await page.keyboard.type("يوسف أمراني");
    await tabTo(page, "#q-consensoIntervento-0");
    await page.keyboard.press("Space");
    await tabTo(page, "#q-consensoPsicologo-0");
    await page.keyboard.press("Space");
    await tabTo(page, "#q-altroGenitore-0");
    await page.keyboard.press("Space");
    await tabTo(page, "#q-firma");
    await page.keyboard.type("Fatima Amrani");
    await tabTo(page, "#q-conferma");
    await page.keyboard.press("Space");
    await tabTo(page, 'form.consent-form button[type="submit"]');
    // The receipt replaces the form at the same address: wait for its heading.
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: /إيصال/ }).waitFor();
    await page.waitForLoadState("networkidle");

    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    const evidence = await text(page.locator("dl").last());
    expect(evidence).toContain("لغة التوقيع");
    expect(evidence).toContain("العربية");
    expect(evidence).toContain("بصمة النص الأصلي بالإيطالية (SHA-256)");
    expect(await text(page.locator("main"))).toContain("أوافق");
    await expectNoAxeViolations(page);
    await shot(page, "arabic-receipt-phone");
    expect(family.errors).toEqual([]);
    await family.close();
  });

  it("the worker's consent page says the answer was signed in Arabic", async () => {
    const { page } = worker;
    await page.goto(`${baseUrl}/casi/${caseId}/consensi`, { waitUntil: "networkidle" });
    expect(await text(page.locator("main"))).toContain("in arabo (traduzione approvata)");
  });
});
