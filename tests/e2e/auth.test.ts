import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, expectNoAxeViolations, launchBrowser, openPage } from "./support/browser";

// Demo users seeded by the server (README-AUTH.md).
const ADMIN = "admin@demo.schedario.it";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Presses Tab until the element matching `selector` has the focus (at most 30 times). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("login and logout", () => {
  it("signs in and out with the keyboard only", async () => {
    const { page, errors, close } = await openPage(browser);
    // Keys pressed before React has hydrated the document make it throw the
    // server HTML away ("Root did not complete"): a person cannot type that fast.
    await page.goto(`${inject("baseUrl")}/login`, { waitUntil: "networkidle" });
    await tabTo(page, "#email");
    await page.keyboard.type(ADMIN);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("password");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${inject("baseUrl")}/lavoro`);
    await expect.poll(() => page.locator(".site-header__user").textContent()).toContain("Anna Amministratrice");

    await tabTo(page, ".site-header__user button");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/login?uscita=1");
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/Sei uscito da Schedario/);
    // The session is really gone: a protected page sends us back to the login.
    await page.goto(`${inject("baseUrl")}/profilo`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(errors).toEqual([]);
    await close();
  });

  it("works without JavaScript and sets a HttpOnly SameSite=Lax browser-session cookie", async () => {
    const { page, errors, close } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${inject("baseUrl")}/login`);
    await page.fill("#email", "consultazione@demo.schedario.it");
    await page.fill("#password", "non è questa");
    await page.click("main button[type=submit]");
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain(
      "Indirizzo e-mail o password non corretti."
    );
    await expect(page.locator(".error-summary a").getAttribute("href")).resolves.toBe("#email");

    await page.fill("#password", DEMO_PASSWORD);
    await page.click("main button[type=submit]");
    await page.waitForURL(`${inject("baseUrl")}/lavoro`);
    const cookie = (await page.context().cookies()).find((c) => c.name === "schedario_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie?.expires).toBe(-1); // a browser-session cookie
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 401 (Unauthorized)"]);
    await close();
  });

  it("has no axe violation, empty or showing an error, and moves the focus to the error summary", async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(`${inject("baseUrl")}/login`);
    await expectNoAxeViolations(page);
    await page.fill("#email", "operatore.meda@demo.schedario.it");
    await page.fill("#password", "non è questa");
    await page.click("main button[type=submit]");
    await page.locator(".error-summary").waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await expectNoAxeViolations(page);
    // The browser logs the refused login's status; nothing else may reach the console.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 401 (Unauthorized)"]);
    await close();
  });
});

describe("change password page", () => {
  it("has no axe violation, empty or with errors, and changes the password", async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(`${inject("baseUrl")}/login?redirectTo=/profilo/password`);
    await page.fill("#email", "operatore.affidi@demo.schedario.it");
    await page.fill("#password", DEMO_PASSWORD);
    await page.click("main button[type=submit]");
    await page.waitForURL("**/profilo/password");
    await page.getByRole("heading", { level: 1, name: "Cambia la password" }).waitFor();
    await expectNoAxeViolations(page);

    await page.fill("#currentPassword", DEMO_PASSWORD);
    await page.fill("#newPassword", "corta");
    await page.fill("#confirmation", "diversa");
    await page.click("main button[type=submit]");
    await page.locator(".error-summary").waitFor();
    await expect(page.locator(".error-summary li").count()).resolves.toBe(2);
    await expect(page.locator("#newPassword").getAttribute("aria-describedby")).resolves.toContain("newPassword-error");
    await expectNoAxeViolations(page);

    const next = "una frase lunga per la prova";
    await page.fill("#currentPassword", DEMO_PASSWORD);
    await page.fill("#newPassword", next);
    await page.fill("#confirmation", next);
    await page.click("main button[type=submit]");
    await page.waitForURL("**/profilo?password=cambiata");
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/password è stata cambiata/);
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await close();
  });
});

describe("security headers and CSRF", () => {
  it("sends a nonce-based CSP without unsafe-eval and the other headers", async () => {
    const { page, errors, close } = await openPage(browser);
    const response = await page.goto(`${inject("baseUrl")}/login`);
    const headers = response!.headers();
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["cache-control"]).toBe("no-store");
    // Every inline script carries this response's nonce (the browser hides it from the DOM, not from the source).
    const html = await response!.text();
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    // The page hydrated under that policy without a violation.
    expect(errors).toEqual([]);
    await close();
  });

  it("refuses a cross-site POST with a valid session cookie with 403, and keeps the session", async () => {
    const base = inject("baseUrl");
    const login = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "coordinatore@demo.schedario.it", password: DEMO_PASSWORD }),
      redirect: "manual",
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const forged = await fetch(`${base}/logout`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "https://evil.example" },
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    const noOrigin = await fetch(`${base}/logout`, { method: "POST", headers: { Cookie: cookie }, redirect: "manual" });
    expect(noOrigin.status).toBe(403);
    const me = await fetch(`${base}/api/v1/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "coordinatore@demo.schedario.it" });
  });
});

describe("scope in the browser", () => {
  it("shows a worker their service's team, and another service as a plain 404 page", async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(`${inject("baseUrl")}/login?redirectTo=/servizi/tutela-minori`);
    await page.fill("#email", "operatore.seregno@demo.schedario.it");
    await page.fill("#password", DEMO_PASSWORD);
    await page.click("main button[type=submit]");
    await page.getByRole("heading", { level: 1, name: /^Équipe/ }).waitFor();
    await expect(page.locator("main table tbody tr").count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    const response = await page.goto(`${inject("baseUrl")}/servizi/affidi`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina non trovata");
    await expectNoAxeViolations(page);
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    await close();
  });
});
