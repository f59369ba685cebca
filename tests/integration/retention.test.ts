import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "~/auth/policy";
import { pruneAuditEvents } from "~/audit/audit-pruning.server";
import { listAuditEvents } from "~/audit/audit.server";
import { describeAuditEvents, findCaseIdsByCode } from "~/audit/audit-view.server";
import { listCases } from "~/cases/cases.server";
import { createCourtOrder } from "~/cases/court-orders.server";
import {
  confirmCaseDeletion,
  countCaseData,
  listCasesDue,
  proposeCaseDeletion,
  rejectCaseDeletion,
  releaseLegalHold,
  setLegalHold,
} from "~/cases/retention.server";
import { retentionCommands } from "~/cli/commands/retention";
import { createConsentRequest } from "~/consent/consent-requests.server";
import type { Database } from "~/db/schema";
import { StateNotAllowedError } from "~/lib/errors";
import { action as familyAction } from "~/routes/c.$token";
import { createTestCase } from "../support/cases";
import { consentAnswers, publishBuiltinConsentForm } from "../support/consent";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Retention, legal hold and the two-person deletion of a case (issue 17 item 4,
 * ADR 0024): refused under hold and without the second person; after it, a scan
 * of every column of every table finds nothing of the case's personal data, and
 * the tombstone and the audit trail remain. Then the audit trail's own pruning.
 */

let t: TestDatabase;
let users: Record<"worker" | "coordinator" | "otherCoordinator" | "admin", { id: number; cookie: string }>;
let caseId: number;
let otherCaseId: number;

/** Strings that exist only in the case's personal data: the pseudonym, the data, names, notes. */
const MARKERS = [
  "PSEUDO-QX81",
  "Zaffiro-Settembrino",
  "Compito-Unico-K3",
  "Genoveffa Quintilia",
  "genoveffa.quintilia@esempio.it",
  "Ottaviano Zaffirelli",
  "Sigismondo Cartaceo",
  "Nota-Eccezione-W5",
  "Procedimento-Tm-77",
];
const FAMILY_ADDRESS = "203.0.113.77";

const caller = (who: keyof typeof users, action: "retention.manage" | "case.write") => ({
  scope: scopeFor([{ id: 0, role: who === "worker" ? "worker" : "coordinator", service: who === "otherCoordinator" ? "affidi" : "tutela-minori", comune: who === "worker" ? "seregno" : null }], action),
  userId: users[who].id,
  audit: { actor: { kind: "user" as const, userId: users[who].id } },
});
const decider = (who: keyof typeof users) => ({ userId: users[who].id, audit: { actor: { kind: "user" as const, userId: users[who].id } } });
const inTransaction = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => t.db.transaction().execute(fn);

/**
 * Every column of every table in the schema, read from information_schema (so a
 * table added later is scanned too), searched for each marker as text. Returns
 * "table.column: marker" for each hit.
 */
async function personalDataHits(): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')
    order by c.table_name, c.column_name`.execute(t.db);
  expect(columns.length).toBeGreaterThan(50);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    for (const marker of MARKERS) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table_name)} where ${sql.ref(column_name)}::text ilike ${`%${marker}%`}`.execute(t.db);
      if (rows[0]!.n) hits.push(`${table_name}.${column_name}: ${marker}`);
    }
  }
  return hits;
}

/** Every integer column named case_id, outside the retention's own records, that still holds the case's id. */
async function caseIdHits(id: number): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'case_id'`.execute(t.db);
  const hits: string[] = [];
  for (const { table_name } of columns) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} where case_id = ${id}`.execute(t.db);
    if (rows[0]!.n) hits.push(table_name);
  }
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from cases where id = ${id}`.execute(t.db);
  if (rows[0]!.n) hits.push("cases");
  return hits.sort();
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  users = await createSignedInUsers(t.db, {
    worker: { role: "worker", service: "tutela-minori", comune: "seregno" },
    coordinator: { role: "coordinator", service: "tutela-minori", comune: null },
    otherCoordinator: { role: "coordinator", service: "affidi", comune: null },
    admin: { role: "admin", service: null, comune: null },
  });
  await createPublishedForm(t.db, "relazione-conservazione", simpleSchema(), ["tutela-minori"]);
  await publishBuiltinConsentForm(t.db);
  caseId = (await createTestCase(t.db, { userId: users.worker.id, code: "TM-RET-A", service: "tutela-minori", comune: "seregno", minorRef: "PSEUDO-QX81" })).id;
  otherCaseId = (await createTestCase(t.db, { userId: users.worker.id, code: "TM-RET-B", service: "tutela-minori", comune: "seregno", minorRef: "PSEUDO-ALTRO" })).id;
  const submission = await createTestSubmission(t.db, {
    userId: users.worker.id,
    form: "relazione-conservazione",
    service: "tutela-minori",
    comune: "seregno",
    caseCode: "TM-RET-A",
    data: { dataIncontro: "2014-05-01", nota: "Zaffiro-Settembrino" },
    status: "submitted",
  });
  expect(submission.id).toBeGreaterThan(0);
  const found = { id: caseId, code: "TM-RET-A", minorRef: "PSEUDO-QX81", service: "tutela-minori", comune: "seregno", openedAt: new Date(), closedAt: null };
  const values = new URLSearchParams({ autorita: "tribunale-minorenni", rg: "77/2014", data: "2014-03-01", tipo: "affidamento-servizio", compiti: "Compito-Unico-K3", scadenza: "2014-09-01" });
  await inTransaction((trx) => createCourtOrder(trx, caller("worker", "case.write"), found, { get: (n) => values.get(n) ?? undefined, getAll: (n) => values.getAll(n) }));
  const link = await inTransaction((trx) =>
    createConsentRequest(trx, caller("worker", "case.write"), {
      form: "consenso-intervento",
      service: "tutela-minori",
      comune: "seregno",
      case: { id: caseId },
      recipient: { name: "Genoveffa Quintilia", relationship: "madre", email: "genoveffa.quintilia@esempio.it" },
      expiresInDays: 7,
    })
  );
  const token = new URL(link.url).pathname.replace(/^\/c\//, "");
  const answered = await callRoute(familyAction, formPost(`/c/${token}`, consentAnswers({ nomeCognome: "Genoveffa Quintilia", firma: "Genoveffa Quintilia", nomeMinore: "Ottaviano Zaffirelli" })), {
    params: { token },
    clientAddress: FAMILY_ADDRESS,
  });
  expect(answered.status).toBeLessThan(400);
  const formVersion = await t.db.selectFrom("form_versions").select("id").where("status", "=", "published").executeTakeFirstOrThrow();
  // Fixture rows: a paper consent and a declared exception, as the consent pages record them.
  await t.db
    .insertInto("paper_consents")
    .values({ case_id: caseId, form_version_id: formVersion.id, signer_name: "Sigismondo Cartaceo", relationship: "padre", signed_on: "2014-04-01", answers: JSON.stringify({ consensoIntervento: "acconsento" }), witnessed_by: users.worker.id, recorded_by: users.worker.id })
    .execute();
  await t.db.insertInto("consent_exceptions").values({ case_id: caseId, kind: "sole-parent", note: "Nota-Eccezione-W5", recorded_by: users.worker.id }).execute();
  // A list that showed both cases: its audit_event_cases rows must outlive the deletion.
  await listCases(t.db, caller("worker", "case.write"), {});
  // Both cases closed eleven years ago: past the ten years of the initial rule.
  await t.db.updateTable("cases").set({ closed_at: sql`now() - interval '11 years'` }).where("id", "in", [caseId, otherCaseId]).execute();
});
afterAll(() => t.destroy());

describe("retention and legal hold", () => {
  it("lists the closed cases whose rule has run, to the coordinators of their service only", async () => {
    const due = await listCasesDue(t.db, caller("coordinator", "retention.manage").scope);
    expect(due.map((c) => [c.code, c.yearsAfterClosure, c.due])).toEqual([
      ["TM-RET-A", 10, true],
      ["TM-RET-B", 10, true],
    ]);
    expect(await listCasesDue(t.db, caller("otherCoordinator", "retention.manage").scope)).toEqual([]);
  });

  it("applies the longest rule: a form kind with a longer rule keeps the case", async () => {
    const rule = await t.db.insertInto("retention_rules").values({ service_code: "tutela-minori", form_kind: "report", years_after_closure: 20, basis: "prova" }).returning("id").executeTakeFirstOrThrow();
    const due = await listCasesDue(t.db, caller("coordinator", "retention.manage").scope);
    // relazione-conservazione is a report (createPublishedForm): case A now waits 20 years.
    expect(due.map((c) => c.code)).toEqual(["TM-RET-B"]);
    await expect(inTransaction((trx) => proposeCaseDeletion(trx, caller("coordinator", "retention.manage"), caseId))).rejects.toThrow(/va conservata fino al/);
    await t.db.deleteFrom("retention_rules").where("id", "=", rule.id).execute();
  });

  it("refuses to propose under legal hold, and refuses a second hold", async () => {
    await inTransaction((trx) => setLegalHold(trx, caller("coordinator", "retention.manage"), caseId, "Procedimento-Tm-77 ancora aperto"));
    await expect(inTransaction((trx) => setLegalHold(trx, caller("coordinator", "retention.manage"), caseId, "altro"))).rejects.toThrow(StateNotAllowedError);
    await expect(inTransaction((trx) => proposeCaseDeletion(trx, caller("coordinator", "retention.manage"), caseId))).rejects.toThrow(/blocco legale/);
    expect(await t.db.selectFrom("case_deletions").select("id").execute()).toEqual([]);
    // Out of scope: another service's coordinator cannot see the case, so neither hold nor release it.
    await expect(inTransaction((trx) => releaseLegalHold(trx, caller("otherCoordinator", "retention.manage"), caseId))).rejects.toThrow(/case/);
  });

  it("refuses the deletion under legal hold and without a second person; the proposer can never decide", async () => {
    await inTransaction((trx) => releaseLegalHold(trx, caller("coordinator", "retention.manage"), caseId));
    const proposal = await inTransaction((trx) => proposeCaseDeletion(trx, caller("coordinator", "retention.manage"), caseId));
    await expect(inTransaction((trx) => proposeCaseDeletion(trx, caller("coordinator", "retention.manage"), caseId))).rejects.toThrow(/già una proposta/);
    const dryRun = await t.db.selectFrom("case_deletions").select("dry_run").where("id", "=", proposal).executeTakeFirstOrThrow();
    expect(dryRun.dry_run).toEqual(await countCaseData(t.db, caseId));
    expect(dryRun.dry_run).toMatchObject({ submissions: 2, revisions: 2, consentRequests: 1, paperConsents: 1, consentExceptions: 1, courtOrders: 1, deadlines: 1, legalHolds: 1, rateLimitKeys: 1 });

    // Without the second person: the proposer confirming is refused by the domain and by the database.
    await expect(inTransaction((trx) => confirmCaseDeletion(trx, decider("coordinator"), proposal))).rejects.toThrow(/non può confermarla/);
    await expect(
      sql`update case_deletions set status = 'confirmed', decided_by = proposed_by, decided_at = now() where id = ${proposal}`.execute(t.db)
    ).rejects.toThrow(/case_deletions_two_people/);

    // Under legal hold: a hold set after the proposal blocks the confirmation.
    await inTransaction((trx) => setLegalHold(trx, caller("coordinator", "retention.manage"), caseId, "Procedimento-Tm-77 riaperto"));
    await expect(inTransaction((trx) => confirmCaseDeletion(trx, decider("admin"), proposal))).rejects.toThrow(/blocco legale/);
    expect(await caseIdHits(caseId)).toContain("cases");
    await inTransaction((trx) => releaseLegalHold(trx, caller("coordinator", "retention.manage"), caseId));
  });

  it("keeps the append-only rule outside the deletion path: no revision of the case can be deleted by hand", async () => {
    const del = () => sql`delete from submission_revisions where submission_id in (select id from submissions where case_id = ${caseId})`;
    await expect(del().execute(t.db)).rejects.toThrow(/append-only/);
    // Declaring another case does not open this one.
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`select set_config('schedario.deleting_case', ${String(otherCaseId)}, true)`.execute(trx);
        await del().execute(trx);
      })
    ).rejects.toThrow(/append-only/);
    await expect(sql`update submission_revisions set reason = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("after a confirmed deletion no column of any table holds the case's personal data; the tombstone and the audit trail remain", async () => {
    const before = await personalDataHits();
    // The scan finds the data while it is there (in several tables), so it can fail.
    for (const table of ["cases.minor_ref", "submission_revisions.data", "court_orders.duties", "consent_requests.recipient_name", "paper_consents.signer_name", "consent_exceptions.note", "legal_holds.reason"]) {
      expect(before.some((hit) => hit.startsWith(table))).toBe(true);
    }
    const auditBefore = await t.db.selectFrom("audit_events").select(sql<number>`count(*)::int`.as("n")).where("target_type", "=", "case").where("target_id", "=", String(caseId)).executeTakeFirstOrThrow();
    const eventCasesBefore = await t.db.selectFrom("audit_event_cases").select(sql<number>`count(*)::int`.as("n")).where("case_id", "=", caseId).executeTakeFirstOrThrow();

    const proposal = await t.db.selectFrom("case_deletions").select("id").where("status", "=", "proposed").executeTakeFirstOrThrow();
    const removed = await inTransaction((trx) => confirmCaseDeletion(trx, decider("admin"), proposal.id));
    expect(removed).toMatchObject({ submissions: 2, revisions: 2, consentRequests: 1, paperConsents: 1, consentExceptions: 1, courtOrders: 1, deadlines: 1, legalHolds: 2, rateLimitKeys: 1 });

    expect(await personalDataHits()).toEqual([]);
    expect(await caseIdHits(caseId)).toEqual(["audit_event_cases", "case_deletions", "case_tombstones"]);
    const tombstone = await t.db.selectFrom("case_tombstones").selectAll().where("case_id", "=", caseId).executeTakeFirstOrThrow();
    expect(tombstone).toMatchObject({ code: "TM-RET-A", service_code: "tutela-minori", comune_code: "seregno", deletion_id: proposal.id });
    const decided = await t.db.selectFrom("case_deletions").select(["status", "decided_by"]).where("id", "=", proposal.id).executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: "confirmed", decided_by: users.admin.id });

    // The audit trail stays whole, with the deletion itself added.
    const auditAfter = await t.db.selectFrom("audit_events").select("action").where("target_type", "=", "case").where("target_id", "=", String(caseId)).execute();
    expect(auditAfter.length).toBe(auditBefore.n + 1);
    expect(auditAfter.map((e) => e.action)).toEqual(expect.arrayContaining(["case.created", "case.hold.set", "case.deletion.proposed", "case.deleted"]));
    const eventCasesAfter = await t.db.selectFrom("audit_event_cases").select(sql<number>`count(*)::int`.as("n")).where("case_id", "=", caseId).executeTakeFirstOrThrow();
    expect(eventCasesAfter.n).toBe(eventCasesBefore.n);
    // The admin's log still finds the case by its code and names it from the tombstone.
    const ids = await findCaseIdsByCode(t.db, "tm-ret-a");
    expect(ids).toEqual([caseId]);
    const readable = await describeAuditEvents(t.db, (await listAuditEvents(t.db, { caseIds: ids }, { limit: 100 })).events);
    expect(readable.find((e) => e.label === "Cartella eliminata allo scadere della conservazione")?.object).toBe("Cartella TM-RET-A (eliminata)");
    expect(readable.find((e) => e.label === "Elenco delle cartelle consultato")?.details).toContain("Cartelle mostrate: TM-RET-A, TM-RET-B");
    // The other case is untouched.
    expect(await caseIdHits(otherCaseId)).toEqual(["audit_event_cases", "cases"]);
  });

  it("rejects a proposal without touching the case", async () => {
    const proposal = await inTransaction((trx) => proposeCaseDeletion(trx, caller("coordinator", "retention.manage"), otherCaseId));
    await expect(inTransaction((trx) => rejectCaseDeletion(trx, decider("coordinator"), proposal))).rejects.toThrow(/non può deciderla/);
    await inTransaction((trx) => rejectCaseDeletion(trx, decider("admin"), proposal));
    await expect(inTransaction((trx) => confirmCaseDeletion(trx, decider("admin"), proposal))).rejects.toThrow(/già stata decisa/);
    expect(await caseIdHits(otherCaseId)).toEqual(["audit_event_cases", "case_deletions", "cases"]);
  });

  it("`retention due` lists the due cases for the system's scheduler", async () => {
    const lines: string[] = [];
    const ctx = { db: async () => t.db, stdout: (line: string) => lines.push(line), stdin: async () => "" };
    await retentionCommands.find((c) => c.name.join(" ") === "retention due")!.run(ctx, { values: { json: true }, positionals: [] });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { code: "TM-RET-B", service: "tutela-minori", comune: "seregno", closedOn: expect.any(String), yearsAfterClosure: 10, dueOn: expect.any(String), legalHold: false, proposed: false },
    ]);
  });
});

describe("audit pruning", () => {
  it("deletes events older than the rule with their case rows, never younger than 24 months, and records itself", async () => {
    const at = (months: number) => sql<Date>`now() - make_interval(months => ${months})`;
    const insertOld = async (months: number) => {
      const { id } = await t.db.insertInto("audit_events").values({ actor_kind: "system", action: "case.listed", occurred_at: at(months) as never, details: "{}" }).returning("id").executeTakeFirstOrThrow();
      await t.db.insertInto("audit_event_cases").values({ case_id: otherCaseId, event_id: id }).execute();
      return id;
    };
    const old = await insertOld(30);
    const young = await insertOld(20);
    await expect(pruneAuditEvents(undefined as never, { actor: { kind: "system" } }, 12)).rejects.toThrow(RangeError);
    // A cutoff set by hand to now still cannot delete a 20-month-old event: the trigger keeps 24 months.
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`select set_config('schedario.pruning_audit_before', ${new Date().toISOString()}, true)`.execute(trx);
        await trx.deleteFrom("audit_event_cases").where("event_id", "=", young).execute();
      })
    ).rejects.toThrow(/append-only/);
    const result = await inTransaction((trx) => pruneAuditEvents(trx, { actor: { kind: "system" } }, 24));
    expect([result.events, result.eventCases]).toEqual([1, 1]);
    const left = await t.db.selectFrom("audit_events").select("id").where("id", "in", [old, young]).execute();
    expect(left.map((e) => e.id)).toEqual([young]);
    expect(await t.db.selectFrom("audit_event_cases").select("event_id").where("event_id", "in", [old, young]).execute()).toEqual([{ event_id: young }]);
    const pruned = await t.db.selectFrom("audit_events").select("details").where("action", "=", "audit.pruned").executeTakeFirstOrThrow();
    expect(pruned.details).toMatchObject({ months: 24, events: 1, eventCases: 1 });
    // Outside a pruning, the trail is append-only as before.
    await expect(sql`delete from audit_events where id = ${young}`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
