// What the case page costs on the server (issue 13):
//   npm run bench:case
// A case of Tutela Minori with 30 submitted forms (Il Mondo del Bambino at T0,
// T1 and T2 among them) and 5 court orders with 2 report deadlines each, on a
// fresh embedded database (PGlite, in process) and on PostgreSQL
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, a
// database of its own, dropped at the end). Times the page loaders as Remix
// calls them (session, scope, the reads, the audit event) and, beside them,
// the rows the page shows read with hand-written SQL, with the same session
// lookup and audit insert, in the page's order and side by side where the page
// reads side by side: the case page, and the triangle of the three
// assessments. The app's and the SQL's calls alternate, so a busy moment slows
// both. Prints p50/p95 and the ratio SQL/app (1.0 = the app costs no more than
// the hand-written SQL).
//   BENCH_RUNS  timed calls per page and side (default 500, after 20 warm-up calls)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { scopeFor } from "~/auth/policy";
import { createSession } from "~/auth/session.server";
import { createUser } from "~/auth/users.server";
import { createCase } from "~/cases/cases.server";
import { createCourtOrder } from "~/cases/court-orders.server";
import { createDatabase, createDatabaseFromPGlite } from "~/db/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import { syncBuiltinForms } from "~/forms/versions/builtin.server";
import { loader as caseLoader } from "~/routes/casi.$caseId";
import { loader as triangleLoader } from "~/routes/casi.$caseId_.triangolo";
import { createSubmission } from "~/submissions/submissions.server";
import { databaseUrlWithName } from "../tests/support/database-url";
import { timeSideBySide } from "./bench-timing";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../tests/support/routes";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS || 500);
const WARM_UP = 20;
const SERVICE = "tutela-minori";
const COMUNE = "seregno";

/** The 30 forms of the case: the three assessments and plans, the intake, SDQs and reports to the court. */
const SUBMISSIONS: { form: string; timePoint?: string }[] = [
  { form: "scheda-segnalazione" },
  { form: "pre-assessment" },
  ...["T0", "T1", "T2"].flatMap((timePoint) => [
    { form: "mondo-del-bambino", timePoint },
    { form: "microprogettazione", timePoint },
  ]),
  ...Array.from({ length: 10 }, () => ({ form: "sdq" })),
  ...Array.from({ length: 12 }, () => ({ form: "relazione-tribunale" })),
];

function example(form: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, "schemas", form, "example.json"), "utf8")) as Record<string, unknown>;
}

/** The case, its submissions and decrees, and a signed-in worker of Seregno. */
async function seed(db: Kysely<Database>) {
  await migrateToLatest(db);
  await db.transaction().execute((trx) => syncBuiltinForms(trx));
  const system = { actor: { kind: "system" as const } };
  const userId = await db.transaction().execute((trx) =>
    createUser(trx, { email: "bench@prova.it", password: "una password di prova", membership: { role: "worker", service: SERVICE, comune: COMUNE } }, system),
  );
  const scope = scopeFor([{ id: 0, role: "worker", service: SERVICE, comune: COMUNE }], "case.write");
  const caller = { scope, userId, audit: { actor: { kind: "user" as const, userId } } };
  const found = await db.transaction().execute((trx) => createCase(trx, caller, { code: "TM-BENCH-1", minorRef: "M-BENCH", service: SERVICE, comune: COMUNE }));
  for (const { form, timePoint } of SUBMISSIONS) {
    const data = { ...example(form), ...(timePoint ? { puntoRilevazione: timePoint } : {}) };
    await db.transaction().execute((trx) => createSubmission(trx, caller, form, { data, status: "submitted", service: SERVICE, comune: COMUNE, caseCode: "TM-BENCH-1" }));
  }
  for (let i = 1; i <= 5; i++) {
    const fields = new Map([
      ["autorita", "tribunale-minorenni"],
      ["rg", `${1000 + i}/2026`],
      ["data", `2026-0${i}-10`],
      ["tipo", "affidamento-servizio"],
      ["compiti", "Relazione sull'andamento del progetto."],
    ]);
    const deadlines = [`2026-0${i + 3}-10`, `2026-${String(i + 6).padStart(2, "0")}-10`];
    const values = { get: (name: string) => fields.get(name), getAll: (name: string) => (name === "scadenza" ? deadlines : []) };
    await db.transaction().execute((trx) => createCourtOrder(trx, caller, found, values));
  }
  const { token } = await createSession(db, userId);
  return { caseId: found.id, userId, token };
}

/** Session and user, as every page reads them; the user's id. */
async function handWrittenSession(db: Kysely<Database>, sessionId: string): Promise<number> {
  const session = await sql`select s.id, s.secret_hash, s.created_at, s.last_seen_at, u.id as user_id, u.email, u.display_name, u.disabled_at
    from sessions s join users u on u.id = s.user_id where s.id = ${sessionId}`.execute(db);
  const userId = (session.rows[0] as { user_id: number }).user_id;
  await sql`select service_code, comune_code, role from memberships where user_id = ${userId}`.execute(db);
  return userId;
}

/** The case in scope and an audit event of reading it. */
async function handWrittenCaseRead(db: Kysely<Database>, userId: number, caseId: number, action: string) {
  await sql`select c.id, c.code, c.minor_ref, c.service_code, sv.name, c.comune_code, cm.name, c.opened_at, c.closed_at, u.display_name
    from cases c join services sv on sv.code = c.service_code left join comuni cm on cm.code = c.comune_code join users u on u.id = c.created_by
    where c.id = ${caseId} and c.service_code = ${SERVICE} and c.comune_code = ${COMUNE}`.execute(db);
  await sql`insert into audit_events (actor_user_id, actor_kind, action, target_type, target_id, service_code, comune_code, details)
    values (${userId}, 'user', ${action}, 'case', ${String(caseId)}, ${SERVICE}, ${COMUNE}, '{}'::jsonb)`.execute(db);
}

/**
 * The case page's rows, written by hand, read as the page reads them: session
 * and user; then side by side the case with its audit event, the decrees with
 * their deadlines, and the consent matrix's rows (links with their answers,
 * paper consents, declared exceptions; a matrix shows no creator or case code,
 * so none are read); then side by side the submissions and the forms the
 * service can start. No transaction, as the page has none.
 */
async function handWrittenCasePage(db: Kysely<Database>, ids: { caseId: number; sessionId: string }) {
  const userId = await handWrittenSession(db, ids.sessionId);
  await Promise.all([
    handWrittenCaseRead(db, userId, ids.caseId, "case.read"),
    sql`select o.id, o.authority, o.docket_number, o.issued_on::text, o.order_type, o.duties, o.created_at, u.display_name,
        d.id as deadline_id, d.due_on::text, d.report_submission_id, f.title
      from court_orders o join cases c on c.id = o.case_id join users u on u.id = o.created_by
      left join court_order_deadlines d on d.court_order_id = o.id
      left join submissions s on s.id = d.report_submission_id left join form_versions v on v.id = s.form_version_id left join forms f on f.id = v.form_id
      where o.case_id = ${ids.caseId} and c.service_code = ${SERVICE} and c.comune_code = ${COMUNE} order by o.issued_on, o.id, d.due_on`.execute(db),
    sql`select r.id, r.form_version_id, r.recipient_relationship, r.created_at, r.expires_at, r.revoked_at, r.answered_at, s.status, first.data
      from consent_requests r left join submissions s on s.consent_request_id = r.id
      left join submission_revisions first on first.submission_id = s.id and first.revision = 1
      where r.case_id = ${ids.caseId} and r.service_code = ${SERVICE} and r.comune_code = ${COMUNE}`.execute(db),
    sql`select p.id, p.form_version_id, p.relationship, p.recorded_at, p.answers from paper_consents p join cases c on c.id = p.case_id
      where p.case_id = ${ids.caseId} and c.service_code = ${SERVICE} and c.comune_code = ${COMUNE}`.execute(db),
    sql`select kind from consent_exceptions where case_id = ${ids.caseId}`.execute(db),
  ]);
  await Promise.all([
    sql`select s.id, f.slug, f.title, f.kind, s.status, s.created_at, s.updated_at,
        case f.slug when 'mondo-del-bambino' then r.data->>'puntoRilevazione' when 'microprogettazione' then r.data->>'puntoRilevazione' end as time_point
      from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
      join submission_revisions r on r.submission_id = s.id and r.revision = s.revision
      where s.case_id = ${ids.caseId} and s.service_code = ${SERVICE} and s.comune_code = ${COMUNE} order by s.created_at, s.id`.execute(db),
    sql`select f.slug, f.title from forms f join form_services fs on fs.form_id = f.id
      where fs.service_code = ${SERVICE} and f.kind <> 'consent' and exists (select 1 from form_versions v where v.form_id = f.id and v.status = 'published')
      order by f.title`.execute(db),
  ]);
}

/** The triangle's rows, written by hand, in the page's order: session and user, the case and its read event, the assessments' data, the form's versions and the triangle's event. */
async function handWrittenTriangle(db: Kysely<Database>, ids: { caseId: number; sessionId: string }) {
  const userId = await handWrittenSession(db, ids.sessionId);
  await handWrittenCaseRead(db, userId, ids.caseId, "case.read");
  await sql`select s.id, s.status, s.created_at, s.updated_at, v.version, r.data
    from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
    join submission_revisions r on r.submission_id = s.id and r.revision = s.revision
    where s.case_id = ${ids.caseId} and f.slug = 'mondo-del-bambino' and s.service_code = ${SERVICE} and s.comune_code = ${COMUNE}
    order by s.created_at desc, s.id desc`.execute(db);
  await sql`select v.version, v.schema, v.ui_schema from form_versions v join forms f on f.id = v.form_id
    where f.slug = 'mondo-del-bambino' and v.status <> 'draft' order by v.version`.execute(db);
  await sql`insert into audit_events (actor_user_id, actor_kind, action, target_type, target_id, service_code, comune_code, details)
    values (${userId}, 'user', 'case.triangle.read', 'case', ${String(ids.caseId)}, ${SERVICE}, ${COMUNE}, '{}'::jsonb)`.execute(db);
}

async function benchOne(kind: string, db: Kysely<Database>) {
  const { caseId, token } = await seed(db);
  useDatabaseForRoutes(db);
  const cookie = `schedario_session=${token}`;
  const request = () => new Request(`${TEST_ORIGIN}/casi/${caseId}`, { headers: { Cookie: cookie } });
  const probe = await callRoute(caseLoader, request(), { params: { caseId: String(caseId) } });
  const page = probe.body as { path: { stages: unknown[] }; courtOrders: unknown[] };
  if (probe.status !== 200 || page.courtOrders.length !== 5) throw new Error(`${kind}: the case page answered ${probe.status}`);
  const triangleRequest = () => new Request(`${TEST_ORIGIN}/casi/${caseId}/triangolo`, { headers: { Cookie: cookie } });
  const triangle = await callRoute(triangleLoader, triangleRequest(), { params: { caseId: String(caseId) } });
  const points = (triangle.body as { triangle: { timePoints: unknown[] } | null }).triangle?.timePoints.length;
  if (triangle.status !== 200 || points !== 3) throw new Error(`${kind}: the triangle answered ${triangle.status} with ${points} time points`);

  const ids = { caseId, sessionId: token.split(".")[0]! };
  const pages = [
    { name: "case page", app: () => callRoute(caseLoader, request(), { params: { caseId: String(caseId) } }), sql: () => handWrittenCasePage(db, ids) },
    { name: "triangle", app: () => callRoute(triangleLoader, triangleRequest(), { params: { caseId: String(caseId) } }), sql: () => handWrittenTriangle(db, ids) },
  ];
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  for (const p of pages) {
    const { app, sql: hand } = await timeSideBySide({ app: p.app, sql: p.sql }, RUNS, WARM_UP);
    console.log(
      `${kind.padEnd(8)} ${p.name.padEnd(9)}  app p50 ${ms(app.p50)} p95 ${ms(app.p95)} · SQL p50 ${ms(hand.p50)} p95 ${ms(hand.p95)} · SQL/app at p50 ${(hand.p50 / app.p50).toFixed(2)}×, at p95 ${(hand.p95 / app.p95).toFixed(2)}×`,
    );
  }
}

console.log(`bench:case — ${SUBMISSIONS.length} submissions, 5 court orders × 2 deadlines; ${RUNS} timed calls each after ${WARM_UP} warm-up calls`);
const pglite = createDatabaseFromPGlite(new PGlite());
try {
  await benchOne("PGlite", pglite);
} finally {
  await pglite.destroy();
}

const name = `schedario_bench_case_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const postgres = createDatabase({ kind: "postgres", url: databaseUrlWithName(adminUrl, name) });
try {
  await benchOne("Postgres", postgres);
} finally {
  await postgres.destroy();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
