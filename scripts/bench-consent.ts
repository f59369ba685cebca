// npm run bench:consent — how light the family consent page (/c/:token) is:
// the JavaScript it ships (gzip), and a Lighthouse mobile run (performance and
// accessibility). Goals (issue 7): ≤ 60 KB JS, performance ≥ 95, accessibility 100.
// Starts the built app on a free port with a fresh embedded database and the demo data.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startServer } from "../tests/support/start-server";

// The flags that work on these machines (tests/e2e/support/browser.ts).
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const dataDir = await mkdtemp(path.join(tmpdir(), "schedario-bench-consent-"));
const server = await startServer({ PGLITE_DIR: path.join(dataDir, "pglite") });
try {
  const link = await createDemoLink(server.url);
  const html = await (await fetch(link)).text();
  // Every script the page loads: <script src> and module preloads (none should be the Remix runtime).
  const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  let total = 0;
  console.log("JavaScript shipped by the family page:");
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer());
    const gz = gzipSync(body).length;
    total += gz;
    console.log(`  ${src}: ${body.length} B, ${gz} B gzip`);
  }
  for (const code of inline) {
    const gz = gzipSync(code).length;
    total += gz;
    console.log(`  inline script: ${code.length} B, ${gz} B gzip`);
  }
  console.log(`  total: ${(total / 1024).toFixed(2)} KB gzip (goal ≤ 60 KB)`);

  const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
  try {
    // Lighthouse's default is a mobile run (emulated phone, throttled network and CPU).
    const result = await lighthouse(link, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    const categories = result!.lhr.categories;
    console.log(`Lighthouse ${result!.lhr.lighthouseVersion}, mobile (${result!.lhr.configSettings.formFactor}):`);
    console.log(`  performance: ${Math.round(categories.performance!.score! * 100)} (goal ≥ 95)`);
    console.log(`  accessibility: ${Math.round(categories.accessibility!.score! * 100)} (goal 100)`);
    for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]) {
      console.log(`  ${result!.lhr.audits[id]!.title}: ${result!.lhr.audits[id]!.displayValue}`);
    }
    const failed = Object.values(result!.lhr.audits).filter((a) => a.score !== null && a.score < 1 && categories.accessibility!.auditRefs.some((r) => r.id === a.id));
    for (const a of failed) console.log(`  accessibility audit not passed: ${a.id} — ${a.title}`);
  } finally {
    chrome.kill();
  }
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Signs in as the demo worker of Seregno and creates a consent link for the demo case. */
async function createDemoLink(base: string): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "operatore.seregno@demo.schedario.it", password: "schedario-demo-2026" }),
    redirect: "manual",
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login failed: ${login.status}`);
  const response = await fetch(`${base}/api/v1/consent-requests`, {
    method: "POST",
    headers: { Origin: base, Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify({ form: "consenso-intervento", service: "tutela-minori", comune: "seregno", case: "TM-SER-2026-001", recipient: { name: "Maria Rossi", relationship: "madre" } }),
  });
  if (response.status !== 201) throw new Error(`consent request: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}
