// Takes a full-page screenshot of a running Schedario page in Debian's Chromium,
// so that whoever changes a page can look at it:
//   npx tsx scripts/screenshot.ts http://localhost:3000/ /tmp/home.png [--phone] [--no-js]
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!url || !out) {
  console.error("Usage: npx tsx scripts/screenshot.ts URL OUT.png [--phone] [--no-js]");
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
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`Saved ${out}`);
