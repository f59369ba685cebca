import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubmissionFromPage, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

// A worker's day (issue 13): Il mio lavoro → resume a draft → start T1 from the
// case page → the triangle T0 against T1 → record a decree → back on Il mio lavoro.
const SEREGNO = "operatore.seregno@demo.schedario.it";
// Unique per run: the e2e server's database lives as long as the whole e2e run.
const CODE = `TM-DAY-${Date.now().toString(36).toUpperCase()}`;

/** A calendar date `days` from today (YYYY-MM-DD); well inside Il mio lavoro's 30 days whatever the time zone. */
function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
const FIRST_DUE = daysFromToday(12);
const SECOND_DUE = daysFromToday(20);
/** "12 gennaio 2027", as the pages write a date. */
const italianDate = (iso: string) => new Intl.DateTimeFormat("it-IT", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));

let browser: Browser;
let caseUrl = "";
let draftId = 0;

const assessment = (timePoint: string, health: number, text: string) => ({
  puntoRilevazione: timePoint,
  dataValutazione: "2026-02-01",
  bisogniSviluppo: { saluteCrescita: { valutazione: health, descrizione: text }, autonomia: { valutazione: 3 } },
  risposteGenitoriali: { curaBaseSicurezza: { valutazione: 3 } },
  fattoriFamiliariAmbientali: { abitazione: { valutazione: 4 } },
});

/** Records a decree on the case's court-order page with the keyboard and the mouse, as a worker does. */
async function recordDecree(page: Page, docket: string, due: string) {
  await page.getByLabel("Autorità").selectOption({ label: "Tribunale per i Minorenni" });
  await page.getByLabel("Numero di R.G.").fill(docket);
  await page.getByLabel("Data del provvedimento").fill("2026-03-01");
  await page.getByLabel("Tipo di provvedimento").selectOption({ index: 1 });
  await page.getByLabel("Che cosa deve fare il servizio").fill("Relazione di aggiornamento sul progetto.");
  await page.getByLabel("Scadenza 1").fill(due);
  await Promise.all([page.waitForURL(/esito=registrato/), page.getByRole("button", { name: "Registra il provvedimento" }).click()]);
  await page.getByText("Provvedimento registrato.").waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Yesterday's work: a case with its T0 assessment, a decree due in 12 days and a report left as a draft.
  const { page, close } = await openPage(browser);
  await signIn(page, SEREGNO);
  await page.goto(new URL("/casi/nuovo", page.url()).href);
  await page.getByLabel("Codice della cartella").fill(CODE);
  await page.getByLabel("Riferimento pseudonimo del minore").fill("M-DAY");
  await Promise.all([page.waitForURL(/\/casi\/\d+$/), page.getByRole("button", { name: "Apri la cartella" }).click()]);
  caseUrl = page.url();
  const target = { service: "tutela-minori", comune: "seregno", case: CODE };
  await createSubmissionFromPage(page, "mondo-del-bambino", { data: assessment("T0", 2, "Visite pediatriche saltate."), status: "submitted", ...target });
  draftId = await createSubmissionFromPage(page, "relazione-tribunale", { data: { sede: "Milano", storiaFamiliare: "Prima stesura della storia familiare." }, status: "draft", ...target });
  await page.goto(`${caseUrl}/provvedimenti`, { waitUntil: "networkidle" });
  await recordDecree(page, "4410/2026", FIRST_DUE);
  await close();
}, 120_000);
afterAll(() => browser.close());

describe("a worker's day", () => {
  it("starts on Il mio lavoro, resumes a draft, starts T1 from the case, compares T0 and T1 in the triangle, records a decree that Il mio lavoro then shows", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, SEREGNO);

    // Il mio lavoro is the home after signing in: the draft and the court deadline are there.
    await page.locator("h1", { hasText: "Il mio lavoro" }).waitFor();
    const drafts = page.locator("section", { has: page.getByRole("heading", { name: "Le mie bozze" }) });
    const deadlines = page.locator("section", { has: page.getByRole("heading", { name: "Scadenze delle relazioni al Tribunale" }) });
    await expect(deadlines.getByRole("link", { name: `Cartella ${CODE}: relazione entro il ${italianDate(FIRST_DUE)}` }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    // Resume the draft in one click: the report opens with what was written yesterday.
    await Promise.all([page.waitForURL(`**/schede/${draftId}`), drafts.getByRole("link", { name: new RegExp(`n\\. ${draftId}$`) }).click()]);
    await page.getByRole("button", { name: "Salva bozza" }).waitFor();
    await expect(page.getByText("Prima stesura della storia familiare.").count()).resolves.toBeGreaterThan(0);

    // From the case page, the T1 assessment opens with T1 set as the stage's fixed context.
    await page.goto(caseUrl, { waitUntil: "networkidle" });
    await Promise.all([page.waitForURL(/fase=assessment-T1/), page.getByRole("link", { name: "Compila Il Mondo del Bambino — T1" }).click()]);
    const context = page.locator(".summary-list");
    await expect.poll(() => context.locator("div", { hasText: "Tempo di rilevazione" }).locator("dd").textContent()).toMatch(/^T1\b.*\(fissato dalla fase\)$/);
    await expect.poll(() => context.locator("div", { hasText: "Cartella" }).locator("dd").textContent()).toBe(CODE);
    // The time point is not a field to fill: nothing on the page asks for it.
    expect(await page.getByRole("radio", { name: /Verifica intermedia/ }).count()).toBe(0);
    // The assessment itself is filled in the form as in the fill tests; here it is sent as the page's own save would be.
    await createSubmissionFromPage(page, "mondo-del-bambino", { data: assessment("T1", 4, "Visite regolari dal pediatra."), status: "submitted", service: "tutela-minori", comune: "seregno", case: CODE });

    // The triangle, with the keyboard only: T0 against T1, chart and table.
    await page.goto(caseUrl, { waitUntil: "networkidle" });
    await tabTo(page, 'a[href$="/triangolo"]', 200);
    await Promise.all([page.waitForURL(/\/triangolo$/), page.keyboard.press("Enter")]);
    await page.locator("h1", { hasText: `cartella ${CODE}` }).waitFor();
    const table = page.getByRole("table", { name: /Bisogni di sviluppo del bambino/ });
    const health = table.getByRole("row", { name: /Salute e crescita/ });
    await expect(health.locator("td").allTextContents()).resolves.toEqual(["2 – Problema", "4 – Adeguato", "non valutata", "↑ migliorato da T0 a T1"]);
    expect(await page.getByRole("img", { name: /valutazioni a T0, T1, T2/ }).count()).toBe(3);
    await expectNoAxeViolations(page);

    // A new decree with a report due in 20 days…
    await page.goto(`${caseUrl}/provvedimenti`, { waitUntil: "networkidle" });
    await recordDecree(page, "5120/2026", SECOND_DUE);
    // …is on Il mio lavoro, beside the first.
    await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Il mio lavoro" }).click();
    await page.waitForURL("**/lavoro");
    const due = deadlines.getByRole("link", { name: new RegExp(`^Cartella ${CODE}:`) });
    await expect.poll(() => due.allTextContents(), { timeout: 15_000 }).toEqual([`Cartella ${CODE}: relazione entro il ${italianDate(FIRST_DUE)}`, `Cartella ${CODE}: relazione entro il ${italianDate(SECOND_DUE)}`]);
    expect(errors).toEqual([]);
    await close();
  }, 180_000);
});
