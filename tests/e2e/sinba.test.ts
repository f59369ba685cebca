import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHONE, DESKTOP, expectNoAxeViolations, launchBrowser, openPage, signIn, tabTo } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe("the SINBA page", () => {
  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ])("checks a period from the keyboard, lists the incomplete cases and downloads the flow (%s)", async (_name, size) => {
    const { page, errors, close } = await openPage(browser, size);
    await signIn(page, "coordinatore@demo.schedario.it");
    await page.getByRole("link", { name: "Flusso SINBA" }).click();
    await page.getByRole("heading", { level: 1, name: "Flusso SINBA per l'INPS" }).waitFor();
    await page.waitForLoadState("networkidle");
    await tabTo(page, "#dal");
    await page.keyboard.type("01012026");
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "Esito del controllo" }).waitFor();
    await expect(page.getByText("2 cartelle entrano nel flusso").count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: "TM-GIU-2026-012" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Scarica il flusso XML/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sinba-2026-01-01-\d{4}-12-31\.xml$/);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString("utf8").match(/<SINBA /g)).toHaveLength(2);
    expect(errors).toEqual([]);
    await close();
  });
});
