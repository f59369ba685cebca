import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAjv } from "~/forms/validation/create-ajv";
import bundleSchema from "../../app/cases/subject-access.schema.json";
import { pdfText } from "../support/pdf-text";
import { DESKTOP, PHONE, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// Issue 17 items 3 and 5: from the case page, a coordinator downloads who consulted the case (PDF) and the copy
// of all its data for the family (GDPR art. 15, PDF and JSON), with the keyboard alone.
const COORDINATOR = "coordinatore@demo.schedario.it";
const CODE = "TM-SER-2026-001";
const SHOTS = process.env.ACCESS_SCREENSHOTS;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function openCase(page: Page) {
  await page.goto(`${inject("baseUrl")}/casi?codice=${CODE}`, { waitUntil: "networkidle" });
  await Promise.all([page.waitForURL(/\/casi\/\d+$/), page.getByRole("link", { name: CODE }).first().click()]);
  await page.getByRole("heading", { level: 2, name: "Copia dei dati per la famiglia" }).waitFor();
}

/** Tabs to the link and presses Enter: the file it downloads. */
async function downloadByKeyboard(page: Page, selector: string) {
  await tabTo(page, selector, 300);
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(await download.path())) };
}

const words = async (bytes: Uint8Array) => (await pdfText(bytes)).replace(/\s+/g, " ");

describe("access report and subject access from the case page", () => {
  it("a coordinator downloads the access report PDF and the copy of the data as PDF and JSON, by keyboard", async () => {
    const { page, errors, close } = await openPage(browser, DESKTOP);
    await signIn(page, COORDINATOR);
    await openCase(page);
    await expectNoAxeViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/case-desktop.png`, fullPage: true });

    const accesses = await downloadByKeyboard(page, 'a[href$="/accessi.pdf"]');
    expect(accesses.name).toBe(`accessi-${CODE}.pdf`);
    const accessText = await words(accesses.bytes);
    expect(accessText).toContain(`Chi ha consultato la cartella ${CODE}`);
    // The case list just seen, with the coordinator's role; the codes of the other cases it showed are not printed.
    expect(accessText).toContain("Elenco delle cartelle consultato");
    expect(accessText).toMatch(/Mostrata insieme ad altre \d+ cartelle|Mostrata insieme a un'altra cartella|Unica cartella mostrata/);
    expect(accessText).toContain("Coordinatore");
    expect(accessText).not.toContain("TM-SER-2026-002");

    const pdf = await downloadByKeyboard(page, 'a[href$="/copia-dati.pdf"]');
    expect(pdf.name).toBe(`copia-dati-${CODE}.pdf`);
    const pdfWords = await words(pdf.bytes);
    for (const heading of ["La cartella", "Le schede", "Le richieste di consenso inviate alla famiglia", "Provvedimenti dell'autorità giudiziaria e scadenze", "Chi ha consultato la cartella"]) {
      expect(pdfWords).toContain(heading);
    }
    // The download of the access report a moment ago is in the copy's access log.
    expect(pdfWords).toContain("Registro degli accessi alla cartella scaricato in PDF");

    const json = await downloadByKeyboard(page, 'a[href$="/copia-dati.json"]');
    expect(json.name).toBe(`copia-dati-${CODE}.json`);
    const bundle = JSON.parse(Buffer.from(json.bytes).toString("utf8"));
    const validate = createAjv().compile(bundleSchema);
    expect(validate(bundle) ? [] : validate.errors).toEqual([]);
    expect(bundle.case.code).toBe(CODE);
    expect(bundle.accessLog.at(-1).action).toBe("case.subject_access.exported");

    if (SHOTS) {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(`${SHOTS}/accessi.pdf`, accesses.bytes);
      await writeFile(`${SHOTS}/copia-dati.pdf`, pdf.bytes);
      await writeFile(`${SHOTS}/copia-dati.json`, json.bytes);
    }
    expect(errors).toEqual([]);
    await close();
  });

  it("reads on a phone without horizontal scrolling, axe clean", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, COORDINATOR);
    await openCase(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/case-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });
});
