// The durability phases of `npm run test:chaos` (called from scripts/chaos.ts):
//   kill -9      for PGlite and for PostgreSQL: 1,000 concurrent submission
//                creates (50 in flight); SIGKILL to the server once about half
//                were acknowledged (201); restart on the same data; then, with
//                SQL on the stopped database: every acknowledged id is there
//                with revision 1 holding exactly the data sent (0 lost), and no
//                submission lacks its latest revision, no revision its
//                submission, no submission its `submission.created` audit event
//                (0 half-written).
//   two processes  two servers on one PostgreSQL database; the same update
//                of one draft with the same base revision sent to both at once,
//                round after round: exactly one 200 and one 409 each round.
// Each phase prints its counts and returns false on any violation.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { createDatabase, type DatabaseConfig } from "~/db/db.server";
import { databaseUrlWithName } from "../tests/support/database-url";
import { startServer, type RunningServer } from "../tests/support/start-server";

const ADMIN_URL = process.env.CHAOS_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const CREATES = Number(process.env.CHAOS_KILL_CREATES || 1_000);
const IN_FLIGHT = 50;
const ROUNDS = Number(process.env.CHAOS_ROUNDS || 50);
const FORM = "scheda-segnalazione";
const PASSWORD = "schedario-demo-2026";

/** Logs the demo worker in; the cookie and the Origin the CSRF check expects. */
export async function demoLogin(base: string): Promise<{ Cookie: string; Origin: string }> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "operatore.seregno@demo.schedario.it", password: PASSWORD }),
  });
  const cookie = login.headers.get("Set-Cookie")?.split(";")[0];
  if (!cookie) throw new Error(`demo login failed: ${login.status}`);
  return { Cookie: cookie, Origin: base };
}

function print(title: string, counts: Record<string, number>, failures: string[]) {
  console.log(title);
  for (const [name, value] of Object.entries(counts)) console.log(`  ${name.padEnd(34)} ${value}`);
  for (const line of failures.slice(0, 20)) console.log(`  ! ${line}`);
}

/** A PostgreSQL database of its own for `use`, dropped after. */
async function withPostgresDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `schedario_chaos_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    return await use(databaseUrlWithName(ADMIN_URL, name));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function killDuringCreates(label: string, env: Record<string, string>, config: DatabaseConfig): Promise<boolean> {
  let server: RunningServer | undefined = await startServer(env);
  const base = server.url;
  const headers = { ...(await demoLogin(base)), "Content-Type": "application/json" };
  const sent = new Map<number, Record<string, unknown>>();
  const acknowledged = new Map<number, number>(); // submission id → index of the body sent
  const counts = { sent: 0, "acknowledged (201)": 0, "refused (4xx/5xx)": 0, "connection lost (not acknowledged)": 0 };
  const failures: string[] = [];
  let killed = false;
  let killedAfter = 0;
  const killAt = Math.floor(CREATES / 2);

  let next = 0;
  const worker = async () => {
    while (next < CREATES && !killed) {
      const index = next++;
      const data = { note: `kill -9 ${label} n. ${index}: città «${"ü".repeat(index % 7)}»`, numero: index, lista: [index, String(index)] };
      sent.set(index, data);
      counts.sent++;
      try {
        const response = await fetch(`${base}/api/v1/forms/${FORM}/submissions`, {
          method: "POST",
          headers,
          body: JSON.stringify({ data, status: "draft", service: "tutela-minori", comune: "seregno" }),
        });
        const body = (await response.json()) as { id?: number; revision?: number };
        if (response.status === 201 && typeof body.id === "number") {
          acknowledged.set(body.id, index);
          counts["acknowledged (201)"]++;
          if (!killed && acknowledged.size >= killAt) {
            killed = true;
            killedAfter = acknowledged.size;
            server!.process.kill("SIGKILL");
          }
        } else {
          counts["refused (4xx/5xx)"]++;
          failures.push(`create n. ${index}: ${response.status}`);
        }
      } catch {
        counts["connection lost (not acknowledged)"]++;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await server.stop();
  if (!killed) failures.push("the server was never killed");

  // Restart on the same data: it must come up (PGlite recovers its directory, the lock of the dead process is gone).
  server = await startServer(env);
  const health = await fetch(`${server.url}/healthz`);
  await server.stop();
  server = undefined;

  const db = createDatabase(config);
  const result = { ...counts, "killed after acknowledged": killedAfter, "restarted (healthz)": health.status, "rows of this phase after restart": 0, lost: 0, "data differs": 0, "half-written": 0 };
  try {
    const ids = [...acknowledged.keys()];
    const rows = ids.length
      ? await db
          .selectFrom("submissions as s")
          .leftJoin("submission_revisions as r", (join) => join.onRef("r.submission_id", "=", "s.id").on("r.revision", "=", 1))
          .select(["s.id", "r.data"])
          .where("s.id", "in", ids)
          .execute()
      : [];
    const found = new Map(rows.map((row) => [row.id, row.data]));
    for (const [id, index] of acknowledged) {
      if (!found.has(id)) {
        result.lost++;
        failures.push(`acknowledged submission ${id} (n. ${index}) is missing`);
      } else if (!isDeepStrictEqual(found.get(id), sent.get(index))) {
        result["data differs"]++;
        failures.push(`submission ${id} (n. ${index}) holds ${JSON.stringify(found.get(id)).slice(0, 120)}`);
      }
    }
    // This phase's rows (the demo data has submissions of its own, seeded without audit events).
    const ours = sql`(select r1.submission_id from submission_revisions r1 where r1.revision = 1 and r1.data->>'note' like 'kill -9 %')`;
    const all = await sql<{ n: number }>`select count(*)::int as n from submissions where id in ${ours}`.execute(db);
    result["rows of this phase after restart"] = all.rows[0]!.n;
    const half = await sql<{ problem: string; id: number }>`
      select 'submission without its latest revision' as problem, s.id from submissions s
        where not exists (select 1 from submission_revisions r where r.submission_id = s.id and r.revision = s.revision)
      union all
      select 'revision without its submission', r.submission_id from submission_revisions r
        where not exists (select 1 from submissions s where s.id = r.submission_id and r.revision <= s.revision)
      union all
      select 'submission without its audit event', s.id from submissions s
        where s.id in ${ours}
          and not exists (select 1 from audit_events a where a.action = 'submission.created' and a.target_type = 'submission' and a.target_id = s.id::text)`.execute(db);
    result["half-written"] = half.rows.length;
    for (const row of half.rows) failures.push(`${row.problem}: ${row.id}`);
  } finally {
    await db.destroy();
  }
  print(`kill -9 during ${CREATES} concurrent creates (${IN_FLIGHT} in flight), ${label}`, result, failures);
  const ok = killed && health.ok && result.lost === 0 && result["data differs"] === 0 && result["half-written"] === 0 && result["refused (4xx/5xx)"] === 0;
  console.log(ok ? "  PASS: 0 acknowledged writes lost, 0 half-written rows" : "  FAIL");
  return ok;
}

async function twoProcesses(databaseUrl: string): Promise<boolean> {
  const first = await startServer({ DATABASE_URL: databaseUrl });
  let second: RunningServer | undefined;
  const counts = { rounds: 0, "rounds with exactly one winner": 0, "200": 0, "409": 0, other: 0, "final revision": 0, "revision rows": 0 };
  const failures: string[] = [];
  let expected = 0;
  try {
    // One after the other: the second finds the schema migrated and the demo data there.
    second = await startServer({ DATABASE_URL: databaseUrl });
    const servers = [first, second];
    const session = await demoLogin(first.url);
    const created = await fetch(`${first.url}/api/v1/forms/${FORM}/submissions`, {
      method: "POST",
      headers: { ...session, "Content-Type": "application/json" },
      body: JSON.stringify({ data: { note: "due processi" }, status: "draft", service: "tutela-minori", comune: "seregno" }),
    });
    const { id, revision: firstRevision } = (await created.json()) as { id: number; revision: number };
    let revision = firstRevision;
    expected = firstRevision + ROUNDS;
    for (let round = 1; round <= ROUNDS; round++) {
      counts.rounds++;
      const statuses = await Promise.all(
        servers.map(async (server, i) => {
          const response = await fetch(`${server.url}/api/v1/submissions/${id}`, {
            method: "PUT",
            // The session lives in the database, so it is valid on both; the Origin is each server's own.
            headers: { Cookie: session.Cookie, Origin: server.url, "Content-Type": "application/json" },
            body: JSON.stringify({ data: { note: `giro ${round}, processo ${i + 1}` }, status: "draft", revision }),
          });
          const body = (await response.json()) as { revision?: number };
          return { status: response.status, revision: body.revision };
        })
      );
      for (const { status } of statuses) {
        if (status === 200) counts["200"]++;
        else if (status === 409) counts["409"]++;
        else counts.other++;
      }
      const winners = statuses.filter((s) => s.status === 200);
      if (winners.length === 1 && statuses.some((s) => s.status === 409)) counts["rounds with exactly one winner"]++;
      else failures.push(`round ${round}: ${statuses.map((s) => s.status).join(" and ")}`);
      revision = Math.max(revision, ...winners.map((w) => w.revision ?? revision));
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ revision: number; rows: number }>(
        `select s.revision, (select count(*)::int from submission_revisions r where r.submission_id = s.id) as rows from submissions s where s.id = $1`,
        [id]
      );
      counts["final revision"] = rows[0]!.revision;
      counts["revision rows"] = rows[0]!.rows;
    } finally {
      await client.end();
    }
  } finally {
    await second?.stop();
    await first.stop();
  }
  if (counts["final revision"] !== expected || counts["revision rows"] !== expected) {
    failures.push(`expected revision ${expected} and ${expected} revision rows`);
  }
  print(`two app processes on one PostgreSQL database: ${ROUNDS} rounds of the same update with the same base revision`, counts, failures);
  const ok = failures.length === 0;
  console.log(ok ? "  PASS: exactly one winner each round" : "  FAIL");
  return ok;
}

export async function killPhase(): Promise<boolean> {
  const dir = await mkdtemp(path.join(tmpdir(), "schedario-chaos-kill-"));
  let ok: boolean;
  try {
    const dataDir = path.join(dir, "pglite");
    ok = await killDuringCreates("PGlite", { PGLITE_DIR: dataDir }, { kind: "pglite", dataDir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const onPostgres = await withPostgresDatabase((url) => killDuringCreates("PostgreSQL", { DATABASE_URL: url }, { kind: "postgres", url }));
  return ok && onPostgres;
}

export function twoProcessPhase(): Promise<boolean> {
  return withPostgresDatabase(twoProcesses);
}
