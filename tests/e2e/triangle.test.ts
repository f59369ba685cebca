import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, PHONE, createSubmissionFromPage, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// Demo users seeded by the server (README.md, "Demo users").
const SEREGNO = "operatore.seregno@demo.schedario.it";
const CODE = `TM-TRI-${Date.now().toString(36).toUpperCase()}`;
/** Set TRIANGLE_SCREENSHOTS=/some/dir to keep phone, desktop and print screenshots of the page. */
const SHOTS = process.env.TRIANGLE_SCREENSHOTS;

let browser: Browser;
let caseUrl = "";
beforeAll(async () => {
  browser = await launchBrowser();
  const { page, close } = await signInAs(SEREGNO);
  await page.goto(new URL("/casi/nuovo", page.url()).href);
  await page.getByLabel("Codice della cartella").fill(CODE);
  await page.getByLabel("Riferimento pseudonimo del minore").fill("M-TRI");
  await Promise.all([page.waitForURL(/\/casi\/\d+$/), page.getByRole("button", { name: "Apri la cartella" }).click()]);
  caseUrl = page.url();
  const submitted = (data: Record<string, unknown>) => ({ data, status: "submitted", service: "tutela-minori", comune: "seregno", case: CODE });
  const assessment = (timePoint: string, ratings: [number, number, number], text: string) => ({
    puntoRilevazione: timePoint,
    dataValutazione: "2026-02-01",
    bisogniSviluppo: { saluteCrescita: { valutazione: ratings[0], descrizione: text }, autonomia: { valutazione: ratings[1] } },
    risposteGenitoriali: { curaBaseSicurezza: { valutazione: ratings[2] } },
    fattoriFamiliariAmbientali: { abitazione: { valutazione: 4 } },
  });
  await createSubmissionFromPage(page, "mondo-del-bambino", submitted(assessment("T0", [2, 4, 3], "Visite pediatriche saltate nell'ultimo anno.")));
  await createSubmissionFromPage(page, "mondo-del-bambino", submitted(assessment("T2", [5, 3, 3], "Visite regolari; il pediatra segue la crescita.")));
  await close();
}, 120_000);
afterAll(() => browser.close());

async function signInAs(email: string, options: BrowserContextOptions = DESKTOP) {
  const opened = await openPage(browser, options);
  await signIn(opened.page, email);
  return opened;
}

describe("the triangle of a case", () => {
  it("is reached from the case page with the keyboard alone; its table reads the ratings, a narrative opens, the PDF downloads", async () => {
    const { page, errors, close } = await signInAs(SEREGNO);
    await page.goto(caseUrl, { waitUntil: "networkidle" });
    await expect.poll(() => page.locator("#case-triangle + p").textContent()).toContain("Valutazioni inviate: T0, T2.");
    await tabTo(page, 'a[href$="/triangolo"]', 200);
    await Promise.all([page.waitForURL(/\/triangolo$/), page.keyboard.press("Enter")]);
    await page.locator("h1", { hasText: `Il Mondo del Bambino — cartella ${CODE}` }).waitFor();

    // The table of the first side, as a screen reader reads it: caption, headers, the change in words.
    const table = page.getByRole("table", { name: /Bisogni di sviluppo del bambino/ });
    await expect(table.locator("thead th").allTextContents()).resolves.toEqual([
      "Sottodimensione",
      "T0 – Avvio del percorso",
      "T1 – Verifica intermedia",
      "T2 – Conclusione del percorso",
      "Andamento",
    ]);
    const health = table.getByRole("row", { name: /Salute e crescita/ });
    await expect(health.locator("td").allTextContents()).resolves.toEqual(["2 – Problema", "non valutata", "5 – Buono", "↑ migliorato da T0 a T2"]);
    const autonomy = table.getByRole("row", { name: /Autonomia/ });
    await expect.poll(() => autonomy.locator("td").last().textContent()).toBe("↓ peggiorato da T0 a T2");
    await expect(table.locator("tfoot td").allTextContents()).resolves.toEqual(["3,0", "—", "4,0", "↑ migliorato da T0 a T2"]);
    // Each chart is an image with a name and a description.
    const charts = page.getByRole("img", { name: /valutazioni a T0, T1, T2/ });
    expect(await charts.count()).toBe(3);

    // A narrative, opened with the keyboard.
    const narrative = page.getByText("Visite pediatriche saltate nell'ultimo anno.");
    expect(await narrative.isVisible()).toBe(false);
    await tabTo(page, ".triangle-narratives summary");
    await page.keyboard.press("Enter");
    await narrative.waitFor({ state: "visible" });
    await expectNoAxeViolations(page);

    // The PDF link downloads the file.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Scarica in PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`mondo-del-bambino-${CODE}.pdf`);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(path)).subarray(0, 5).toString()).toBe("%PDF-");

    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/triangle-desktop.png`, fullPage: true });
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: `${SHOTS}/triangle-print.png`, fullPage: true });
      await page.pdf?.({ path: `${SHOTS}/triangle-print.pdf`, format: "A4" }).catch(() => undefined);
    }
    expect(errors).toEqual([]);
    await close();
  });

  it("is clean for axe on a phone, the table scrolling in its own region", async () => {
    const { page, errors, close } = await signInAs(SEREGNO, PHONE);
    await page.goto(`${caseUrl}/triangolo`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/triangle-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });
});
