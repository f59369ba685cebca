// Screenshots of a long page in viewport-sized parts, to look at them one by one:
//   npx tsx scripts/screenshot-parts.ts URL OUT_PREFIX [--phone] [--no-js] [--parts N]
// Writes OUT_PREFIX-1.png, OUT_PREFIX-2.png, … (one per screenful from the top).
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const [url, prefix] = args.filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
if (!url || !prefix) {
  console.error("Usage: npx tsx scripts/screenshot-parts.ts URL OUT_PREFIX [--phone] [--no-js] [--parts N]");
  process.exit(2);
}
const phone = args.includes("--phone");
const partsIndex = args.indexOf("--parts");
const maxParts = partsIndex >= 0 ? Number(args[partsIndex + 1]) : 20;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const viewport = phone ? { width: 375, height: 740 } : { width: 1280, height: 900 };
const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, javaScriptEnabled: !args.includes("--no-js"), locale: "it-IT" });
const page = await context.newPage();
await page.goto(url);
const height = await page.evaluate(() => document.documentElement.scrollHeight);
const parts = Math.min(maxParts, Math.ceil(height / viewport.height));
for (let i = 0; i < parts; i++) {
  await page.screenshot({ path: `${prefix}-${i + 1}.png`, fullPage: true, clip: { x: 0, y: i * viewport.height, width: viewport.width, height: Math.min(viewport.height, height - i * viewport.height) } });
}
console.log(`Saved ${parts} parts of ${height}px to ${prefix}-N.png`);
await browser.close();
