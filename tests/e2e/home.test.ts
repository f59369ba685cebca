import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, expectNoAxeViolations, launchBrowser, openPage } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("home page", () => {
  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("says what Schedario is, with no console error and no axe violation (%s)", async (_name, size) => {
    const { page, errors, close } = await openPage(browser, size);
    const response = await page.goto(inject("baseUrl"));
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Schedario");
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
    await expect(page.getByRole("link", { name: "Dichiarazione di accessibilità" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });

  it("reaches the accessibility statement from the footer with the keyboard", async () => {
    const { page, errors, close } = await openPage(browser);
    // Keys pressed before React has hydrated the document make it throw the
    // server HTML away ("Root did not complete"): wait until the page is idle.
    await page.goto(inject("baseUrl"), { waitUntil: "networkidle" });
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Vai al contenuto");
    await page.getByRole("link", { name: "Dichiarazione di accessibilità" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/accessibilita");
    // The URL changes a moment before React renders the new page (now that the root loader revalidates).
    await page.getByRole("heading", { level: 1, name: "Dichiarazione di accessibilità" }).waitFor();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Dichiarazione di accessibilità");
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
    await close();
  });
});
