import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, expectNoAxeViolationsWithoutJs, launchBrowser, openPage, signIn } from "./support/browser";

// The demo worker of Tutela Minori · Seregno and the demo case the seed creates for consents.
const WORKER = "operatore.seregno@demo.schedario.it";
const DEMO_CASE = "TM-SER-2026-001";
/** Set CONSENT_SCREENSHOTS=/some/dir to keep a screenshot of every page visited (to look at them). */
const SHOTS = process.env.CONSENT_SCREENSHOTS;

let browser: Browser;
let baseUrl: string;
let worker: { page: Page; errors: string[]; close(): Promise<void> };
let caseId: number;

beforeAll(async () => {
  baseUrl = inject("baseUrl");
  browser = await launchBrowser();
  worker = await openPage(browser, DESKTOP);
  await signIn(worker.page, WORKER);
  // The demo case's id, through the API (the cases pages belong to another module).
  caseId = (await createLink("Persona di prova", "altro")).caseId;
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  expect(worker.errors).toEqual([]);
  await worker.close();
  await browser.close();
});

/** A new consent link for the demo case, made by the signed-in worker through the API (session cookie + Origin). */
async function createLink(name: string, relationship: string): Promise<{ id: number; url: string; caseId: number }> {
  const response = await worker.page.request.post(`${baseUrl}/api/v1/consent-requests`, {
    headers: { Origin: baseUrl },
    data: { form: "consenso-intervento", service: "tutela-minori", comune: "seregno", case: DEMO_CASE, recipient: { name, relationship } },
  });
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { id: number; url: string };
  const details = await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${created.id}`)).json();
  return { ...created, caseId: details.caseId };
}

async function statusOf(id: number): Promise<string> {
  return (await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${id}`)).json()).status;
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Fills the consent form the way a person does with a mouse or a finger: by the labels on screen. */
async function fillConsent(page: Page, answers: { name: string; agree: boolean }) {
  await page.getByLabel("Nome e cognome di chi compila").fill(answers.name);
  await page.getByLabel("Madre", { exact: true }).check();
  await page.getByLabel("Nome e cognome del/della minore").fill("Luca Rossi");
  const choice = answers.agree ? "Acconsento" : "Non acconsento";
  await page.locator("#q-consensoIntervento-group").getByLabel(choice, { exact: true }).check();
  await page.locator("#q-consensoPsicologo-group").getByLabel(choice, { exact: true }).check();
  await page.getByLabel("Anche l'altro genitore compila e firma un proprio modulo").check();
  await page.getByLabel(/^Firma/).fill(answers.name);
  await page.getByLabel(/Confermo di aver letto e compreso/).check();
}

describe("a family member on a phone with JavaScript off", () => {
  let link: string;
  let requestId: number;

  it("the worker creates the link from the case page, with a QR code and the link to copy", async () => {
    const { page } = worker;
    await page.goto(`${baseUrl}/casi/${caseId}/consensi`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page);
    // The page also holds the paper-consent form: fill the link's own form.
    const linkForm = page.locator("form", { has: page.getByRole("button", { name: "Crea il collegamento" }) });
    await linkForm.getByLabel("Nome e cognome di chi deve rispondere").fill("Maria Rossi");
    await linkForm.getByLabel("Rapporto con il minore").selectOption("madre");
    await linkForm.getByRole("button", { name: "Crea il collegamento" }).click();
    await page.locator("#consent-link").waitFor();
    link = (await page.locator("#consent-link").textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${baseUrl}/c/[a-z2-7]{24}\\.[a-z2-7]{32}$`));
    await expect(page.locator(".qr svg").count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Copia il collegamento" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await shot(page, "worker-created-desktop");
    const row = page.locator("tr", { hasText: "Maria Rossi" }).first();
    await expect(row.locator("[data-status]").getAttribute("data-status")).resolves.toBe("pending");
    requestId = Number(await row.locator("input[name=id]").getAttribute("value"));
  });

  it("opens the link, reads, signs and downloads the receipt; the worker sees it completed; it cannot be signed twice", { timeout: 180_000 }, async () => {
    const { page, errors, close } = await openPage(browser, { ...PHONE, javaScriptEnabled: false, acceptDownloads: true });
    await page.goto(link);
    expect(await page.evaluate(() => document.scripts.length)).toBe(1); // only /consent-form.js, which does not run here
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("it");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Consenso informato all'intervento");
    await page.getByText("Perché chiediamo la firma di entrambi i genitori").waitFor();
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "family-form-phone-nojs-it");

    // Sending nothing: errors in a summary and next to each field, nothing recorded.
    await page.getByRole("button", { name: "Invia la risposta" }).click();
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Controlli queste risposte");
    await expect.poll(() => page.locator("#q-firma-error").textContent()).toContain("Manca la risposta");
    await expect(page.locator("#q-firma").getAttribute("aria-describedby")).resolves.toContain("q-firma-error");
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "family-errors-phone-nojs-it");
    expect(await statusOf(requestId)).toBe("pending");

    await fillConsent(page, { name: "Maria Rossi", agree: true });
    await page.getByRole("button", { name: "Invia la risposta" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Ricevuta");
    await page.getByText("Grazie. La Sua risposta è stata registrata.").waitFor();
    const hash = (await page.locator("code.hash").textContent())!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "family-receipt-phone-nojs-it");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Scarica la ricevuta (PDF)" }).click()]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await PDFDocument.load(bytes)).getSubject()).toContain(hash);

    expect(await statusOf(requestId)).toBe("completed");
    await worker.page.reload({ waitUntil: "networkidle" });
    const row = worker.page.locator("tr", { hasText: "Maria Rossi" }).first();
    await expect(row.locator("[data-status]").getAttribute("data-status")).resolves.toBe("completed");
    await expect.poll(() => row.locator("[data-status]").textContent()).toBe("firmata");

    // The same link again: the receipt, no form; a forged second answer changes nothing.
    await page.goto(link);
    await expect(page.locator("form.consent-form").count()).resolves.toBe(0);
    const again = await page.request.post(link, {
      headers: { Origin: baseUrl },
      form: { intent: "answer", nomeCognome: "Altra Persona", firma: "Altra Persona", conferma: "true" },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(302);
    const details = await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${requestId}`)).json();
    expect(details.answer.signer).toBe("Maria Rossi");
    // The one console message: the browser's note on the 400 of the empty form sent above.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await close();
  });

  it("withdraws with the same link: the receipt says so and the worker sees it withdrawn", async () => {
    const { page, errors, close } = await openPage(browser, { ...PHONE, javaScriptEnabled: false });
    await page.goto(link);
    await page.getByLabel("Voglio ritirare il mio consenso.").check();
    await page.getByRole("button", { name: "Ritira il consenso" }).click();
    await page.getByText(/Ha ritirato il consenso il/).waitFor();
    await expect(page.getByRole("button", { name: "Ritira il consenso" }).count()).resolves.toBe(0);
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "family-withdrawn-phone-nojs-it");
    expect(await statusOf(requestId)).toBe("withdrawn");
    expect(errors).toEqual([]);
    await close();
  });
});

describe("keyboard only, with JavaScript on", () => {
  /** Presses Tab until the element with this id has the focus. */
  async function tabTo(page: Page, id: string) {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    }
    throw new Error(`Tab never reached #${id}`);
  }

  it("checks answers inline, then completes the consent with the keyboard alone", async () => {
    const { url, id } = await createLink("Giovanni Bianchi", "padre");
    const { page, errors, close } = await openPage(browser, PHONE);
    await page.goto(url, { waitUntil: "networkidle" });
    await shot(page, "family-form-phone-js-it");

    // Enter in the first box sends the empty form: the script stops it and lists what is missing.
    await tabTo(page, "q-nomeCognome");
    await page.keyboard.press("Enter");
    await page.locator("#error-summary").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
    await expect.poll(() => page.locator("#q-firma-error").textContent()).toBe("Manca la risposta a questa domanda.");
    await expectNoAxeViolations(page);
    await shot(page, "family-errors-phone-js-it");
    expect(await statusOf(id)).toBe("pending");

    // What the worker entered is carried: the name is there, and the relationship's group
    // gives the focus to its checked radio button, Padre.
    await expect(page.locator("#q-nomeCognome").inputValue()).resolves.toBe("Giovanni Bianchi");
    await tabTo(page, "q-relazione-1");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await tabTo(page, "q-nomeMinore");
    await page.keyboard.type("Luca Bianchi");
    await tabTo(page, "q-consensoIntervento-0");
    await page.keyboard.press("Space"); // Acconsento
    await tabTo(page, "q-consensoPsicologo-0");
    await page.keyboard.press("Space");
    await tabTo(page, "q-altroGenitore-0");
    await page.keyboard.press("Space");
    await tabTo(page, "q-firma");
    await page.keyboard.type("Giovanni Bianchi");
    await tabTo(page, "q-conferma");
    await page.keyboard.press("Space");
    // A fixed error disappears from beside its field.
    await expect(page.locator("#q-firma-error").count()).resolves.toBe(0);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Invia la risposta");
    await page.keyboard.press("Enter");
    await page.getByText("Grazie. La Sua risposta è stata registrata.").waitFor();
    const details = await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${id}`)).json();
    expect(details).toMatchObject({ status: "completed", answer: { signer: "Giovanni Bianchi", relationship: "padre" } });
    expect(errors).toEqual([]);
    await close();
  });
});

const expectNoAxeViolationsWithJs = expectNoAxeViolations;

describe("axe finds nothing on the family pages", () => {
  const variants: [string, BrowserContextOptions][] = [
    ["phone-js", PHONE],
    ["phone-nojs", { ...PHONE, javaScriptEnabled: false }],
    ["desktop-js", DESKTOP],
    ["desktop-nojs", { ...DESKTOP, javaScriptEnabled: false }],
  ];

  it.each(variants)("%s: the form and the receipt in Italian and English, the declined receipt, the 404 page", { timeout: 180_000 }, async (name, options) => {
    const { url } = await createLink(`Persona ${name}`, "madre");
    const { page, errors, close } = await openPage(browser, options);
    const expectNoAxeViolations = options.javaScriptEnabled === false ? expectNoAxeViolationsWithoutJs : expectNoAxeViolationsWithJs;
    for (const lang of ["it", "en"]) {
      await page.goto(lang === "it" ? url : `${url}?lang=${lang}`);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(lang);
      await expect(page.locator("html").getAttribute("dir")).resolves.toBe("ltr");
      await expectNoAxeViolations(page);
      await shot(page, `family-form-${name}-${lang}`);
    }
    // Declining in English: recorded as an answer, with its own receipt.
    await fillConsent(page, { name: "Anna Verdi", agree: false });
    await page.getByRole("button", { name: "Send my answer" }).click();
    await page.getByText(/Your answer «Non acconsento» \(I do not agree\) has been recorded/).waitFor();
    await expectNoAxeViolations(page);
    await shot(page, `family-declined-${name}-en`);

    await page.goto(`${baseUrl}/c/questo-collegamento-non-esiste`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Questo collegamento non funziona");
    await page.getByText(/contatti l'operatore o l'operatrice del servizio/).waitFor();
    await expectNoAxeViolations(page);
    await shot(page, `family-404-${name}-it`);
    await page.goto(`${baseUrl}/accessibilita`);
    await expectNoAxeViolations(page);
    await shot(page, `accessibility-${name}`);
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
    await close();
  });
});
