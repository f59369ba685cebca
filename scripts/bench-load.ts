// `npm run bench:load` (a benchmark, not a test): mixed traffic against the
// built app with the demo data, on a fresh PGlite directory and then on a
// fresh PostgreSQL database (created first, dropped at the end): 20
// connections for a fixed time, split evenly over five kinds of request, as a
// worker's day mixes them — the lists (/schede, /casi, /lavoro), opening a
// scheda (/schede/:id) and creating one through the API. Prints per kind and
// overall the throughput, p50/p99 latency and the non-2xx answers, and the
// server's resident memory (VmRSS) before and after the load.
//   BENCH_SECONDS       seconds of load per database (default 20)
//   BENCH_DATABASES     pglite,postgres (default both)
//   BENCH_DATABASE_URL  PostgreSQL admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_ROUNDS        rounds of load on the same server (default 1), each
//                       printed with its RSS: does memory level off?
// The client (autocannon) runs on the same machine as the server.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { databaseUrlWithName } from "../tests/support/database-url";
import { startServer, type RunningServer } from "../tests/support/start-server";
import { demoLogin } from "./chaos-durability";

const SECONDS = Number(process.env.BENCH_SECONDS || 20);
const DATABASES = (process.env.BENCH_DATABASES || "pglite,postgres").split(",").map((d) => d.trim());
const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
const CONNECTIONS = 20;
const FORM = "scheda-segnalazione";

interface Kind {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
}

/** The server's resident set size in MiB, from /proc (Linux). */
function rssMiB(server: RunningServer): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

async function load(label: string, env: Record<string, string>) {
  const server = await startServer(env);
  try {
    const base = server.url;
    const session = await demoLogin(base);
    const headers = { Cookie: session.Cookie, Origin: base };
    const createBody = JSON.stringify({ data: { note: "bench:load" }, status: "draft", service: "tutela-minori", comune: "seregno" });
    const created = await fetch(`${base}/api/v1/forms/${FORM}/submissions`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: createBody });
    const { id } = (await created.json()) as { id: number };
    const kinds: Kind[] = [
      { name: "GET /schede", method: "GET", path: "/schede" },
      { name: "GET /casi", method: "GET", path: "/casi" },
      { name: "GET /lavoro", method: "GET", path: "/lavoro" },
      { name: "GET /schede/:id", method: "GET", path: `/schede/${id}` },
      { name: "POST API create", method: "POST", path: `/api/v1/forms/${FORM}/submissions`, body: createBody },
    ];
    const run = (kind: Kind, connections: number, duration: number, latencies: number[], statuses: Map<number, number>) =>
      new Promise<void>((resolve, reject) => {
        const instance = autocannon(
          {
            url: `${base}${kind.path}`,
            method: kind.method,
            headers: kind.body ? { ...headers, "Content-Type": "application/json" } : headers,
            body: kind.body,
            connections,
            duration,
          },
          (error) => (error ? reject(error) : resolve())
        );
        instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
          latencies.push(ms);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
      });

    // Warm-up (JIT, compiled validators, pool connections, page modules): not measured.
    await Promise.all(kinds.map((kind) => run(kind, 1, 2, [], new Map())));
    for (let round = 1; round <= ROUNDS; round++) {
      const rssBefore = rssMiB(server);
      const results = kinds.map(() => ({ latencies: [] as number[], statuses: new Map<number, number>() }));
      await Promise.all(kinds.map((kind, i) => run(kind, CONNECTIONS / kinds.length, SECONDS, results[i]!.latencies, results[i]!.statuses)));
      const rssAfter = rssMiB(server);

      const rows = kinds.map((kind, i) => row(kind.name, results[i]!.latencies, results[i]!.statuses));
      const statuses = new Map<number, number>();
      for (const [status, n] of results.flatMap((r) => [...r.statuses])) statuses.set(status, (statuses.get(status) ?? 0) + n);
      rows.push(row("all", results.flatMap((r) => r.latencies), statuses));
      const header = ["kind", "requests", "req/s", "p50 ms", "p99 ms", "non-2xx"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" │ ");
      console.log(`\n${label}: ${CONNECTIONS} connections (${CONNECTIONS / kinds.length} per kind) for ${SECONDS} s${ROUNDS > 1 ? `, round ${round} of ${ROUNDS}` : ""}`);
      console.log(line(header));
      console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
      for (const r of rows) console.log(line(r));
      console.log(`server RSS: ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after`);
    }
  } finally {
    await server.stop();
  }
}

function row(name: string, latencies: number[], statuses: Map<number, number>): string[] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const non2xx = [...statuses].filter(([status]) => status < 200 || status > 299).reduce((n, [, count]) => n + count, 0);
  return [name, String(sorted.length), (sorted.length / SECONDS).toFixed(0), percentile(sorted, 0.5).toFixed(0), percentile(sorted, 0.99).toFixed(0), String(non2xx)];
}

async function main() {
  console.log(`bench:load, ${new Date().toISOString()}, load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  if (DATABASES.includes("pglite")) {
    const dir = await mkdtemp(path.join(tmpdir(), "schedario-bench-load-"));
    try {
      await load("PGlite (in the server process)", { PGLITE_DIR: path.join(dir, "pglite") });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (DATABASES.includes("postgres")) {
    const name = `schedario_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      await load(`PostgreSQL (pool of ${process.env.DATABASE_POOL_SIZE || 10})`, { DATABASE_URL: databaseUrlWithName(ADMIN_URL, name) });
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}

await main();
