import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PHONE, expectNoAxeViolations, hidePage, launchBrowser, openPage, signIn } from "./support/browser";

/**
 * What a new user found in the way (issue 13, item 6): the read-only scheda
 * shows what was filled, with folding sections and a switch to every field;
 * an expired session during autosave says so at the top and brings the typed
 * data back after signing in again; fields hidden by a condition are never in
 * the Tab order.
 */

const WORKER = "operatore.seregno@demo.schedario.it";
const base = () => inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** A scheda filed by the signed-in worker through the API; its id. */
async function fileScheda(page: Page, slug: string, data: Record<string, unknown>, status: "draft" | "submitted"): Promise<number> {
  const response = await page.request.post(`${base()}/api/v1/forms/${slug}/submissions`, {
    headers: { Origin: base() },
    data: { data, status, service: "tutela-minori", comune: "seregno" },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("the read-only scheda", () => {
  it("shows only what was filled, in sections that fold, and every field on request (also without JavaScript)", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, WORKER);
    const example = JSON.parse(await readFile("schemas/mondo-del-bambino/example.json", "utf8")) as Record<string, unknown>;
    const id = await fileScheda(page, "mondo-del-bambino", example, "submitted");
    await page.goto(`${base()}/schede/${id}`, { waitUntil: "networkidle" });

    // "Autonomia" is not in the example: neither the section nor its fields are there.
    await expect(page.locator("#root_bisogniSviluppo_autonomia").count()).resolves.toBe(0);
    const filledHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    // A filled section, as a heading inside the <summary> of an open <details>; the computed mean is shown.
    await page.getByRole("heading", { level: 2, name: "Bisogni di sviluppo del bambino" }).waitFor();
    await expect(page.locator("#root_bisogniSviluppo_mediaValutazioni").count()).resolves.toBe(1);
    const section = page.locator("#root_bisogniSviluppo_saluteCrescita");
    const description = page.locator('[name="/bisogniSviluppo/saluteCrescita/descrizione"]');
    await expect(description.isVisible()).resolves.toBe(true);
    // Folded and unfolded with the keyboard.
    await page.locator("#root_bisogniSviluppo_saluteCrescita > summary").focus();
    await page.keyboard.press("Enter");
    await expect(section.getAttribute("open")).resolves.toBeNull();
    await expect(description.isVisible()).resolves.toBe(false);
    await page.keyboard.press("Enter");
    await expect(description.isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Mostra anche i campi vuoti" }).click();
    await page.waitForURL(/\?tutti=1$/);
    await page.locator("#root_bisogniSviluppo_autonomia").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(filledHeight * 1.4);
    await page.getByRole("link", { name: "Mostra solo i campi compilati" }).click();
    // A client-side navigation changes the URL before it renders: wait for the section to go.
    await page.locator("#root_bisogniSviluppo_autonomia").waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await close();

    // The switch is a link: the server renders both views.
    const noJs = await openPage(browser, { javaScriptEnabled: false });
    await signIn(noJs.page, WORKER);
    await noJs.page.goto(`${base()}/schede/${id}?tutti=1`);
    await expect(noJs.page.locator("#root_bisogniSviluppo_autonomia").count()).resolves.toBe(1);
    await noJs.page.goto(`${base()}/schede/${id}`);
    await expect(noJs.page.locator("#root_bisogniSviluppo_autonomia").count()).resolves.toBe(0);
    await noJs.close();
  });

  it("has no axe violations on a phone", async () => {
    const { page, close } = await openPage(browser, PHONE);
    await signIn(page, WORKER);
    const id = await fileScheda(page, "mondo-del-bambino", JSON.parse(await readFile("schemas/mondo-del-bambino/example.json", "utf8")), "submitted");
    await page.goto(`${base()}/schede/${id}`, { waitUntil: "networkidle" });
    await expectNoAxeViolations(page);
    await close();
  });
});

describe("a session that expires while a form is open", () => {
  it("says so at the top without taking the focus, and after signing in again puts the typed data back and saves them", async () => {
    const { page, errors, close } = await openPage(browser);
    await signIn(page, WORKER);
    const id = await fileScheda(page, "mondo-del-bambino", { puntoRilevazione: "T1" }, "draft");
    await page.goto(`${base()}/schede/${id}`, { waitUntil: "networkidle" });

    // The session ends (expired, or closed elsewhere) while the worker types deep in the form.
    await page.context().clearCookies();
    const sintesi = page.locator('[name="/sintesiComplessiva"]');
    await sintesi.fill("Scritta dopo la scadenza della sessione.");
    await hidePage(page);
    const alert = page.getByRole("alert").filter({ hasText: "La sessione è scaduta" });
    await alert.waitFor();
    await expect.poll(() => alert.innerText()).toContain(
      "La sessione è scaduta: i dati che hai scritto sono ancora in questa pagina. Accedi di nuovo per salvarli."
    );
    expect(await focusedId(page)).toBe("root_sintesiComplessiva");
    // In sight at the top of the screen, wherever the worker is.
    expect((await alert.boundingBox())!.y).toBeLessThan(5);
    await expectNoAxeViolations(page);

    await page.keyboard.type(" E ancora.");
    await Promise.all([page.waitForURL(/\/login\?redirectTo=/), alert.getByRole("link", { name: "Accedi di nuovo" }).click()]);
    await page.getByLabel("Indirizzo e-mail").fill(WORKER);
    await page.getByLabel("Password").fill("schedario-demo-2026");
    await Promise.all([page.waitForURL(new RegExp(`/schede/${id}$`)), page.getByRole("button", { name: "Accedi" }).click()]);

    // Back on the scheda: what was typed is in the form and saved at once.
    await page.getByRole("status").filter({ hasText: /Bozza salvata alle/ }).waitFor();
    await expect(sintesi.inputValue()).resolves.toBe("Scritta dopo la scadenza della sessione. E ancora.");
    await expect(page.getByRole("alert").filter({ hasText: "La sessione è scaduta" }).count()).resolves.toBe(0);
    const stored = await page.evaluate(async (id) => (await fetch(`/api/v1/submissions/${id}`)).json(), id);
    expect(stored).toMatchObject({ revision: 2, data: { puntoRilevazione: "T1", sintesiComplessiva: "Scritta dopo la scadenza della sessione. E ancora." } });
    // The stash is taken once: a reload shows the stored draft, nothing restored.
    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByRole("status").filter({ hasText: "Ripresi" }).count()).resolves.toBe(0);
    // The refused autosaves are the browser's only complaints.
    expect(errors.every((e) => /401/.test(e))).toBe(true);
    await close();
  });
});

describe("fields hidden by a condition", () => {
  const SLUG = `condizioni-${Date.now().toString(36)}`;
  const choice = (title: string) => ({ type: "string", title, oneOf: [{ const: "si", title: "Sì" }, { const: "no", title: "No" }] });
  // What the builder's "Mostra quando" writes: the field lives in an if/then (or if/else) branch.
  const schema = {
    type: "object",
    title: "Prova delle condizioni",
    properties: {
      primo: { type: "string", title: "Primo campo" },
      scuola: choice("Frequenta la scuola?"),
      sezione: {
        type: "object",
        title: "Lavoro",
        properties: { lavora: choice("Un genitore lavora?"), ultimo: { type: "string", title: "Ultimo campo" } },
        allOf: [{ if: { properties: { lavora: { const: "no" } }, required: ["lavora"] }, else: { properties: { impiego: { type: "string", title: "Impiego" } } } }],
      },
    },
    allOf: [{ if: { properties: { scuola: { const: "si" } }, required: ["scuola"] }, then: { properties: { nomeScuola: { type: "string", title: "Nome della scuola" } } } }],
  };
  const uiSchema = {
    "ui:order": ["primo", "scuola", "nomeScuola", "sezione"],
    scuola: { "ui:widget": "radio" },
    sezione: { "ui:order": ["lavora", "impiego", "ultimo"], lavora: { "ui:widget": "radio" } },
  };

  /** An administrator creates the form, imports its content and publishes it. */
  async function publishConditionalForm() {
    const { page, close } = await openPage(browser);
    await signIn(page, "admin@demo.schedario.it");
    await page.goto(`${base()}/admin/moduli/nuovo`, { waitUntil: "networkidle" });
    await page.getByLabel("Titolo").fill("Prova delle condizioni");
    await page.getByLabel("Slug (identificativo)").fill(SLUG);
    await page.getByLabel("Tipo di modulo").selectOption("report");
    await page.getByLabel("Servizio Tutela Minori (équipe territoriale)").check();
    await Promise.all([page.waitForURL(`**/admin/moduli/${SLUG}/bozza?creato=1`), page.getByRole("button", { name: "Crea il modulo" }).click()]);
    await page.goto(`${base()}/admin/moduli/${SLUG}`, { waitUntil: "networkidle" });
    const bundle = { slug: SLUG, title: "Prova delle condizioni", kind: "report", schema, uiSchema };
    await page.getByLabel("File JSON").setInputFiles({ name: `${SLUG}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundle)) });
    await page.getByLabel(/Sostituisci la bozza esistente/).check();
    await page.getByRole("button", { name: "Importa nella bozza" }).click();
    await page.locator("[role=status]", { hasText: "importato nella bozza" }).waitFor();
    await page.getByRole("link", { name: "Verifica e pubblica la bozza" }).click();
    await page.waitForURL(`**/admin/moduli/${SLUG}/pubblica`);
    await Promise.all([page.waitForURL(`**/admin/moduli/${SLUG}?pubblicata=1`), page.getByRole("button", { name: "Pubblica la versione 1" }).click()]);
    await close();
  }

  /** The ids the Tab key visits from the first field to the last one. */
  async function tabOrder(page: Page): Promise<string[]> {
    await page.locator("#root_primo").focus();
    const visited: string[] = [];
    for (let i = 0; i < 20 && visited.at(-1) !== "root_sezione_ultimo"; i++) {
      await page.keyboard.press("Tab");
      visited.push(await focusedId(page));
    }
    return visited;
  }

  it("are never focused, and are reached once their condition holds", async () => {
    await publishConditionalForm();
    const { page, errors, close } = await openPage(browser);
    await signIn(page, WORKER);
    await page.goto(`${base()}/moduli/${SLUG}/compila?servizio=tutela-minori&comune=seregno`, { waitUntil: "networkidle" });

    // Nothing chosen: the school's name (then) is hidden, the job (else) shown.
    expect(await tabOrder(page)).toEqual(["root_scuola-0", "root_sezione_lavora-0", "root_sezione_impiego", "root_sezione_ultimo"]);
    await page.getByLabel("Sì", { exact: true }).first().check();
    await page.getByRole("radio", { name: "No" }).nth(1).check();
    expect(await tabOrder(page)).toEqual(["root_scuola-0", "root_nomeScuola", "root_sezione_lavora-1", "root_sezione_ultimo"]);
    // Hidden again: no trace in the page, focusable or not.
    await page.getByRole("radio", { name: "No" }).first().check();
    expect(await tabOrder(page)).toEqual(["root_scuola-1", "root_sezione_lavora-1", "root_sezione_ultimo"]);
    await expect(page.locator('[name="/nomeScuola"], [name="/sezione/impiego"]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
