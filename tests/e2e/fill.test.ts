import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, hidePage, launchBrowser, openPage, signIn, type TestPage } from "./support/browser";

/**
 * Workers fill forms (issue 5), with JavaScript on and off, in one browser
 * per file: the Scheda di segnalazione and Il Mondo del Bambino at T0, draft →
 * come back → submit → amend with a reason; errors with the summary focused;
 * two windows on the same draft get the conflict section; another comune's
 * worker gets 404; axe on the form pages (phone and desktop).
 */

const SEREGNO = "operatore.seregno@demo.schedario.it";
const MEDA = "operatore.meda@demo.schedario.it";
const base = () => inject("baseUrl");
const compila = (slug: string) => `${base()}/moduli/${slug}/compila?servizio=tutela-minori&comune=seregno`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Opens a page whose JavaScript (when on) has hydrated: keys typed before hydration are lost (see auth.test.ts). */
async function open(page: Page, url: string) {
  await page.goto(url, { waitUntil: "networkidle" });
}

async function fillIntakeRequiredFields(page: Page) {
  await page.fill('[name="/dataSegnalazione"]', "2026-11-20");
  await page.selectOption('[name="/segnalante/tipo"]', "scuola");
  await page.fill('[name="/minore/nome"]', "Giulia");
  await page.fill('[name="/minore/cognome"]', "Rossi");
  await page.getByLabel("Sospetto abuso sessuale").check();
  await page.fill('[name="/descrizioneMotivo"]', "La scuola riferisce assenze ripetute e segni di trascuratezza.");
}

/** Waits until a scheda's page is on screen (a client-side navigation changes the URL before it renders). */
async function onSubmissionPage(page: Page) {
  await page.waitForURL(/\/schede\/\d+/);
  await page.locator("dl.summary-list .tag").waitFor();
}

/** The scheda's id from /schede/:id. */
function submissionIdOf(page: Page): string {
  return /\/schede\/(\d+)/.exec(page.url())![1]!;
}

describe("with JavaScript", () => {
  it("fills the Scheda di segnalazione: summary focused, draft, come back, submit, amend with a reason", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, SEREGNO);
    await open(page, `${base()}/moduli`);
    await Promise.all([page.waitForURL(/scheda-segnalazione\/compila/), page.locator('a[href*="scheda-segnalazione/compila"]').click()]);
    await page.waitForLoadState("networkidle");

    // Invia on an empty form: validated in the browser, the summary takes the focus and links to the fields.
    await page.getByRole("button", { name: "Invia" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.innerText()).toContain("Data della segnalazione: campo obbligatorio");
    await expect(page.locator("#root_dataSegnalazione").getAttribute("aria-describedby")).resolves.toContain("root_dataSegnalazione__error");
    await summary.getByRole("link", { name: /Urgenza/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("root_urgenza-0");

    await fillIntakeRequiredFields(page);
    await page.getByRole("button", { name: "Salva bozza" }).click();
    await onSubmissionPage(page);
    await expect(page.getByRole("status").filter({ hasText: "Bozza salvata." }).count()).resolves.toBe(1);
    const id = submissionIdOf(page);

    // Come back later: the draft resumes with what was saved.
    await open(page, `${base()}/schede/${id}`);
    await expect(page.inputValue('[name="/minore/cognome"]')).resolves.toBe("Rossi");
    await page.getByLabel("Ordinaria").check();
    await page.getByRole("button", { name: "Invia" }).click();
    await page.locator(".tag", { hasText: "Inviata" }).waitFor();
    await expect(page.getByRole("button", { name: "Salva bozza" }).count()).resolves.toBe(0);
    await expect(page.locator('[name="/minore/cognome"]').getAttribute("readonly")).resolves.not.toBeNull();

    await page.getByRole("link", { name: "Rettifica" }).click();
    await page.getByLabel("Motivo della rettifica").waitFor();
    // The reason and its button come before the form's fields (issue 13): where the worker starts.
    const reasonTop = (await page.getByLabel("Motivo della rettifica").boundingBox())!.y;
    expect(reasonTop).toBeLessThan((await page.locator('[name="/dataSegnalazione"]').boundingBox())!.y);
    await page.fill('[name="/minore/nome"]', "Giulia Maria");
    await page.getByRole("button", { name: "Invia rettifica" }).first().click();
    await expect.poll(() => summary.innerText()).toContain("Scrivi il motivo della rettifica (per esempio: errore di battitura nella data).");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    await summary.getByRole("link", { name: /Scrivi il motivo/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("motivo");
    await page.getByLabel("Motivo della rettifica").fill("Secondo nome mancante");
    await page.getByRole("button", { name: "Invia rettifica" }).last().click();
    await page.getByRole("status").filter({ hasText: "Rettifica salvata" }).waitFor();
    await expect(page.inputValue('[name="/minore/nome"]')).resolves.toBe("Giulia Maria");
    await expect(page.getByRole("link", { name: "Storico delle revisioni" }).getAttribute("href")).resolves.toBe(`/schede/${id}/storico`);
    // The one refused save (the amendment without a reason) is the browser's only complaint.
    expect(errors).toEqual([expect.stringMatching(/422/)]);
    await close();
  });

  it("autosaves a draft when the page is hidden (tab switch or leaving)", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, SEREGNO);
    await open(page, compila("mondo-del-bambino"));
    await page.getByLabel("T0 – Avvio del percorso").check();
    await page.getByLabel("Sintesi complessiva").fill("Luca");
    await hidePage(page);
    // The first autosave creates the draft and moves to its page.
    await onSubmissionPage(page);
    const id = submissionIdOf(page);
    await page.getByLabel("Data della valutazione").fill("2026-11-20");
    await hidePage(page);
    await page.getByRole("status").filter({ hasText: /Bozza salvata alle/ }).waitFor();
    const stored = await page.evaluate(async (id) => (await fetch(`/api/v1/submissions/${id}`)).json(), id);
    expect(stored).toMatchObject({ status: "draft", revision: 2, data: { puntoRilevazione: "T0", sintesiComplessiva: "Luca", dataValutazione: "2026-11-20" } });
    expect(errors).toEqual([]);
    await close();
  });

  it("shows the conflict when two windows edit the same draft, and keeps both versions", async () => {
    const mine = await openPage(browser);
    const theirs = await openPage(browser);
    for (const { page } of [mine, theirs]) await signIn(page, SEREGNO);
    await open(mine.page, compila("mondo-del-bambino"));
    await mine.page.getByLabel("Sintesi complessiva").fill("Luca");
    await mine.page.getByRole("button", { name: "Salva bozza" }).click();
    await onSubmissionPage(mine.page);

    await open(theirs.page, mine.page.url());
    await theirs.page.getByLabel("Sintesi complessiva").fill("Luca Bianchi");
    await theirs.page.getByRole("button", { name: "Salva bozza" }).click();
    await theirs.page.getByRole("status").filter({ hasText: /Bozza salvata alle/ }).waitFor();

    await mine.page.getByLabel("Sintesi complessiva").fill("Luca Verdi");
    await mine.page.getByRole("button", { name: "Salva bozza" }).click();
    const conflict = mine.page.locator("#conflitto");
    await conflict.waitFor();
    expect(await mine.page.evaluate(() => document.activeElement?.id)).toBe("conflitto");
    const row = conflict.getByRole("row", { name: /Sintesi complessiva/ });
    await expect.poll(() => row.innerText()).toMatch(/Luca Bianchi\s+Luca Verdi/);
    // Nothing was overwritten, and mine is still in the form.
    await expect(mine.page.inputValue('[name="/sintesiComplessiva"]')).resolves.toBe("Luca Verdi");
    await expectNoAxeViolations(mine.page);

    await mine.page.getByRole("button", { name: "Continua con i valori scelti" }).click();
    await mine.page.getByRole("button", { name: "Salva bozza" }).click();
    await mine.page.getByRole("status").filter({ hasText: /Bozza salvata alle/ }).waitFor();
    const id = submissionIdOf(mine.page);
    const history = await mine.page.evaluate(async (id) => (await fetch(`/api/v1/submissions/${id}/history`)).json(), id);
    const names = (history as { revisions: { data: { sintesiComplessiva: string } }[] }).revisions.map((r) => r.data.sintesiComplessiva);
    // Theirs stays in the history, mine comes after it. On a slow machine the 30-second autosave may
    // also have saved mine before the button did: the same data, one more revision.
    expect(names.slice(0, 3)).toEqual(["Luca", "Luca Bianchi", "Luca Verdi"]);
    expect(new Set(names.slice(2))).toEqual(new Set(["Luca Verdi"]));
    expect(mine.errors).toEqual([expect.stringMatching(/409/)]);
    expect(theirs.errors).toEqual([]);
    await mine.close();
    await theirs.close();
  });

  it("answers 404 to another comune's worker", async () => {
    const seregno = await openPage(browser);
    await signIn(seregno.page, SEREGNO);
    await open(seregno.page, compila("pre-assessment"));
    await seregno.page.getByRole("button", { name: "Salva bozza" }).click();
    await onSubmissionPage(seregno.page);
    const url = seregno.page.url();
    await seregno.close();

    const meda = await openPage(browser);
    await signIn(meda.page, MEDA);
    const response = await meda.page.goto(url);
    expect(response?.status()).toBe(404);
    await expect.poll(() => meda.page.locator("h1").innerText()).toBe("Pagina non trovata");
    expect(meda.errors).toEqual([expect.stringMatching(/404/)]);
    await meda.close();
  });

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("has no axe violations on the form pages (%s)", async (_name, options) => {
    const { page, errors, close } = await openPage(browser, options);
    await signIn(page, SEREGNO);
    await open(page, `${base()}/moduli`);
    await expectNoAxeViolations(page);
    await open(page, compila("scheda-segnalazione"));
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Invia" }).click();
    await page.locator(".error-summary").waitFor();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("computes the SDQ scores live on a phone, read-only, and the server stores them with the draft", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, SEREGNO);
    await open(page, compila("sdq"));
    const emotional = page.locator("output#root_punteggi_emotivi");
    const band = page.locator("output#root_fasce_emotivi");
    await expect.poll(() => emotional.textContent()).toBe("non ancora calcolabile: mancano risposte");
    const answer = (item: number, label: string) => page.getByRole("group", { name: `Affermazione ${item}`, exact: true }).getByLabel(label, { exact: true }).check();
    for (const item of [3, 8, 13, 16]) await answer(item, "Assolutamente vero");
    await expect.poll(() => emotional.textContent()).toBe("non ancora calcolabile: mancano risposte");
    await answer(24, "Parzialmente vero");
    await expect.poll(() => emotional.textContent()).toBe("9");
    await expect.poll(() => band.textContent()).toBe("Sopra la soglia");
    await emotional.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/h14-sdq-phone.png" });
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Salva bozza" }).click();
    await onSubmissionPage(page);
    await expect.poll(() => page.locator("output#root_punteggi_emotivi").textContent()).toBe("9");
    expect(errors).toEqual([]);
    await close();
  });
});

describe("without JavaScript", () => {
  let session: TestPage;
  beforeAll(async () => {
    session = await openPage(browser, { javaScriptEnabled: false });
    // A step that cannot happen fails with its own message, before the test's timeout.
    session.page.setDefaultTimeout(15_000);
    await signIn(session.page, SEREGNO);
  });
  afterAll(() => session.close());

  it("fills Il Mondo del Bambino at T0: rows added by the server, errors with input intact, draft, submit, amend", async () => {
    const { page } = session;
    await open(page, compila("mondo-del-bambino"));
    await page.getByLabel("T0 – Avvio del percorso").check();
    await page.fill('[name="/bisogniSviluppo/saluteCrescita/descrizione"]', "Cresce regolarmente.");
    await page.getByLabel("4 – Adeguato").first().check();
    // "Aggiungi" is a submit button: the server adds the row and renders the page again.
    await page.getByRole("button", { name: /Aggiungi un elemento a «Partecipanti alla valutazione»/ }).click();
    await page.locator('[name="/partecipanti/0/nome"]').waitFor();
    await expect(page.inputValue('[name="/bisogniSviluppo/saluteCrescita/descrizione"]')).resolves.toBe("Cresce regolarmente.");
    await expect(page.isChecked('[name="/puntoRilevazione"][value="T0"]')).resolves.toBe(true);
    await page.fill('[name="/partecipanti/0/nome"]', "Marta Neri");
    await page.selectOption('[name="/partecipanti/0/ruolo"]', "educatore");

    // Invia with fields missing: the page comes back with every input and the summary on top.
    await page.getByRole("button", { name: "Invia" }).click();
    const summary = page.locator(".error-summary");
    await expect.poll(() => summary.innerText()).toContain("Data della valutazione: campo obbligatorio");
    await expect(page.inputValue('[name="/partecipanti/0/nome"]')).resolves.toBe("Marta Neri");
    await expect(page.locator("#root_dataValutazione").getAttribute("aria-invalid")).resolves.toBe("true");
    // axe cannot run in a page without JavaScript (it hangs); the same markup with errors is checked with JavaScript on.

    await page.fill('[name="/sintesiComplessiva"]', "Risorse nella rete familiare.");
    await page.getByRole("button", { name: "Salva bozza" }).click();
    await page.waitForURL(/\/schede\/\d+\?salvata=bozza$/);
    await page.getByRole("status").filter({ hasText: "Bozza salvata." }).waitFor();
    const id = submissionIdOf(page);

    await open(page, `${base()}/schede/${id}`);
    await expect(page.inputValue('[name="/partecipanti/0/nome"]')).resolves.toBe("Marta Neri");
    await page.fill('[name="/dataValutazione"]', "2026-11-20");
    await page.getByRole("button", { name: "Invia" }).click();
    await page.waitForURL(/salvata=inviata/);
    await page.locator(".tag", { hasText: "Inviata" }).waitFor();

    await page.getByRole("link", { name: "Rettifica" }).click();
    await page.fill('[name="/sintesiComplessiva"]', "Risorse nella rete familiare e nella scuola.");
    // The button beside the reason, outside the <form>, posts it through its form attribute.
    await page.getByRole("button", { name: "Invia rettifica" }).first().click();
    await expect.poll(() => summary.innerText()).toContain("Scrivi il motivo della rettifica");
    await expect(page.inputValue('[name="/sintesiComplessiva"]')).resolves.toBe("Risorse nella rete familiare e nella scuola.");
    await page.fill("#motivo", "Sintesi incompleta");
    await page.getByRole("button", { name: "Invia rettifica" }).first().click();
    await page.waitForURL(/salvata=rettificata/);
    await expect(page.inputValue('[name="/sintesiComplessiva"]')).resolves.toBe("Risorse nella rete familiare e nella scuola.");
    expect(session.errors).toEqual([]);
  }, 90_000);

  it("fills the Scheda di segnalazione and removes a row with its button", async () => {
    const { page } = session;
    await open(page, compila("scheda-segnalazione"));
    await fillIntakeRequiredFields(page);
    await page.getByLabel("Urgente (intervento entro pochi giorni)").check();
    const add = page.getByRole("button", { name: /Aggiungi un elemento a «Componenti del nucleo familiare/ });
    await add.click();
    await add.click();
    await expect(page.locator('[name^="/nucleoFamiliare/"][name$="/relazione"]').count()).resolves.toBe(2);
    await page.getByRole("button", { name: "Rimuovi l'elemento n. 1" }).first().click();
    await expect(page.locator('[name^="/nucleoFamiliare/"][name$="/relazione"]').count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Rimuovi l'elemento n. 1" }).first().click();
    await expect(page.locator('[name^="/nucleoFamiliare/"]').count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Invia" }).click();
    await page.waitForURL(/salvata=inviata/);
    await page.locator(".tag", { hasText: "Inviata" }).waitFor();
    expect(session.errors).toEqual([]);
  });
});
