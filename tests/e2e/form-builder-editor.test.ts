import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, expectNoAxeViolations, launchBrowser, openPage, PHONE, signIn, tabTo, builderFieldKeys } from "./support/browser";

// The draft editor of the form builder (issue 6): a built-in form few other tests touch.
const SLUG = "relazione-tribunale";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);
const announcement = (page: Page) => page.locator("[role=status][aria-live=assertive]").textContent();

async function openEditor(page: Page) {
  await page.goto(`${inject("baseUrl")}/admin/moduli/${SLUG}/bozza`, { waitUntil: "networkidle" });
  const create = page.getByRole("button", { name: "Crea la bozza" });
  if (await create.count()) {
    await Promise.all([page.waitForURL(`**/admin/moduli/${SLUG}/bozza`), create.click()]);
    await page.waitForLoadState("networkidle");
  }
  await page.getByRole("heading", { name: "Campi del modulo" }).waitFor();
}

describe("form builder: the draft editor", () => {
  it("builds with the keyboard and the mouse, reorders, undoes, goes through JSON, previews and saves", async () => {
    const { page, errors, close } = await openPage(browser, DESKTOP);
    await signIn(page, "admin@demo.schedario.it");
    await openEditor(page);
    const initial = await builderFieldKeys(page);

    // Keyboard only: add a rating scale from the palette, then move it up twice with "Sposta su".
    await tabTo(page, "button[data-kind=rating]");
    await page.keyboard.press("Enter");
    await expect.poll(() => builderFieldKeys(page)).toEqual([...initial, "valutazione1"]);
    expect(await focusedId(page)).toBe("campo-valutazione1-seleziona");
    await tabTo(page, "#campo-valutazione1-su", 3);
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedId(page)).toBe("campo-valutazione1-su");
    await page.keyboard.press("Enter");
    await expect.poll(() => builderFieldKeys(page)).toEqual([...initial.slice(0, -2), "valutazione1", ...initial.slice(-2)]);
    await expect.poll(() => announcement(page)).toMatch(new RegExp(`spostato in posizione ${initial.length - 1} di ${initial.length + 1}`));

    // Mouse: a repeatable group (added after the selected scale) with a text field inside it.
    await page.getByRole("button", { name: "Aggiungi: Gruppo ripetibile" }).click();
    await page.getByRole("button", { name: "Aggiungi: Testo breve" }).click();
    await expect(page.locator("#campo-gruppo1\\.testo1-seleziona").count()).resolves.toBe(1);

    // Mouse: a yes/no question at the end of the form, and a long text shown only when it is "Sì".
    await page.getByRole("button", { name: "Deseleziona" }).click();
    await page.getByRole("button", { name: "Aggiungi: Sì / No" }).click();
    await page.getByRole("button", { name: "Aggiungi: Testo lungo" }).click();
    await page.selectOption("#condizione-campo", "siNo1");
    await page.selectOption("#condizione-operatore", "eq");
    await page.selectOption("#condizione-valore", { label: "Sì" });
    await page.getByRole("button", { name: "Applica la condizione" }).click();
    await expect.poll(() => page.locator("#campo-testoLungo1-seleziona").textContent()).toContain("visibile se «siNo1» è true");

    // Properties: a title and a required flag; a refused edit says why, inline.
    await page.fill("#prop-title", "Motivo");
    await page.check("#prop-required");
    await page.getByRole("button", { name: "Applica le proprietà" }).click();
    await expect.poll(() => page.locator("#campo-testoLungo1-seleziona").textContent()).toContain("Motivo");
    await page.fill("#prop-key", "siNo1");
    await page.getByRole("button", { name: "Applica le proprietà" }).click();
    await expect.poll(() => page.locator(".builder__notice").textContent()).toContain('esiste già un campo con la chiave "siNo1"');

    // Drag and drop with the mouse: the group goes before the scale just above it.
    const beforeDrag = await builderFieldKeys(page);
    const at = beforeDrag.indexOf("gruppo1");
    expect(beforeDrag[at - 1]).toBe("valutazione1");
    await page.dragAndDrop("#campo-gruppo1-maniglia", "#campo-valutazione1-seleziona");
    const dragged = [...beforeDrag.slice(0, at - 1), "gruppo1", "valutazione1", ...beforeDrag.slice(at + 1)];
    await expect.poll(() => builderFieldKeys(page)).toEqual(dragged);

    // Undo (Ctrl+Z) and redo (Ctrl+Y, and the buttons).
    await page.locator("h2#campi-titolo").click();
    await page.keyboard.press("Control+z");
    await expect.poll(() => builderFieldKeys(page)).toEqual(beforeDrag);
    await page.keyboard.press("Control+y");
    await expect.poll(() => builderFieldKeys(page)).toEqual(dragged);
    await page.getByRole("button", { name: "Annulla modifica", exact: true }).click();
    await expect.poll(() => builderFieldKeys(page)).toEqual(beforeDrag);
    await page.getByRole("button", { name: "Ripeti modifica", exact: true }).click();
    await expect.poll(() => builderFieldKeys(page)).toEqual(dragged);
    const built = dragged;

    // JSON tab: a real code editor; broken JSON keeps you there; fixed, nothing is lost.
    await page.getByRole("tab", { name: "JSON" }).click();
    const schemaEditor = page.locator(".code-editor .cm-content").first();
    // CodeMirror renders the visible lines only: the uiSchema's order, at its top, names the new fields.
    await expect.poll(() => page.locator(".code-editor .cm-content").nth(1).textContent()).toContain('"valutazione1"');
    await expectNoAxeViolations(page);
    await schemaEditor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("x");
    await expect.poll(() => page.locator(".builder-problems").first().textContent()).toMatch(/JSON non valido/);
    await page.getByRole("tab", { name: "Editor visuale" }).click();
    await expect.poll(() => page.locator(".builder__notice").textContent()).toContain("resti nella scheda JSON");
    await schemaEditor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Backspace");
    await page.getByRole("tab", { name: "Editor visuale" }).click();
    await expect.poll(() => builderFieldKeys(page)).toEqual(built);

    // Preview: validated by the server; sample data is valid; the condition shows the long text.
    const status = page.locator("#anteprima-stato");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/errori nei dati dell'anteprima/);
    await page.check("#dati-esempio");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe("Dati dell'anteprima validi");
    await expect(page.locator(".builder-preview").getByText("Motivo").count()).resolves.toBeGreaterThan(0);
    await page.locator(".builder-preview").getByRole("radio", { name: "No" }).last().check();
    await expect.poll(() => page.locator(".builder-preview").getByText("Motivo").count()).toBe(0);
    await page.uncheck("#dati-esempio");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/errori nei dati dell'anteprima/);
    await page.getByRole("button", { name: "Verifica i dati" }).click();
    await expect.poll(() => page.locator(".builder-preview .error-summary").textContent()).toMatch(/campo obbligatorio/);

    // CodeMirror's <style> ran under the production CSP thanks to the page's nonce (ADR 0011).
    await expect(page.evaluate(() => document.querySelectorAll("style[nonce]").length)).resolves.toBeGreaterThan(0);

    await expectNoAxeViolations(page);

    // Leaving with unsaved changes asks first.
    await page.getByRole("link", { name: "Il mio lavoro" }).click();
    await page.getByRole("alertdialog").waitFor();
    await page.getByRole("button", { name: "Resta nell'editor" }).click();
    expect(new URL(page.url()).pathname).toBe(`/admin/moduli/${SLUG}/bozza`);

    // Save, then the page reloaded shows what was saved.
    await page.getByRole("button", { name: "Salva la bozza" }).click();
    await expect.poll(() => page.locator(".builder__notice").textContent()).toContain("Bozza salvata.");
    await expect.poll(() => page.locator(".builder__status").textContent()).toBe("Tutto salvato");
    // Reload once the last preview check has answered (a reload aborts a request in flight).
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).not.toBe("Controllo in corso…");
    await page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => builderFieldKeys(page)).toEqual(built);

    // Deleting the yes/no question frees the field shown under its condition, and says so.
    await page.locator("#campo-siNo1-seleziona").click();
    await page.getByRole("button", { name: "Elimina il campo" }).click();
    await expect.poll(() => announcement(page)).toMatch(/eliminato\. Non dipendono più da esso e sono sempre visibili: «Motivo»/);
    await expect(page.locator("#campo-testoLungo1-seleziona").textContent()).resolves.not.toContain("visibile se");

    expect(errors).toEqual([]);
    await close();
    // One long flow, on a machine shared with other test runs.
  }, 180_000);

  it("never loses a property typed in the panel: selecting another field applies it", async () => {
    const { page, errors, close } = await openPage(browser, DESKTOP);
    await signIn(page, "admin@demo.schedario.it");
    await openEditor(page);
    const [first, second] = await builderFieldKeys(page);
    const row = (key: string) => page.locator(`#campo-${key}-seleziona`);
    await row(first!).click();
    await page.fill("#prop-title", "Titolo scritto e mai applicato");
    // No "Applica le proprietà": the admin simply picks another field.
    await row(second!).click();
    await expect(page.getByRole("heading", { name: /^Proprietà di «/ }).textContent()).resolves.not.toContain("Titolo scritto");
    await expect.poll(() => row(first!).textContent()).toContain("Titolo scritto e mai applicato");
    await expect.poll(() => page.locator(".builder__status").textContent()).toBe("Modifiche non salvate");
    await row(first!).click();
    await expect(page.inputValue("#prop-title")).resolves.toBe("Titolo scritto e mai applicato");
    // One step in the history: "Annulla modifica" brings the old title back, "Ripeti modifica" the new one.
    await page.getByRole("button", { name: "Annulla modifica" }).click();
    await expect(row(first!).textContent()).resolves.not.toContain("Titolo scritto");
    await page.getByRole("button", { name: "Ripeti modifica" }).click();
    await expect.poll(() => row(first!).textContent()).toContain("Titolo scritto e mai applicato");
    // Moving between the panel's own inputs applies nothing yet and keeps the focus where it went.
    await page.fill("#prop-title", "Altro titolo");
    await page.press("#prop-title", "Tab");
    await expect(focusedId(page)).resolves.toBe("prop-key");
    await expect.poll(() => row(first!).textContent()).toContain("Titolo scritto e mai applicato");
    await page.locator("h2#campi-titolo").click();
    await expect.poll(() => row(first!).textContent()).toContain("Altro titolo");
    await page.screenshot({ path: "/tmp/h14-builder-1280.png", fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it("proposes the new form's slug from its title until the admin writes one", async () => {
    const { page, errors, close } = await openPage(browser, DESKTOP);
    await signIn(page, "admin@demo.schedario.it");
    await page.goto(`${inject("baseUrl")}/admin/moduli/nuovo`, { waitUntil: "networkidle" });
    await page.getByLabel("Titolo").fill("Verbale d'équipe — Città di Meda");
    await expect(page.getByLabel("Slug (identificativo)").inputValue()).resolves.toBe("verbale-d-equipe-citta-di-meda");
    await page.getByLabel("Slug (identificativo)").fill("verbale-meda");
    await page.getByLabel("Titolo").fill("Verbale d'équipe");
    await expect(page.getByLabel("Slug (identificativo)").inputValue()).resolves.toBe("verbale-meda");
    expect(errors).toEqual([]);
    await close();
  });

  it("shows its panels as tabs on a tablet (768 px)", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: { width: 768, height: 1024 }, hasTouch: true });
    await signIn(page, "admin@demo.schedario.it");
    await openEditor(page);
    const tabs = page.getByRole("tablist", { name: "Parte dell'editor da mostrare" });
    await expect(tabs.getByRole("tab").allTextContents()).resolves.toEqual(["Campi", "Proprietà", "Anteprima"]);
    // One panel at a time: the fields first; the properties of the selected field on their tab.
    const [first] = await builderFieldKeys(page);
    await page.locator(`#campo-${first}-seleziona`).click();
    await expect(page.locator(".builder-panel").isVisible()).resolves.toBe(false);
    await tabs.getByRole("tab", { name: /^Proprietà/ }).click();
    await expect(page.getByRole("heading", { name: /^Proprietà di «/ }).isVisible()).resolves.toBe(true);
    await expect(page.locator("section.builder-fields").isVisible()).resolves.toBe(false);
    await page.screenshot({ path: "/tmp/h14-builder-768-proprieta.png", fullPage: true });
    await tabs.getByRole("tab", { name: "Anteprima" }).click();
    await expect(page.locator(".builder-preview").isVisible()).resolves.toBe(true);
    await expect(page.locator(".builder-panel").isVisible()).resolves.toBe(false);
    await tabs.getByRole("tab", { name: "Campi" }).click();
    await page.screenshot({ path: "/tmp/h14-builder-768.png", fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("is usable on a phone", async () => {
    const { page, errors, close } = await openPage(browser, PHONE);
    await signIn(page, "admin@demo.schedario.it");
    await openEditor(page);
    await page.getByRole("button", { name: "Aggiungi: Data" }).click();
    await page.getByRole("tab", { name: /^Proprietà/ }).click();
    await expect(page.getByRole("heading", { name: /Proprietà di «Data/ }).count()).resolves.toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });
});
