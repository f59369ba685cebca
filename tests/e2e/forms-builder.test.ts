import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, openPage, PHONE, signIn } from "./support/browser";

// Demo users seeded by the server (README, "Demo users").
const SLUG = `colloquio-${Date.now().toString(36)}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Waits for an element with this text: pages change after a click, and reading at once would see the old one. */
const see = (page: Page, selector: string, text: string | RegExp) => page.locator(selector, { hasText: text }).first().waitFor();

const choice = (title: string, codes: [string, string][]) => ({ type: "string", title, oneOf: codes.map(([c, t]) => ({ const: c, title: t })) });
const v1 = {
  type: "object",
  title: "Colloquio con la famiglia",
  properties: {
    data: { type: "string", format: "date", title: "Data del colloquio" },
    durata: { type: "integer", title: "Durata (minuti)", minimum: 0 },
    clima: choice("Clima del colloquio", [["sereno", "Sereno"], ["teso", "Teso"]]),
  },
};
// v2 renames durata → durataMinuti and recodes clima "teso" → "difficile"; no other fields allowed.
const v2 = {
  type: "object",
  title: "Colloquio con la famiglia",
  additionalProperties: false,
  properties: {
    data: { type: "string", format: "date", title: "Data del colloquio" },
    durataMinuti: { type: "integer", title: "Durata in minuti", minimum: 0 },
    clima: choice("Clima del colloquio", [["sereno", "Sereno"], ["difficile", "Difficile"]]),
  },
};

/** Uploads a bundle through the versions page's import form. */
async function importBundle(page: Page, schema: object, replaceDraft: boolean) {
  await page.getByLabel("File JSON").setInputFiles({
    name: `${SLUG}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ slug: SLUG, title: "Colloquio", kind: "report", schema, uiSchema: {} })),
  });
  if (replaceDraft) await page.getByLabel(/Sostituisci la bozza esistente/).check();
  await page.getByRole("button", { name: "Importa nella bozza" }).click();
  await see(page, "[role=status]", `Pacchetto «${SLUG}.json» importato nella bozza.`);
}

/** Two drafts filed by a Seregno worker through the API, with their session. */
async function fileDraftsAsWorker() {
  const { page, close } = await openPage(browser);
  await signIn(page, "operatore.seregno@demo.schedario.it");
  for (const data of [{ durata: 45, clima: "teso" }, { durata: 30, clima: "sereno" }]) {
    const r = await page.request.post(`${inject("baseUrl")}/api/v1/forms/${SLUG}/submissions`, {
      headers: { Origin: inject("baseUrl") },
      data: { data, status: "draft", service: "tutela-minori", comune: "seregno" },
    });
    expect(r.status()).toBe(201);
  }
  await close();
}

describe("form builder: create, publish, republish with a declared mapping, retire", () => {
  it("walks an administrator through the whole life of a form", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, "admin@demo.schedario.it");

    // Forms list, from the navigation.
    await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Moduli (gestione)" }).click();
    await page.waitForURL("**/admin/moduli");
    await page.getByRole("heading", { level: 1, name: "Moduli (gestione)" }).waitFor();
    await expectNoAxeViolations(page);

    // New form: a mistake first, shown inline in Italian, then the real thing.
    await page.getByRole("link", { name: "Nuovo modulo" }).click();
    await page.waitForURL("**/admin/moduli/nuovo");
    await page.getByLabel("Titolo").fill("Colloquio con la famiglia");
    await page.getByLabel("Slug (identificativo)").fill("Colloquio Famiglia");
    await page.getByRole("button", { name: "Crea il modulo" }).click();
    await see(page, ".error-summary", /minuscolo.*Scegli il tipo.*almeno un servizio/s);
    await expectNoAxeViolations(page);
    await page.getByLabel("Slug (identificativo)").fill(SLUG);
    await page.getByLabel("Tipo di modulo").selectOption("report");
    await page.getByLabel("Servizio Tutela Minori (équipe territoriale)").check();
    await page.getByRole("button", { name: "Crea il modulo" }).click();
    // The new form opens in the editor; this one's content comes from a JSON bundle instead.
    await page.waitForURL(`**/admin/moduli/${SLUG}/bozza?creato=1`);
    await see(page, "[role=status]", "Modulo creato con una bozza vuota");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Importa un pacchetto JSON dalla pagina delle versioni" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}`);

    // The draft's content comes from a bundle; a broken one is refused with its lint problems.
    await page.getByLabel("File JSON").setInputFiles({ name: "rotto.json", mimeType: "application/json", buffer: Buffer.from('{"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}') });
    await page.getByLabel(/Sostituisci la bozza esistente/).check();
    await page.getByRole("button", { name: "Importa nella bozza" }).click();
    await see(page, ".problem-list", 'schema#/properties/a: il campo "a" non ha un titolo');
    await importBundle(page, v1, true);

    // Publish v1: lint clean, every field added, nothing to check in earlier versions.
    await page.getByRole("link", { name: "Verifica e pubblica la bozza" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}/pubblica`);
    await see(page, "p", "Nessun problema: la bozza supera i controlli.");
    await see(page, "table", /Durata \(minuti\).*Aggiunto/);
    await see(page, "p", "Nessuna versione precedente");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Pubblica la versione 1" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}?pubblicata=1`);

    // Workers start filling v1 in.
    await fileDraftsAsWorker();

    // v2 renames a field and recodes an option: without a mapping, both drafts would break.
    await importBundle(page, v2, false);
    await page.getByRole("link", { name: "Verifica e pubblica la bozza" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}/pubblica`);
    // The differences in the admin's words: titles and kinds of field, no JSON pointers or type names.
    await see(page, "table", /Durata \(minuti\)Tolto.*Durata in minutiAggiunto/);
    await see(page, "table", "opzioni aggiunte: «Difficile»; opzioni tolte: «Teso»");
    await expect(page.getByRole("table", { name: "Campi cambiati dalla versione 1 alla bozza" }).textContent()).resolves.not.toMatch(/\/durata|integer|string/);
    await page.getByRole("table", { name: "Campi cambiati dalla versione 1 alla bozza" }).waitFor();
    const impact = page.getByRole("table", { name: "Impatto per versione" });
    await expect(impact.locator("tbody tr").first().locator("td").allTextContents()).resolves.toEqual(["1", "2", "0", "2", "0"]);

    // Declare the rename, then the recoding.
    await page.getByLabel("Campo della versione 1").selectOption("/durata");
    await page.getByLabel("Campo della versione 2").selectOption("/durataMinuti");
    await page.getByRole("button", { name: "Aggiungi la corrispondenza" }).click();
    await see(page, "[role=status]", "Corrispondenza aggiunta.");
    await page.getByLabel("Campo della versione 1").selectOption("/clima");
    await page.getByLabel("Campo della versione 2").selectOption("/clima");
    await page.getByLabel("Ricodifica dei valori (facoltativa)").fill("teso = pessimo");
    await page.getByRole("button", { name: "Aggiungi la corrispondenza" }).click();
    await see(page, ".error-summary", '"pessimo" non è un\'opzione di «Clima del colloquio»');
    await page.getByLabel("Ricodifica dei valori (facoltativa)").fill("teso = difficile");
    await page.getByRole("button", { name: "Aggiungi la corrispondenza" }).click();
    await page.getByRole("table", { name: "Corrispondenze dichiarate" }).locator("tbody tr").nth(1).waitFor();
    // With the mapping, both drafts fit v2.
    await expect(impact.locator("tbody tr").first().locator("td").allTextContents()).resolves.toEqual(["1", "2", "2", "0", "0"]);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Pubblica la versione 2" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}?pubblicata=2`);

    // Versions: v2 carries its mapping; compare the two; retire v1 after confirming.
    await page.getByRole("table", { name: "Versioni di Colloquio con la famiglia" }).waitFor();
    await see(page, "tr", /^2Pubblicata2 corrispondenze dalla versione precedenteAnna Amministratrice/);
    await page.getByLabel("Dalla versione").selectOption("1");
    await page.getByLabel("Alla versione", { exact: true }).selectOption("2");
    await page.getByRole("button", { name: "Confronta" }).click();
    await see(page, "table", "Durata in minuti");
    await page.getByRole("table", { name: "Differenze tra la versione 1 e la versione 2" }).waitFor();
    await page.getByRole("link", { name: "Ritira la versione 1" }).click();
    await page.getByRole("region", { name: "Ritirare la versione 1?" }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Sì, ritira la versione 1" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}?ritirata=1`);
    await see(page, "tr", /^1Ritirata/);
    await expectNoAxeViolations(page);

    // The three refusals on purpose (new form, broken bundle, bad recoding) are answered 400, and nothing else failed.
    expect(errors).toEqual(Array(3).fill("Failed to load resource: the server responded with a status of 400 (Bad Request)"));
    await close();
    // A whole form's life in one browser: 60 s was passed on a loaded 2-core machine (speed lives in benchmarks).
  }, 120_000);

  it("keeps the builder's pages usable and accessible on a phone", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, "admin@demo.schedario.it");
    for (const path of ["/admin/moduli", "/admin/moduli/nuovo", "/admin/moduli/verbale-spazio-neutro", "/admin/moduli/verbale-spazio-neutro/pubblica"]) {
      await page.goto(`${inject("baseUrl")}${path}`, { waitUntil: "networkidle" });
      // Nothing wider than the screen: tables scroll inside their own region.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectNoAxeViolations(page);
    }
    expect(errors).toEqual([]);
    await close();
  });
});
