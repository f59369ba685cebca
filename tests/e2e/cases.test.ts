import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, createSubmissionFromPage, expectNoAxeViolations, launchBrowser, openPage, signIn } from "./support/browser";

// Demo users seeded by the server (README.md, "Demo users").
const SEREGNO = "operatore.seregno@demo.schedario.it";
const MEDA = "operatore.meda@demo.schedario.it";
// Unique per run: the e2e server's database lives as long as the whole e2e run.
const CODE = `TM-E2E-${Date.now().toString(36).toUpperCase()}`;

let browser: Browser;
let caseUrl = "";
let submissionId = 0;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function signInAs(email: string, options: BrowserContextOptions = DESKTOP) {
  const opened = await openPage(browser, options);
  await signIn(opened.page, email);
  return opened;
}

describe("cases and the submissions list", () => {
  it("a worker opens a case, sees its timeline with start buttons, and finds its submissions in /schede", async () => {
    const { page, errors, close } = await signInAs(SEREGNO);
    await page.getByRole("link", { name: "Cartelle" }).click();
    await page.waitForURL("**/casi");
    await page.getByRole("link", { name: "Nuova cartella" }).click();
    await page.locator("h1", { hasText: "Nuova cartella" }).waitFor();
    await page.getByLabel("Codice della cartella").fill(CODE.toLowerCase());
    await page.getByLabel("Riferimento pseudonimo del minore").fill("M-0412");
    // A worker of one service × comune finds both already chosen.
    expect(await page.getByLabel("Servizio").inputValue()).toBe("tutela-minori");
    expect(await page.getByLabel("Comune").inputValue()).toBe("seregno");
    await Promise.all([page.waitForURL(/\/casi\/\d+$/), page.getByRole("button", { name: "Apri la cartella" }).click()]);
    // The URL changes a moment before React renders the new page.
    await page.locator("h1", { hasText: `Cartella ${CODE}` }).waitFor();
    caseUrl = page.url();

    const stages = await page.locator(".timeline__stage h3").allTextContents();
    expect(stages).toEqual([
      "Segnalazione e accesso",
      "Pre-assessment",
      "Il Mondo del Bambino — T0",
      "Microprogettazione — T0",
      "Questionario SDQ",
      "Il Mondo del Bambino — T1",
      "Microprogettazione — T1",
      "Il Mondo del Bambino — T2",
      "Microprogettazione — T2",
      "Post-assessment",
      "Relazioni al Tribunale",
      "Chiusura della presa in carico",
    ]);
    const start = page.getByRole("link", { name: "Compila Il Mondo del Bambino — T0" });
    await expect(start.getAttribute("href")).resolves.toBe(`/moduli/mondo-del-bambino/compila?servizio=tutela-minori&comune=seregno&caso=${CODE}&fase=assessment-T0`);

    submissionId = await createSubmissionFromPage(page, "mondo-del-bambino", {
      data: { puntoRilevazione: "T1" },
      status: "draft",
      service: "tutela-minori",
      comune: "seregno",
      case: CODE,
    });
    await page.reload({ waitUntil: "networkidle" });
    const t1 = page.locator(".timeline__stage", { has: page.getByRole("heading", { name: "Il Mondo del Bambino — T1" }) });
    await expect(t1.getByRole("link", { name: `Il Mondo del Bambino (P.I.P.P.I.) n. ${submissionId}` }).getAttribute("href")).resolves.toBe(
      `/schede/${submissionId}`
    );
    await expect.poll(() => t1.locator(".tag").textContent()).toBe("Bozza");

    await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Schede" }).click();
    await page.waitForURL("**/schede");
    await page.locator("h1", { hasText: "Schede" }).waitFor();
    await page.getByLabel("Codice della cartella").fill(CODE);
    await page.getByLabel("Stato").selectOption("draft");
    await Promise.all([page.waitForURL(/cartella=/), page.getByRole("button", { name: "Filtra" }).click()]);
    // The address changes as the navigation starts; the filtered list renders a moment later.
    const rows = page.locator("table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await expect(rows.getByRole("link").getAttribute("href")).resolves.toBe(`/schede/${submissionId}`);
    await page.getByLabel("Stato").selectOption("submitted");
    await Promise.all([page.waitForURL(/stato=submitted/), page.getByRole("button", { name: "Filtra" }).click()]);
    await page.getByText("Nessuna scheda corrisponde ai filtri.").waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it("filters and closes a case without JavaScript", async () => {
    const { page, errors, close } = await signInAs(SEREGNO, { ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${inject("baseUrl")}/schede?cartella=${CODE}`);
    expect(await page.locator("table tbody tr").count()).toBe(1);
    await page.goto(caseUrl);
    await page.getByRole("button", { name: "Chiudi la cartella" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("La cartella è stata chiusa.");
    // A closed case offers no forms to start; it can be reopened.
    expect(await page.locator(".start-list").count()).toBe(0);
    await page.getByRole("button", { name: "Riapri la cartella" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("La cartella è stata riaperta.");
    expect(errors).toEqual([]);
    await close();
  });

  it("another comune's worker gets 404 on the case and its history", async () => {
    const { page, close } = await signInAs(MEDA);
    const response = await page.goto(caseUrl);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Pagina non trovata");
    expect((await page.goto(`${inject("baseUrl")}/schede/${submissionId}/storico`))?.status()).toBe(404);
    await page.goto(`${inject("baseUrl")}/schede?cartella=${CODE}`);
    await expect(page.getByText("Nessuna scheda corrisponde ai filtri.").isVisible()).resolves.toBe(true);
    await close();
  });

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("axe finds no violation on the cases pages, the list and the history (%s)", async (_name, options) => {
    const { page, errors, close } = await signInAs(SEREGNO, options);
    const base = inject("baseUrl");
    // `?modulo=` adds the form's first fields as columns (a wider table, scrolling in its region on a phone).
    const urls = [`${base}/casi`, `${base}/casi/nuovo`, caseUrl, `${base}/schede`, `${base}/schede?modulo=mondo-del-bambino`, `${base}/schede/${submissionId}/storico`];
    for (const url of urls) {
      const response = await page.goto(url, { waitUntil: "networkidle" });
      expect({ url, status: response?.status() }).toEqual({ url, status: 200 });
      await expectNoAxeViolations(page);
    }
    expect(errors).toEqual([]);
    // The new-case page with its error summary, too (the browser logs the 400 itself, so errors are not checked here).
    await page.goto(`${base}/casi/nuovo`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Apri la cartella" }).click();
    await page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(page);
    await close();
  });
});
