import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo, builderFieldKeys } from "./support/browser";

/**
 * The form builder end to end (issue 6, "Done when"): an administrator
 * builds a form from scratch in the editor — with the keyboard and with the
 * mouse — previews it, publishes it; a worker fills it and finds the
 * submission; the administrator renames a field, declares the mapping and
 * republishes; the coordinator then sees the old and the new submission side
 * by side, in the new shape, in the list and in the CSV export.
 */

const SLUG = `verbale-sn-${Date.now().toString(36)}`;
const TITLE = "Verbale di incontro (prova)";
const ADMIN = "admin@demo.schedario.it";
const WORKER = "operatore.seregno@demo.schedario.it";
const COORDINATOR = "coordinatore@demo.schedario.it";
const base = () => inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Applies the properties panel and waits for the field list to show the key. */
async function applyProperties(page: Page, key: string) {
  await page.getByRole("button", { name: "Applica le proprietà" }).click();
  await page.locator(`#campo-${key}-seleziona`).waitFor();
}

/** Saves the draft, then goes to the publish page and publishes the next version. */
async function saveAndPublish(page: Page, version: number, beforePublish?: () => Promise<void>) {
  await page.getByRole("button", { name: "Salva la bozza" }).click();
  await page.locator(".builder__notice", { hasText: "Bozza salvata." }).waitFor();
  await page.getByRole("link", { name: "Verifica e pubblica" }).click();
  await page.waitForURL(`**/admin/moduli/${SLUG}/pubblica`);
  await page.getByText("Nessun problema: la bozza supera i controlli.").waitFor();
  await beforePublish?.();
  await page.getByRole("button", { name: `Pubblica la versione ${version}` }).click();
  await page.waitForURL(`**/admin/moduli/${SLUG}?pubblicata=${version}`);
}

/** A worker of Seregno fills the form from the forms list, submits it, and finds it in the list of schede. */
async function fileAsWorker(fill: (page: Page) => Promise<void>): Promise<string> {
  const { page, errors, close } = await openPage(browser);
  await signIn(page, WORKER);
  await page.goto(`${base()}/moduli`, { waitUntil: "networkidle" });
  await page.locator(`a[href*="/moduli/${SLUG}/compila"]`).click();
  await page.waitForURL(`**/moduli/${SLUG}/compila**`);
  await page.waitForLoadState("networkidle");
  await fill(page);
  await page.getByRole("button", { name: "Invia" }).click();
  await page.locator(".tag", { hasText: "Inviata" }).waitFor();
  const id = /\/schede\/(\d+)/.exec(page.url())![1]!;

  // Found again through the list, filtered by the form.
  await page.getByRole("navigation", { name: "Navigazione principale" }).getByRole("link", { name: "Schede" }).click();
  await page.waitForURL("**/schede");
  await page.getByLabel("Modulo").selectOption({ label: TITLE });
  await page.getByRole("button", { name: "Filtra" }).click();
  await page.waitForURL(`**/schede?**modulo=${SLUG}**`);
  await page.getByRole("link", { name: `n. ${id}` }).waitFor();
  expect(errors).toEqual([]);
  await close();
  return id;
}

describe("form builder: from an empty form to old and new submissions side by side", () => {
  it("builds, previews, publishes, is filled, republishes with a renamed field, and keeps both submissions readable", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, ADMIN);

    // New form: it opens straight in the editor, with an empty draft.
    await page.goto(`${base()}/admin/moduli/nuovo`, { waitUntil: "networkidle" });
    await page.getByLabel("Titolo").fill(TITLE);
    await page.getByLabel("Slug (identificativo)").fill(SLUG);
    await page.getByLabel("Tipo di modulo").selectOption("report");
    await page.getByLabel("Servizio Tutela Minori (équipe territoriale)").check();
    await page.getByRole("button", { name: "Crea il modulo" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}/bozza?creato=1`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("status").filter({ hasText: "Modulo creato con una bozza vuota" }).waitFor();
    expect(await builderFieldKeys(page)).toEqual([]);

    // Keyboard only: a required date, added from the palette and given its title and key.
    await tabTo(page, "button[data-kind=date]");
    await page.keyboard.press("Enter");
    await expect.poll(() => builderFieldKeys(page)).toEqual(["data1"]);
    await tabTo(page, "#prop-title");
    await page.keyboard.type("Data dell'incontro");
    await tabTo(page, "#prop-key", 3);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("dataIncontro");
    await tabTo(page, "#prop-required");
    await page.keyboard.press("Space");
    await tabTo(page, ".builder-props button[type=submit]");
    await page.keyboard.press("Enter");
    await expect.poll(() => builderFieldKeys(page)).toEqual(["dataIncontro"]);

    // Mouse: a whole number and a single choice with its own codes and labels.
    await page.getByRole("button", { name: "Aggiungi: Numero intero" }).click();
    await page.fill("#prop-title", "Durata (minuti)");
    await page.fill("#prop-key", "durata");
    await applyProperties(page, "durata");
    await page.getByRole("button", { name: "Aggiungi: Scelta singola" }).click();
    await page.fill("#prop-title", "Clima dell'incontro");
    await page.fill("#prop-key", "clima");
    for (const [index, code, label] of [[0, "sereno", "Sereno"], [1, "teso", "Teso"]] as const) {
      await page.fill(`#opzione-${index}-codice`, code);
      await page.fill(`#opzione-${index}-etichetta`, label);
    }
    await applyProperties(page, "clima");
    expect(await builderFieldKeys(page)).toEqual(["dataIncontro", "durata", "clima"]);

    // Mouse: drag the choice above the duration; keyboard: move the date down one place.
    await page.dragAndDrop("#campo-clima-maniglia", "#campo-durata-seleziona");
    await expect.poll(() => builderFieldKeys(page)).toEqual(["dataIncontro", "clima", "durata"]);
    await page.locator("#campo-dataIncontro-seleziona").focus();
    await tabTo(page, "#campo-dataIncontro-giu", 3);
    await page.keyboard.press("Enter");
    await expect.poll(() => builderFieldKeys(page)).toEqual(["clima", "dataIncontro", "durata"]);
    await expectNoAxeViolations(page);

    // Preview: the errors appear beside the fields after "Verifica i dati", then follow the typing.
    const preview = page.locator(".builder-preview");
    const status = page.locator("#anteprima-stato");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe("1 errore nei dati dell'anteprima");
    await preview.getByRole("button", { name: "Verifica i dati" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("error-summary");
    await expect.poll(() => preview.locator(".error-summary").innerText()).toContain("Data dell'incontro: campo obbligatorio");
    const date = preview.locator('[name="/dataIncontro"]');
    await date.fill("2026-11-20");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe("Dati dell'anteprima validi");
    await expect.poll(() => preview.locator(".error-summary").count()).toBe(0);
    // Emptied again, the field gets its error back from the next check, and the focus stays in it.
    await date.fill("");
    await preview.locator("#root_dataIncontro__error", { hasText: "campo obbligatorio" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("/dataIncontro");

    // Save and publish version 1.
    await saveAndPublish(page, 1);

    // A worker files a submission on version 1 and finds it.
    const first = await fileAsWorker(async (worker) => {
      await worker.getByLabel("Teso").check();
      await worker.fill('[name="/dataIncontro"]', "2026-11-20");
      await worker.fill('[name="/durata"]', "45");
    });

    // Next month: the duration gets a clearer key and title. A new draft starts from version 1.
    await page.goto(`${base()}/admin/moduli/${SLUG}/bozza`, { waitUntil: "networkidle" });
    await Promise.all([page.waitForURL(`**/admin/moduli/${SLUG}/bozza`), page.getByRole("button", { name: "Crea la bozza" }).click()]);
    await page.waitForLoadState("networkidle");
    await page.locator("#campo-durata-seleziona").click();
    await page.fill("#prop-title", "Durata in minuti");
    await page.fill("#prop-key", "durataMinuti");
    await applyProperties(page, "durataMinuti");
    expect(await builderFieldKeys(page)).toEqual(["clima", "dataIncontro", "durataMinuti"]);

    // The publish page shows the rename as a removed and an added field; the admin declares the mapping.
    await saveAndPublish(page, 2, async () => {
      const changes = page.getByRole("table", { name: "Campi cambiati dalla versione 1 alla bozza" });
      await expect.poll(() => changes.innerText()).toMatch(/Durata \(minuti\)\s+Tolto.*Durata in minuti\s+Aggiunto/s);
      await page.getByLabel("Campo della versione 1").selectOption("/durata");
      await page.getByLabel("Campo della versione 2").selectOption("/durataMinuti");
      await page.getByRole("button", { name: "Aggiungi la corrispondenza" }).click();
      await page.getByRole("status").filter({ hasText: "Corrispondenza aggiunta." }).waitFor();
      await expectNoAxeViolations(page);
    });

    // A submission on version 2.
    const second = await fileAsWorker(async (worker) => {
      await worker.getByLabel("Sereno").check();
      await worker.fill('[name="/dataIncontro"]', "2026-12-02");
      await worker.fill('[name="/durataMinuti"]', "30");
    });
    expect(errors).toEqual([]);
    await close();

    // The coordinator: both submissions in the list and in the export, in the new shape.
    const coordinator = await openPage(browser);
    await signIn(coordinator.page, COORDINATOR);
    await coordinator.page.goto(`${base()}/schede?modulo=${SLUG}`, { waitUntil: "networkidle" });
    const table = coordinator.page.getByRole("table", { name: "Schede, dalla più recente" });
    // The form's first three fields follow the number, in version 2's order and shape, whichever version each was filed with.
    expect((await table.locator("thead th").allInnerTexts()).slice(0, 4)).toEqual(["Scheda", "Clima dell'incontro", "Data dell'incontro", "Durata in minuti"]);
    const cells = (row: number) => table.locator("tbody tr").nth(row).locator("td").allInnerTexts();
    const [newest, oldest] = [await cells(0), await cells(1)];
    expect(newest.slice(0, 5)).toEqual([`n. ${second}`, "Sereno", "02/12/2026", "30", expect.stringMatching(/\(v2\)$/)]);
    expect(oldest.slice(0, 5)).toEqual([`n. ${first}`, "Teso", "20/11/2026", "45", expect.stringMatching(/\(v1\)$/)]);
    await expectNoAxeViolations(coordinator.page);
    const href = await coordinator.page.getByRole("link", { name: "Esporta in CSV" }).getAttribute("href");
    const csv = await (await coordinator.page.request.get(`${base()}${href}`)).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/).map((line) => line.split(","));
    const column = header!.indexOf("Durata in minuti");
    expect(column).toBeGreaterThan(-1);
    // The old key is presented under the new one: no column is left for it.
    expect(header).not.toContain("Durata (minuti)");
    expect(lines.map((cells) => [cells[0], cells[1], cells[column]])).toEqual([
      [first, "1", "45"],
      [second, "2", "30"],
    ]);
    expect(coordinator.errors).toEqual([]);
    await coordinator.close();
  }, 240_000);
});
