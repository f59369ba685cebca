// Takes a full-page screenshot of a running Schedario page in Debian's Chromium,
// so that whoever changes a page can look at it:
//   npx tsx scripts/screenshot.ts http://localhost:3000/ /tmp/home.png [--phone] [--no-js] [--login EMAIL]
// --login signs in first as that demo user (demo password), for pages behind a session.
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const loginIndex = args.indexOf("--login");
const login = loginIndex >= 0 ? args.splice(loginIndex, 2)[1] : undefined;
const [url, out] = args.filter((a) => !a.startsWith("--"));
if (!url || !out) {
  console.error("Usage: npx tsx scripts/screenshot.ts URL OUT.png [--phone] [--no-js] [--login EMAIL]");
  process.exit(1);
}
const phone = process.argv.includes("--phone");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({
  viewport: phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
  javaScriptEnabled: !process.argv.includes("--no-js"),
  locale: "it-IT",
});
const page = await context.newPage();
if (login) {
  await page.goto(new URL("/login", url).href);
  await page.getByLabel("Indirizzo e-mail").fill(login);
  await page.getByLabel("Password").fill("schedario-demo-2026");
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.getByRole("button", { name: "Accedi" }).click()]);
}
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`Saved ${out}`);
