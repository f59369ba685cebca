import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, expectNoAxeViolationsWithoutJs, launchBrowser, openPage, signIn, tabTo, type TestPage } from "./support/browser";

const ADMIN = "admin@demo.schedario.it";
const WORKER = "operatore.seregno@demo.schedario.it";
const DEMO_CASE = "TM-SER-2026-001";
const SLUG = "consenso-tipi-di-campo";
/** Set CONSENT_SCREENSHOTS=/some/dir to keep a screenshot of the pages (to look at them). */
const SHOTS = process.env.CONSENT_SCREENSHOTS;

/** A consent form with the field kinds the first edition could not show: enum, number, date, array of choices, a section. */
const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Consenso alle attività estive",
  description: "# Attività estive\n\nIl servizio propone attività estive. Legga e risponda.",
  type: "object",
  required: ["nomeCognome", "consensoAttivita", "turno", "figli", "nascita", "giorni", "recapiti", "firma", "conferma"],
  properties: {
    nomeCognome: { type: "string", title: "Nome e cognome", maxLength: 200 },
    consensoAttivita: { type: "string", title: "Consenso alle attività", enum: ["acconsento", "non-acconsento"] },
    turno: { type: "string", title: "Turno preferito", enum: ["mattina", "pomeriggio"] },
    figli: { type: "integer", title: "Numero di figli che partecipano", minimum: 1, maximum: 10 },
    nascita: { type: "string", format: "date", title: "Data di nascita del minore" },
    giorni: {
      type: "array",
      title: "Giorni possibili",
      uniqueItems: true,
      minItems: 1,
      items: { type: "string", oneOf: [{ const: "lun", title: "Lunedì" }, { const: "mer", title: "Mercoledì" }, { const: "ven", title: "Venerdì" }] },
    },
    recapiti: {
      type: "object",
      title: "Recapiti",
      required: ["email"],
      properties: { email: { type: "string", format: "email", title: "E-mail", maxLength: 254 } },
    },
    firma: { type: "string", title: "Firma", minLength: 3, maxLength: 200 },
    conferma: { type: "boolean", title: "Confermo di aver letto il documento.", const: true },
  },
};
const UI = { nomeCognome: { "ui:autocomplete": "name" }, firma: { "ui:autocomplete": "off" } };

let browser: Browser;
let baseUrl: string;
let worker: TestPage;
let caseId: number;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The admin creates, saves and publishes the consent form through the builder's own requests. */
async function publishTestConsentForm() {
  const admin = await openPage(browser);
  await signIn(admin.page, ADMIN);
  const request = admin.page.request;
  const created = await request.post(`${baseUrl}/admin/moduli/nuovo`, {
    headers: { Origin: baseUrl },
    form: { title: SCHEMA.title, slug: SLUG, kind: "consent", services: "tutela-minori" },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  const editor = `${baseUrl}/admin/moduli/${SLUG}/bozza`;
  // The empty draft's content hash, from the editor's loader data (single fetch: /bozza.data).
  const expectedHash = (await (await request.get(`${editor}.data`)).text()).match(/[0-9a-f]{64}/)![0];
  const saved = await request.post(`${editor}.data`, {
    headers: { Origin: baseUrl, "Content-Type": "application/json" },
    data: { intent: "salva", expectedHash, schema: SCHEMA, uiSchema: UI },
  });
  expect(saved.status()).toBe(200);
  const published = await request.post(`${baseUrl}/admin/moduli/${SLUG}/pubblica`, { headers: { Origin: baseUrl }, form: { intent: "publish" }, maxRedirects: 0 });
  expect(published.status()).toBe(302);
  await admin.close();
}

/** A consent link for the demo case, made by the worker through the API. */
async function createLink(form: string, name: string, relationship: string): Promise<{ id: number; url: string; caseId: number }> {
  const response = await worker.page.request.post(`${baseUrl}/api/v1/consent-requests`, {
    headers: { Origin: baseUrl },
    data: { form, service: "tutela-minori", comune: "seregno", case: DEMO_CASE, recipient: { name, relationship } },
  });
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { id: number; url: string };
  const details = await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${created.id}`)).json();
  return { ...created, caseId: details.caseId };
}

beforeAll(async () => {
  baseUrl = inject("baseUrl");
  browser = await launchBrowser();
  worker = await openPage(browser, DESKTOP);
  await signIn(worker.page, WORKER);
  await publishTestConsentForm();
});
afterAll(async () => {
  expect(worker.errors).toEqual([]);
  await worker.close();
  await browser.close();
});

describe("a consent form with enum, number, date, array and nested fields", () => {
  it("is signed on a phone with JavaScript off and stored valid, with the name carried from the request", { timeout: 120_000 }, async () => {
    const link = await createLink(SLUG, "Maria Rossi", "madre");
    caseId = link.caseId;
    const { page, errors, close } = await openPage(browser, { ...PHONE, javaScriptEnabled: false });
    await page.goto(link.url);
    await expect(page.getByLabel(/^Nome e cognome/).inputValue()).resolves.toBe("Maria Rossi");
    await expect(page.getByLabel(/^Firma/).inputValue()).resolves.toBe("");
    await page.getByText("Richiesta per: Maria Rossi (madre)").waitFor();
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "kinds-form-phone-nojs");

    await page.locator("#q-consensoAttivita-group").getByLabel("acconsento", { exact: true }).check();
    await page.getByLabel("pomeriggio").check();
    await page.getByLabel(/^Numero di figli/).fill("2");
    await page.getByLabel(/^Data di nascita/).fill("2018-03-15");
    await page.getByLabel("Lunedì").check();
    await page.getByLabel("Venerdì").check();
    await page.getByRole("group", { name: "Recapiti" }).getByLabel(/^E-mail/).fill("maria.rossi@example.it");
    // A number that is not one: the server says so beside the field, keeping every answer.
    await page.getByLabel(/^Numero di figli/).fill("due");
    await page.getByLabel(/^Firma/).fill("Maria Rossi");
    await page.getByLabel("Confermo di aver letto il documento.").check();
    await page.getByRole("button", { name: "Invia la risposta" }).click();
    await page.locator("#q-figli-error").waitFor();
    await expect(page.getByLabel("Venerdì").isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(/^E-mail/).inputValue()).resolves.toBe("maria.rossi@example.it");
    await expectNoAxeViolationsWithoutJs(page);
    await shot(page, "kinds-error-phone-nojs");

    await page.getByLabel(/^Numero di figli/).fill("2");
    await page.getByLabel("Confermo di aver letto il documento.").check();
    await page.getByRole("button", { name: "Invia la risposta" }).click();
    await page.getByText("Grazie. La Sua risposta è stata registrata.").waitFor();
    await page.getByText("Lunedì; Venerdì").waitFor();
    await shot(page, "kinds-receipt-phone-nojs");
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await close();

    const details = await (await worker.page.request.get(`${baseUrl}/api/v1/consent-requests/${link.id}`)).json();
    expect(details).toMatchObject({ status: "completed", answer: { purposes: [{ purpose: "consensoAttivita", value: "acconsento" }] } });
    const stored = await (await worker.page.request.get(`${baseUrl}/api/v1/submissions/${details.answer.submissionId}`)).json();
    expect(stored.data).toEqual({
      nomeCognome: "Maria Rossi",
      consensoAttivita: "acconsento",
      turno: "pomeriggio",
      figli: 2,
      nascita: "2018-03-15",
      giorni: ["lun", "ven"],
      recapiti: { email: "maria.rossi@example.it" },
      firma: "Maria Rossi",
      conferma: true,
    });
  });
});

describe("a paper consent, keyboard only", () => {
  it("is recorded by the worker with the witness and shows in the matrix as given on paper", { timeout: 120_000 }, async () => {
    const { page } = worker;
    await page.goto(`${baseUrl}/casi/${caseId}/consensi?carta=${SLUG}@1`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page);
    await page.locator("#paper-title").focus();
    await tabTo(page, "#signerName");
    await page.keyboard.type("Paolo Rossi");
    await tabTo(page, "#paperRelationship");
    await page.keyboard.press("ArrowDown"); // Padre
    await tabTo(page, "#signedOn");
    await page.keyboard.type("11202026"); // this Chromium's date box reads month, day, year
    await tabTo(page, "input[name='scopo:consensoAttivita']");
    // The radio group starts on "Non indicato sul modulo": go round to "acconsento".
    await page.keyboard.press("ArrowDown");
    await expect(page.locator("input[name='scopo:consensoAttivita']:checked").getAttribute("value")).resolves.toBe("acconsento");
    await tabTo(page, "input[name=intent][value=paper] ~ button[type=submit]");
    await page.keyboard.press("Enter");
    await page.getByText("Consenso su carta di Paolo Rossi registrato.").waitFor();
    const row = page.locator(`#matrix-${SLUG}`).locator("xpath=..").locator("tr[data-purpose=consensoAttivita]");
    // The page's data is revalidated after the message: wait for the matrix to follow.
    await expect.poll(() => row.locator("td[data-holder=padre]").textContent()).toBe("acconsente (su carta)");
    await expect.poll(() => row.locator("td[data-holder=madre]").textContent()).toBe("acconsente");
    await expect.poll(() => page.locator(`#matrix-${SLUG} [data-outcome]`).textContent()).toBe("completo");
    await page.locator("tr", { hasText: "Paolo Rossi" }).getByText("20/11/2026").waitFor();
    await expectNoAxeViolations(page);
    await shot(page, "paper-recorded-desktop");

    await page.goto(`${baseUrl}/casi/${caseId}`, { waitUntil: "networkidle" });
    await page.locator(`#matrix-${SLUG}`).waitFor();
    await expectNoAxeViolations(page);
    await shot(page, "case-matrix-desktop");
    const phone = await openPage(browser, PHONE);
    await signIn(phone.page, WORKER);
    await phone.page.goto(`${baseUrl}/casi/${caseId}/consensi`, { waitUntil: "networkidle" });
    await shot(phone.page, "consents-phone");
    await expectNoAxeViolations(phone.page);
    expect(phone.errors).toEqual([]);
    await phone.close();
  });
});
