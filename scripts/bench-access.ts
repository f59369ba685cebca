// What recording "which cases a list or an export showed" costs (issue 17):
//   npm run bench:access
// On a fresh embedded database (PGlite, in process) and on PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, a
// database of its own, dropped at the end): a list of 25 cases and an export of
// 20,000 submissions, each in a case of its own (the worst case: one
// audit_event_cases row per row shown). Prints the time with and without the
// case links, their ratio, and the bytes they take.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { recordAuditEvent, recordAuditEventCases, recordAuditEventWithId } from "~/audit/audit.server";
import { createUser } from "~/auth/users.server";
import { createDatabase, createDatabaseFromPGlite } from "~/db/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import { createDraftVersion, createForm, publishFormVersion } from "~/forms/versions/registry.server";
import { caseIdsOfSubmissions } from "~/submissions/submission-query.server";
import { databaseUrlWithName } from "../tests/support/database-url";

const ROWS = 20_000;
const BATCH = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
async function time(runs: number, step: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function benchOne(label: string, db: Kysely<Database>) {
  await migrateToLatest(db);
  const system = { actor: { kind: "system" as const } };
  const userId = await db.transaction().execute((trx) =>
    createUser(trx, { email: "bench@prova.it", password: "una password di prova", membership: { role: "worker", service: "spazio-neutro" } }, system),
  );
  const versionId = await db.transaction().execute(async (trx) => {
    const form = await createForm(trx, { slug: "bench", kind: "report", title: "Bench", services: ["spazio-neutro"] });
    const draft = await createDraftVersion(trx, form.id, { schema: { type: "object", title: "Bench", properties: { a: { type: "string", title: "A" } } }, uiSchema: {} });
    return (await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } })).id;
  });
  await sql`insert into cases (code, minor_ref, service_code, created_by)
    select 'SN-B-' || g, 'M-' || g, 'spazio-neutro', ${userId} from generate_series(1, ${ROWS}) g`.execute(db);
  await sql`insert into submissions (form_version_id, service_code, case_id, status, revision, created_by)
    select ${versionId}, 'spazio-neutro', c.id, 'draft', 1, ${userId} from cases c`.execute(db);
  const submissionIds = (await db.selectFrom("submissions").select("id").orderBy("id").execute()).map((r) => r.id);
  const caseIds = (await db.selectFrom("cases").select("id").orderBy("id").execute()).map((r) => r.id);

  const size = async () => (await sql<{ n: number }>`select pg_total_relation_size('audit_event_cases')::int as n`.execute(db)).rows[0]!.n;

  // A list of 25 cases: one event, with or without its 25 links.
  const first25 = caseIds.slice(0, 25);
  const listPlain = await time(200, () => recordAuditEvent(db, { ...system, action: "case.listed", details: { count: 25 } }));
  const listLinked = await time(200, () => recordAuditEvent(db, { ...system, action: "case.listed", details: { count: 25 }, caseIds: first25 }));

  // An export of 20,000 rows: one event, then per batch of 1,000 the cases of its submissions.
  const before = await size();
  const exportLinks = await time(3, async () => {
    const eventId = await recordAuditEventWithId(db, { ...system, action: "submission.exported", details: {} });
    for (let i = 0; i < ROWS; i += BATCH) {
      await recordAuditEventCases(db, eventId, await caseIdsOfSubmissions(db, submissionIds.slice(i, i + BATCH)));
    }
  });
  const exportBytes = ((await size()) - before) / 3;
  const exportRead = await time(3, async () => {
    for (let i = 0; i < ROWS; i += BATCH) {
      await db.selectFrom("submissions").selectAll().where("id", "in", submissionIds.slice(i, i + BATCH)).execute();
    }
  });

  console.log(`${label} — list of 25: audit event ${listPlain.toFixed(2)} ms without case links, ${listLinked.toFixed(2)} ms with (+${(listLinked - listPlain).toFixed(2)} ms, ×${(listLinked / listPlain).toFixed(1)})`);
  console.log(
    `${label} — export of ${ROWS}: case links ${exportLinks.toFixed(0)} ms in ${ROWS / BATCH} batches (reading the same rows alone: ${exportRead.toFixed(0)} ms; with the links ×${((exportRead + exportLinks) / exportRead).toFixed(2)}), ` +
      `${(exportBytes / 1024 / 1024).toFixed(2)} MiB in audit_event_cases (${(exportBytes / ROWS).toFixed(0)} bytes per case shown)`,
  );
}

const pglite = createDatabaseFromPGlite(new PGlite());
try {
  await benchOne("PGlite", pglite);
} finally {
  await pglite.destroy();
}

const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const name = `schedario_bench_access_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const postgres = createDatabase({ kind: "postgres", url: databaseUrlWithName(adminUrl, name) });
try {
  await benchOne("PostgreSQL", postgres);
} finally {
  await postgres.destroy();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
