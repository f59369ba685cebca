import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { expect, inject } from "vitest";

// Flags that work on these machines (DEVELOPERS.md): no sandbox as root, no
// GPU, and nothing that tries to reach the network on its own.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium; playwright gives each launch a fresh temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

export interface TestPage {
  page: Page;
  /** console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** A page in a new context that records every console error and page error. */
export async function openPage(browser: Browser, options: BrowserContextOptions = DESKTOP): Promise<TestPage> {
  const context = await browser.newContext({ locale: "it-IT", ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

/** Every demo user's password (demo mode only). */
export const DEMO_PASSWORD = "schedario-demo-2026";

/** Signs in as a demo user through the login page, as a person would. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${inject("baseUrl")}/login`, { waitUntil: "networkidle" });
  await page.getByLabel("Indirizzo e-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.getByRole("button", { name: "Accedi" }).click()]);
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and fails on any violation, naming each. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(violations).toEqual([]);
}

/**
 * expectNoAxeViolations for a page opened with JavaScript disabled: there,
 * timers never fire and axe-core never finishes. The page's DOM as that
 * browser has it is loaded into a JavaScript-enabled page of the same origin
 * (stylesheets and images load as usual, every script request is refused, so
 * nothing of the page's own code runs) and axe checks that.
 */
export async function expectNoAxeViolationsWithoutJs(page: Page) {
  const html = await page.content();
  const url = page.url();
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? undefined, locale: "it-IT" });
  const copy = await context.newPage();
  await copy.route("**/*", (route) => {
    if (route.request().url() === url) return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    if (route.request().resourceType() === "script") return route.abort();
    return route.continue();
  });
  await copy.goto(url);
  try {
    await expectNoAxeViolations(copy);
  } finally {
    await context.close();
  }
}

/** What a tab switch or leaving the page does: the page becomes hidden (the form pages autosave). */
export async function hidePage(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
  });
}

/** Presses Tab until the focused element matches `selector`. */
export async function tabTo(page: Page, selector: string, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The form builder's editor: keys of the top-level fields, in the order its field list shows them. */
export const builderFieldKeys = (page: Page) =>
  page.$$eval("section.builder-fields > ol > li > .builder-tree__row .builder-tree__select", (buttons) => buttons.map((b) => b.id.replace(/^campo-|-seleziona$/g, "")));

/** Creates a submission through the JSON API with the page's session (same origin, so the Origin check passes); its id. */
export async function createSubmissionFromPage(page: Page, form: string, body: Record<string, unknown>): Promise<number> {
  const result = await page.evaluate(
    async ([f, b]) => {
      const response = await fetch(`/api/v1/forms/${f}/submissions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(b) });
      return { status: response.status, body: await response.json() };
    },
    [form, body] as const
  );
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return (result.body as { id: number }).id;
}
