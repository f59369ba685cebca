// `npm run test:chaos` (not part of `npm test`), three phases, each printing
// its counts; exits 1 when any of them finds a violation (README, "Hardening"):
//   bodies  generated hostile bodies against every write endpoint and page
//           action of a freshly started server (built app, its own PGlite
//           directory, demo data), from a fixed seed, over loopback only:
//           no answer may be a 5xx, every 4xx must carry an Italian message.
//   kill    kill -9 during 1,000 concurrent submission creates, on PGlite and
//           on PostgreSQL: 0 acknowledged writes lost, 0 half-written rows.
//   two     two app processes on one PostgreSQL database: conflicting updates
//           (same base revision) give exactly one winner each round.
// The last two are in scripts/chaos-durability.ts.
//   CHAOS_BODIES        how many bodies (default 10000)
//   CHAOS_SEED          the generator's seed (default 16)
//   CHAOS_PHASES        which phases, comma-separated (default bodies,kill,two)
//   CHAOS_DATABASE_URL  PostgreSQL admin connection for kill and two (default
//                       postgres://postgres@127.0.0.1:5432/postgres); each
//                       phase creates a database of its own and drops it after
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../tests/support/start-server";
import { demoLogin, killPhase, twoProcessPhase } from "./chaos-durability";

const BODIES = Number(process.env.CHAOS_BODIES || 10_000);
const SEED = Number(process.env.CHAOS_SEED || 16);
const CONCURRENCY = 4;
const PHASES = (process.env.CHAOS_PHASES || "bodies,kill,two").split(",").map((p) => p.trim());

/** mulberry32: a small, fast, seeded generator, so that a failing run can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}
type Random = ReturnType<typeof generator>;

/** Raw JSON fragments, so that literals JSON.stringify cannot write (1e309, 2^53 + 1, "\ud800") reach the server as sent. */
const HOSTILE_JSON = [
  '"a\\u0000b"',
  '"\\ud800"',
  '"\\udc00x"',
  "1e309",
  "-1e309",
  "9007199254740993",
  "1e16",
  "-0",
  "null",
  "true",
  "[]",
  "{}",
  '""',
  '"' + "x".repeat(70_000) + '"',
  `${"[".repeat(100)}${"]".repeat(100)}`,
  `${'{"a":'.repeat(70)}1${"}".repeat(70)}`,
  `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
  '"-271821-04-20T00:00:00Z"',
  '"<script>alert(1)</script>"',
  '"/%EF%BC%85"',
  '"nowhere"',
  "12",
  "-1",
  "0.5",
  '"2026-02-30"',
];
const HOSTILE_TEXT = ["a\u0000b", "\uFF05", "città", "x".repeat(5_000), "", " ", "-271821-04-20T00:00:00Z", "../../etc/passwd", "%00", "'; drop table users; --", "0", "1e309"];

/** A JSON text from a template object, with some values and keys replaced by hostile fragments. */
function mutateJson(random: Random, base: Record<string, unknown>): string {
  const write = (value: unknown): string => {
    if (random.next() < 0.08) return random.pick(HOSTILE_JSON);
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((v) => write(v)).join(",")}]`;
    const entries = Object.entries(value).filter(() => random.next() > 0.05);
    if (random.next() < 0.1) entries.push([random.pick(["\u0000", "__proto__", "constructor", "x".repeat(300), "\ud800"]), "x"]);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(",")}}`;
  };
  // JSON.stringify writes a lone surrogate key as its \u escape (well-formed JSON.stringify).
  const text = write(base);
  // Now and then a broken document: cut short.
  return random.next() < 0.03 ? text.slice(0, random.int(text.length)) : text;
}

function mutateForm(random: Random, base: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(base)) {
    if (random.next() < 0.1) continue;
    params.append(name, random.next() < 0.3 ? random.pick(HOSTILE_TEXT) : value);
  }
  if (random.next() < 0.15) params.append(random.pick(["\u0000", "/minore/nome", "/x/0/y", "__proto__", "intent"]), random.pick(HOSTILE_TEXT));
  let body = params.toString();
  if (random.next() < 0.05) body += "&raw=%FF%FE%00";
  return body;
}

interface Target {
  name: string;
  method: "POST" | "PUT" | "GET";
  path: string;
  kind: "json" | "form" | "query";
  base: Record<string, unknown>;
  /** Without the session cookie (the login form). */
  anonymous?: boolean;
}

async function bodiesPhase(): Promise<boolean> {
  const dir = await mkdtemp(path.join(tmpdir(), "schedario-chaos-"));
  const server = await startServer({ PGLITE_DIR: path.join(dir, "pglite") });
  const base = server.url;
  try {
    const headers = await demoLogin(base);

    const created = await fetch(`${base}/api/v1/forms/scheda-segnalazione/submissions`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({ data: { note: "chaos" }, status: "draft", service: "tutela-minori", comune: "seregno" }),
    });
    const submissionId = ((await created.json()) as { id: number }).id;
    const caseCode = "TM-CHAOS-1";
    await fetch(`${base}/casi/nuovo`, {
      method: "POST",
      redirect: "manual",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code: caseCode, minorRef: "M-chaos", service: "tutela-minori", comune: "seregno" }),
    });

    const targets: Target[] = [
      { name: "API create submission", method: "POST", path: "/api/v1/forms/scheda-segnalazione/submissions", kind: "json", base: { data: { note: "x", minore: { nome: "A", eta: 7 }, lista: [1, 2] }, status: "draft", service: "tutela-minori", comune: "seregno", case: caseCode } },
      { name: "API update submission", method: "PUT", path: `/api/v1/submissions/${submissionId}`, kind: "json", base: { data: { note: "y" }, status: "draft", revision: 1, reason: "r" } },
      { name: "API consent request", method: "POST", path: "/api/v1/consent-requests", kind: "json", base: { form: "consenso-intervento", service: "tutela-minori", comune: "seregno", recipient: { name: "Maria", email: "m@x.it", relationship: "madre" }, expiresInDays: 14 } },
      { name: "API revoke consent", method: "POST", path: "/api/v1/consent-requests/1/revoke", kind: "json", base: {} },
      { name: "API list (query)", method: "GET", path: "/api/v1/submissions", kind: "query", base: { form: "scheda-segnalazione", service: "tutela-minori", comune: "seregno", case: caseCode, status: "draft", from: "2026-01-01", to: "2027-01-01", limit: "10", cursor: "x" } },
      { name: "API history (query)", method: "GET", path: `/api/v1/submissions/${submissionId}/history`, kind: "query", base: { limit: "5", cursor: "x" } },
      { name: "login", method: "POST", path: "/login", kind: "form", base: { email: "nessuno@demo.schedario.it", password: "sbagliata-1234", redirectTo: "/casi" }, anonymous: true },
      { name: "new case", method: "POST", path: "/casi/nuovo", kind: "form", base: { code: "TM-X-1", minorRef: "M-1", service: "tutela-minori", comune: "seregno" } },
      { name: "API token page", method: "POST", path: "/profilo/token", kind: "form", base: { intent: "create", name: "chaos" } },
      { name: "form page save", method: "POST", path: `/schede/${submissionId}`, kind: "form", base: { _stato: "draft", _revisione: "1", _motivo: "", "/note": "z" } },
      { name: "new scheda page", method: "POST", path: "/moduli/scheda-segnalazione/compila?servizio=tutela-minori&comune=seregno", kind: "form", base: { _stato: "draft", "/note": "z" } },
      { name: "schede list (query)", method: "GET", path: "/schede", kind: "query", base: { modulo: "scheda-segnalazione", stato: "draft", dal: "2026-01-01", al: "2026-12-31", caso: "TM" } },
      { name: "history page (query)", method: "GET", path: `/schede/${submissionId}/storico`, kind: "query", base: { da: "1", a: "2", cursore: "x" } },
    ];

    const random = generator(SEED);
    const counts = { sent: 0, "2xx/3xx": 0, "4xx": 0, "5xx": 0, "4xx without Italian": 0, "network errors": 0 };
    const perTarget = new Map<string, { sent: number; "5xx": number }>();
    const failures: string[] = [];
    const italian = /\b(non|il|la|lo|del|della|dei|campo|richiesta|valid[oa]|obbligatori[oa]|errore|indica|troppi|riprova|pagina|modulo|scheda)\b/i;

    let next = 0;
    const worker = async () => {
      while (next < BODIES) {
        const index = next++;
        const target = targets[index % targets.length]!;
        let url = `${base}${target.path}`;
        const init: RequestInit = { method: target.method, redirect: "manual", headers: target.anonymous ? { Origin: base } : { ...headers } };
        if (target.kind === "query") {
          const sep = url.includes("?") ? "&" : "?";
          url += sep + mutateForm(random, target.base as Record<string, string>);
        } else if (target.kind === "json") {
          init.body = mutateJson(random, target.base);
          (init.headers as Record<string, string>)["Content-Type"] = "application/json";
        } else {
          init.body = mutateForm(random, target.base as Record<string, string>);
          (init.headers as Record<string, string>)["Content-Type"] = "application/x-www-form-urlencoded";
        }
        counts.sent++;
        const stats = perTarget.get(target.name) ?? { sent: 0, "5xx": 0 };
        stats.sent++;
        perTarget.set(target.name, stats);
        try {
          const response = await fetch(url, init);
          const text = await response.text();
          if (response.status >= 500) {
            counts["5xx"]++;
            stats["5xx"]++;
            if (failures.length < 20) failures.push(`${response.status} ${target.name} #${index}: ${String(init.body ?? url).slice(0, 200)}`);
          } else if (response.status >= 400) {
            counts["4xx"]++;
            if (!italian.test(text)) {
              counts["4xx without Italian"]++;
              if (failures.length < 20) failures.push(`${response.status} without an Italian message, ${target.name} #${index}: ${text.slice(0, 160)}`);
            }
          } else counts["2xx/3xx"]++;
        } catch (error) {
          counts["network errors"]++;
          if (failures.length < 20) failures.push(`network error, ${target.name} #${index}: ${(error as Error).message}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`test:chaos — seed ${SEED}, ${BODIES} bodies against ${targets.length} endpoints and page actions in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    for (const [name, value] of Object.entries(counts)) console.log(`  ${name.padEnd(22)} ${value}`);
    for (const [name, stats] of perTarget) console.log(`    ${name.padEnd(26)} sent ${stats.sent}, 5xx ${stats["5xx"]}`);
    for (const line of failures) console.log(`  ! ${line}`);
    const ok = counts["5xx"] === 0 && counts["4xx without Italian"] === 0 && counts["network errors"] === 0;
    console.log(ok ? "  PASS: no 5xx, every 4xx in Italian" : "  FAIL");
    return ok;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const results: [string, boolean][] = [];
  if (PHASES.includes("bodies")) results.push(["generated bodies", await bodiesPhase()]);
  if (PHASES.includes("kill")) results.push(["kill -9 during creates", await killPhase()]);
  if (PHASES.includes("two")) results.push(["two processes, one winner", await twoProcessPhase()]);
  const ok = results.length > 0 && results.every(([, passed]) => passed);
  console.log(`test:chaos: ${results.map(([name, passed]) => `${name} ${passed ? "PASS" : "FAIL"}`).join(", ")}`);
  process.exitCode = ok ? 0 : 1;
}

await main();
