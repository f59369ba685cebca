// `npm run bench:submit` (a benchmark, not a test): submissions per second
// and p50/p99 latency of POST /api/v1/forms/mondo-del-bambino/submissions at
// 1, 10 and 50 connections (autocannon), against the app on a fresh
// PostgreSQL database, side by side with a raw `pg` loop that writes the same
// rows in the same transaction shape (submission + revision + audit event):
// the ceiling. The database is created first and dropped at the end.
//   BENCH_DATABASE_URL  an admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_PORT          the app's port (default: a free one)
// The app is started as the tests start it (tests/support/start-server.ts).
//   BENCH_SECONDS       seconds per run (default 10)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { createApiToken } from "~/auth/tokens.server";
import { createUser } from "~/auth/users.server";
import { createDatabase, toJsonb } from "~/db/db.server";
import { databaseUrlWithName } from "../tests/support/database-url";
import { startServer, type RunningServer } from "../tests/support/start-server";
import type { MondoDelBambino } from "~/forms/generated";
import { applyComputedValues, findComputedFields } from "~/forms/schema/computed";
import { formVersionSchemaId, validateFormData } from "~/forms/validation/validators.server";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = [1, 10, 50];
const FORM = "mondo-del-bambino";
const SERVICE = "tutela-minori";
const COMUNE = "seregno";

/** A complete assessment: every sub-dimension rated and described, three participants (≈ 9 KB of JSON). */
function assessment(): MondoDelBambino {
  const schema = JSON.parse(readFileSync(path.join(root, "schemas", FORM, "schema.json"), "utf8")) as {
    properties: Record<string, { properties?: Record<string, { readOnly?: boolean }> }>;
  };
  // The side's mean is a computed field (ADR 0013): the server works it out, the client does not send it.
  const side = (name: string) =>
    Object.fromEntries(
      Object.entries(schema.properties[name]!.properties!)
        .filter(([, property]) => !property.readOnly)
        .map(([sub], i) => [
        sub,
        {
          valutazione: (i % 6) + 1,
          descrizione: `Osservazioni su ${sub}: `.concat("comportamento adeguato nei diversi contesti, con risorse e difficoltà. ".repeat(4)),
          contributi: ["operatore-sociale", "genitori", "scuola"],
          voceBambino: "«Mi piace quando andiamo al parco insieme la domenica.»",
        },
      ])
    );
  return {
    puntoRilevazione: "T0",
    dataValutazione: "2026-02-10",
    bisogniSviluppo: side("bisogniSviluppo"),
    risposteGenitoriali: side("risposteGenitoriali"),
    fattoriFamiliariAmbientali: side("fattoriFamiliariAmbientali"),
    sintesiComplessiva: "Situazione complessivamente in miglioramento; da rivedere a T1.",
    partecipanti: [
      { nome: "Assistente sociale", ruolo: "operatore-sociale", ente: "Comune di Seregno" },
      { nome: "Madre", ruolo: "genitori" },
      { nome: "Insegnante", ruolo: "scuola", ente: "Scuola primaria" },
    ],
  } as MondoDelBambino;
}

interface RunResult {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
}

async function benchApp(port: number, token: string, body: string, connections: number): Promise<RunResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/forms/${FORM}/submissions`,
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
    connections,
    duration: seconds,
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`app run at ${connections} connections: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { perSecond: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, count: result.requests.total };
}

/** The same rows the app writes for one submission, in one transaction, over `connections` parallel clients. */
async function benchRaw(databaseUrl: string, ids: { versionId: number; version: number; userId: number }, data: string, connections: number): Promise<RunResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const details = JSON.stringify({ form: FORM, formVersion: ids.version, revision: 1, status: "submitted" });
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < deadline) {
        const start = performance.now();
        await client.query("begin");
        const { rows } = await client.query<{ id: number }>(
          `insert into submissions (form_version_id, service_code, comune_code, case_id, status, revision, created_by)
           values ($1, $2, $3, null, 'submitted', 1, $4) returning id`,
          [ids.versionId, SERVICE, COMUNE, ids.userId]
        );
        await client.query(
          `insert into submission_revisions (submission_id, revision, status, data, reason, author_id) values ($1, 1, 'submitted', $2, null, $3)`,
          [rows[0]!.id, data, ids.userId]
        );
        await client.query(
          `insert into audit_events (actor_user_id, actor_kind, action, target_type, target_id, service_code, comune_code, ip, user_agent, details)
           values ($1, 'user', 'submission.created', 'submission', $2, $3, $4, '127.0.0.1', 'bench', $5)`,
          [ids.userId, String(rows[0]!.id), SERVICE, COMUNE, details]
        );
        await client.query("commit");
        latencies.push(performance.now() - start);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), count: latencies.length };
}

async function main() {
  const data = assessment();
  const schema = JSON.parse(readFileSync(path.join(root, "schemas", FORM, "schema.json"), "utf8")) as Record<string, unknown>;
  // What the server stores and checks: the data with its computed fields worked out.
  const stored = applyComputedValues(findComputedFields(schema), { ...data });
  const check = validateFormData({ schemaId: formVersionSchemaId(FORM, "draft"), schema }, stored);
  if (!check.valid) throw new Error(`the benchmark's assessment does not validate: ${JSON.stringify(check.errors)}`);
  const body = JSON.stringify({ data, status: "submitted", service: SERVICE, comune: COMUNE });

  const name = `schedario_bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = databaseUrlWithName(adminUrl, name);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  let app: RunningServer | undefined;
  try {
    console.log(`Database ${name}; starting the app (it builds first if the sources changed)…`);
    // NODE_ENV=test (startServer): the seed loads the built-in forms, as outside production.
    app = await startServer({ DATABASE_URL: databaseUrl, ...(process.env.BENCH_PORT ? { PORT: process.env.BENCH_PORT } : {}) });
    const port = Number(new URL(app.url).port);

    const db = createDatabase({ kind: "postgres", url: databaseUrl });
    const audit = { actor: { kind: "system" as const } };
    const userId = await db
      .transaction()
      .execute((trx) =>
        createUser(trx, { email: "bench@schedario.invalid", password: randomBytes(16).toString("hex"), membership: { role: "worker", service: SERVICE, comune: COMUNE } }, audit)
      );
    const { token } = await createApiToken(db, userId, "bench:submit");
    const version = await db
      .selectFrom("form_versions as v")
      .innerJoin("forms as f", "f.id", "v.form_id")
      .select(["v.id", "v.version"])
      .where("f.slug", "=", FORM)
      .where("v.status", "=", "published")
      .orderBy("v.version", "desc")
      .executeTakeFirstOrThrow();
    await db.destroy();

    const rows: string[][] = [];
    for (const connections of CONNECTIONS) {
      // A short warm-up: JIT, validator compilation and pool connections are not what is measured.
      await autocannon({ url: `http://127.0.0.1:${port}/api/v1/forms/${FORM}/submissions`, method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body, connections, duration: 2 });
      const viaApp = await benchApp(port, token, body, connections);
      const raw = await benchRaw(databaseUrl, { versionId: version.id, version: version.version!, userId }, toJsonb(stored), connections);
      rows.push([
        String(connections),
        viaApp.perSecond.toFixed(0),
        viaApp.p50.toFixed(1),
        viaApp.p99.toFixed(1),
        raw.perSecond.toFixed(0),
        raw.p50.toFixed(1),
        raw.p99.toFixed(1),
        `${((viaApp.perSecond / raw.perSecond) * 100).toFixed(0)} %`,
      ]);
      console.log(`  ${connections} connections: app ${viaApp.count} submissions, raw pg ${raw.count} in ${seconds} s each`);
    }
    const header = ["connections", "app subm/s", "app p50 ms", "app p99 ms", "raw pg subm/s", "raw p50 ms", "raw p99 ms", "app / raw"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(" │ ");
    console.log(`\nPOST /api/v1/forms/${FORM}/submissions (${(body.length / 1024).toFixed(1)} KiB body, submitted, validated), ${seconds} s per run`);
    console.log(`app: one Node process, PostgreSQL pool of ${process.env.DATABASE_POOL_SIZE || 10}; raw pg: one client per connection\n`);
    console.log(line(header));
    console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
    for (const row of rows) console.log(line(row));
  } finally {
    await app?.stop();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
