import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, signIn } from "./support/browser";

// SchemaForm keeps unchanged rows and sections identical across keystrokes so
// that rjsf re-renders only the changed path (bench:typing). These checks
// make sure that nothing a person should see is skipped along with them.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("typing into a form with a list", () => {
  it("keeps each row's value and makes the errors follow the typing, in the fields and in the summary", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, "operatore.seregno@demo.schedario.it");
    await page.goto(`${inject("baseUrl")}/moduli/scheda-segnalazione/compila?servizio=tutela-minori&comune=seregno`);
    await page.waitForFunction(() => document.documentElement.dataset.interactive !== undefined);
    await page.getByRole("button", { name: "Aggiungi un elemento a «Componenti del nucleo familiare»" }).click();
    const name = page.locator("#root_nucleoFamiliare_0_nomeCognome");
    await name.fill("Mario Rossi");

    await page.getByRole("button", { name: "Invia", exact: true }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    const relation = page.locator("#root_nucleoFamiliare_0_relazione");
    const summaryLink = (id: string) => summary.locator(`a[href="#${id}"]`);
    await expect(relation.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(summaryLink("root_nucleoFamiliare_0_relazione").count()).resolves.toBe(1);
    await expect(summaryLink("root_descrizioneMotivo").count()).resolves.toBe(1);

    // The row corrected: its error goes, from the field and from the summary; the others stay.
    await relation.selectOption("padre");
    await expect.poll(() => relation.getAttribute("aria-invalid")).toBeNull();
    await expect.poll(() => summaryLink("root_nucleoFamiliare_0_relazione").count()).toBe(0);
    await expect(summaryLink("root_descrizioneMotivo").count()).resolves.toBe(1);

    // Typing elsewhere clears that field's error live and leaves the row as it was.
    await page.locator("#root_descrizioneMotivo").pressSequentially("Segnalazione della scuola");
    await expect.poll(() => summaryLink("root_descrizioneMotivo").count()).toBe(0);
    await expect(page.locator("#root_descrizioneMotivo").getAttribute("aria-invalid")).resolves.toBeNull();
    await name.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(" jr");
    await expect(name.inputValue()).resolves.toBe("Mario Rossi jr");
    await expect(relation.inputValue()).resolves.toBe("padre");
    expect(errors).toEqual([]);
    await close();
  });
});
