import { sql, type Kysely, type Transaction } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { InvalidInputError, NotFoundError, StateNotAllowedError, fieldErrors } from "~/lib/errors";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { toJsonb } from "~/db/db.server";
import type { CaseDeletionStatus, Database } from "~/db/schema";
import { clientNetworkKey } from "~/lib/client-network.server";
import { formatDate } from "~/lib/format-date";
import { familyRateLimitKey } from "~/consent/rate-limit.server";
import type { DeletionCounts } from "./retention-kinds";

export { DELETION_KINDS, DELETION_KIND_LABELS, type DeletionCounts, type DeletionKind } from "./retention-kinds";

/**
 * Retention, legal hold and the two-person deletion of a case (ADR 0024,
 * migration 0014_a). A closed case is due when the longest retention rule that
 * applies to it (its service; its service and the kind of a form it holds)
 * has run from its closure. A coordinator proposes the deletion of a due case
 * after a dry run; an admin — never the proposer — confirms it; a legal hold
 * blocks both. The deletion removes every row of the case and leaves a
 * tombstone; the audit trail stays.
 */

/** A closed case and where it stands against its retention rule. */
export interface CaseRetention {
  caseId: number;
  code: string;
  service: string;
  serviceName: string;
  comune: string | null;
  comuneName: string | null;
  /** YYYY-MM-DD in Rome. */
  closedOn: string;
  yearsAfterClosure: number;
  /** YYYY-MM-DD: from this day the case may be deleted. */
  dueOn: string;
  due: boolean;
  hold: { reason: string; setBy: string; setAt: Date } | null;
  /** The pending deletion proposal, when there is one. */
  proposal: { id: number; proposedBy: string; proposedAt: Date } | null;
}

/** Who acts: their scope for retention.manage and the audit context. */
export interface RetentionCaller {
  scope: Scope;
  audit: AuditContext;
  userId: number;
}

/**
 * The closed cases a rule applies to, each with its years (the longest
 * applicable rule), its due date, its hold and pending proposal. `scope`
 * null: the whole Ambito (the CLI of the system's scheduler, which shows codes
 * and dates only).
 */
function retentionQuery(db: Kysely<Database>, scope: Scope | null) {
  const years = sql<number | null>`(
    select max(r.years_after_closure) from retention_rules r
    where r.service_code = c.service_code
      and (r.form_kind is null or exists (
        select 1 from submissions s
        join form_versions v on v.id = s.form_version_id
        join forms f on f.id = v.form_id
        where s.case_id = c.id and f.kind = r.form_kind))
  )`;
  const inner = db
    .selectFrom("cases as c")
    .innerJoin("services as sv", "sv.code", "c.service_code")
    .leftJoin("comuni as cm", "cm.code", "c.comune_code")
    .select([
      "c.id",
      "c.code",
      "c.service_code",
      "sv.name as service_name",
      "c.comune_code",
      "cm.name as comune_name",
      sql<string>`(c.closed_at at time zone 'Europe/Rome')::date`.as("closed_on"),
      years.as("years"),
    ])
    .where("c.closed_at", "is not", null)
    .$if(scope !== null, (q) => q.where((eb) => inScope(eb, scope!, { service: "c.service_code", comune: "c.comune_code" })));
  return db
    .selectFrom(inner.as("x"))
    .leftJoin("legal_holds as h", (j) => j.onRef("h.case_id", "=", "x.id").on("h.released_at", "is", null))
    .leftJoin("users as hu", "hu.id", "h.set_by")
    .leftJoin("case_deletions as d", (j) => j.onRef("d.case_id", "=", "x.id").on("d.status", "=", "proposed"))
    .leftJoin("users as du", "du.id", "d.proposed_by")
    .select([
      "x.id",
      "x.code",
      "x.service_code",
      "x.service_name",
      "x.comune_code",
      "x.comune_name",
      sql<string>`x.closed_on::text`.as("closed_on"),
      "x.years",
      sql<string>`(x.closed_on + make_interval(years => x.years))::date::text`.as("due_on"),
      sql<boolean>`(x.closed_on + make_interval(years => x.years))::date <= (now() at time zone 'Europe/Rome')::date`.as("due"),
      "h.reason as hold_reason",
      "hu.display_name as hold_set_by",
      "h.set_at as hold_set_at",
      "d.id as proposal_id",
      "du.display_name as proposed_by",
      "d.proposed_at",
    ])
    .where("x.years", "is not", null);
}

type RetentionRow = Awaited<ReturnType<ReturnType<typeof retentionQuery>["execute"]>>[number];

function toRetention(r: RetentionRow): CaseRetention {
  return {
    caseId: r.id,
    code: r.code,
    service: r.service_code,
    serviceName: r.service_name,
    comune: r.comune_code,
    comuneName: r.comune_name,
    closedOn: r.closed_on,
    yearsAfterClosure: r.years!,
    dueOn: r.due_on,
    due: r.due,
    hold: r.hold_reason !== null ? { reason: r.hold_reason, setBy: r.hold_set_by ?? "", setAt: r.hold_set_at! } : null,
    proposal: r.proposal_id !== null ? { id: r.proposal_id, proposedBy: r.proposed_by ?? "", proposedAt: r.proposed_at! } : null,
  };
}

/** The closed cases in scope whose retention has run (held ones included, marked), oldest due date first. */
export async function listCasesDue(db: Kysely<Database>, scope: Scope): Promise<CaseRetention[]> {
  return (await dueRows(db, scope)).map(toRetention);
}

/**
 * The same over the whole Ambito, for the scheduled check (`retention due`):
 * codes, services and dates, no personal data.
 */
export async function listAllCasesDue(db: Kysely<Database>): Promise<CaseRetention[]> {
  return (await dueRows(db, null)).map(toRetention);
}

async function dueRows(db: Kysely<Database>, scope: Scope | null) {
  const rows = await retentionQuery(db, scope).orderBy("due_on").orderBy("x.code").execute();
  return rows.filter((r) => r.due);
}

/** Where one case in scope stands (undefined: unknown, out of scope, open, or no rule applies). */
export async function findCaseRetention(db: Kysely<Database>, scope: Scope, caseId: number): Promise<CaseRetention | undefined> {
  const row = await retentionQuery(db, scope).where("x.id", "=", caseId).executeTakeFirst();
  return row && toRetention(row);
}

/** The hold in force on a case, if any (what the case's retention page shows even while it is open). */
export async function findActiveHold(db: Kysely<Database>, caseId: number): Promise<CaseRetention["hold"]> {
  const row = await db
    .selectFrom("legal_holds as h")
    .innerJoin("users as u", "u.id", "h.set_by")
    .select(["h.reason", "u.display_name", "h.set_at"])
    .where("h.case_id", "=", caseId)
    .where("h.released_at", "is", null)
    .executeTakeFirst();
  return row ? { reason: row.reason, setBy: row.display_name, setAt: row.set_at } : null;
}

/** A case's legal holds and deletion proposals, oldest first, with people's names (for the subject-access copy). */
export interface CaseRetentionHistory {
  legalHolds: { reason: string; setBy: string; setAt: Date; releasedBy: string | null; releasedAt: Date | null }[];
  deletionProposals: { status: CaseDeletionStatus; dueOn: string; proposedBy: string; proposedAt: Date; decidedBy: string | null; decidedAt: Date | null }[];
}

export async function readCaseRetentionHistory(db: Kysely<Database>, caseId: number): Promise<CaseRetentionHistory> {
  const [holds, proposals] = await Promise.all([
    db
      .selectFrom("legal_holds as h")
      .innerJoin("users as s", "s.id", "h.set_by")
      .leftJoin("users as r", "r.id", "h.released_by")
      .select(["h.reason", "s.display_name as set_by", "h.set_at", "r.display_name as released_by", "h.released_at"])
      .where("h.case_id", "=", caseId)
      .orderBy("h.id")
      .execute(),
    db
      .selectFrom("case_deletions as d")
      .innerJoin("users as p", "p.id", "d.proposed_by")
      .leftJoin("users as x", "x.id", "d.decided_by")
      .select(["d.status", sql<string>`d.due_on::text`.as("due_on"), "p.display_name as proposed_by", "d.proposed_at", "x.display_name as decided_by", "d.decided_at"])
      .where("d.case_id", "=", caseId)
      .orderBy("d.id")
      .execute(),
  ]);
  return {
    legalHolds: holds.map((h) => ({ reason: h.reason, setBy: h.set_by, setAt: h.set_at, releasedBy: h.released_by, releasedAt: h.released_at })),
    deletionProposals: proposals.map((d) => ({
      status: d.status,
      dueOn: d.due_on,
      proposedBy: d.proposed_by,
      proposedAt: d.proposed_at,
      decidedBy: d.decided_by,
      decidedAt: d.decided_at,
    })),
  };
}

/** The family networks whose request counters the case's answered consent links touched. */
async function caseRateLimitKeys(db: Kysely<Database>, caseId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("consent_requests")
    .select("answered_ip")
    .where("case_id", "=", caseId)
    .where("answered_ip", "is not", null)
    .execute();
  const keys = [...new Set(rows.map((r) => familyRateLimitKey(r.answered_ip ?? undefined)))].filter((k) => k !== `family:${clientNetworkKey(undefined)}`);
  if (!keys.length) return [];
  return (await db.selectFrom("request_rate_limits").select("key").where("key", "in", keys).execute()).map((r) => r.key);
}

/** The dry run: what deleting the case would remove, counted by kind; nothing is changed. */
export async function countCaseData(db: Kysely<Database>, caseId: number): Promise<DeletionCounts> {
  const count = sql<number>`count(*)::int`.as("n");
  const submissions = db.selectFrom("submissions").select("id").where("case_id", "=", caseId);
  const orders = db.selectFrom("court_orders").select("id").where("case_id", "=", caseId);
  const [s, r, cr, pc, ce, co, dl, lh] = await Promise.all([
    db.selectFrom("submissions").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
    db.selectFrom("submission_revisions").select(count).where("submission_id", "in", submissions).executeTakeFirstOrThrow(),
    db.selectFrom("consent_requests").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
    db.selectFrom("paper_consents").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
    db.selectFrom("consent_exceptions").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
    db.selectFrom("court_orders").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
    db.selectFrom("court_order_deadlines").select(count).where("court_order_id", "in", orders).executeTakeFirstOrThrow(),
    db.selectFrom("legal_holds").select(count).where("case_id", "=", caseId).executeTakeFirstOrThrow(),
  ]);
  return {
    submissions: s.n,
    revisions: r.n,
    consentRequests: cr.n,
    paperConsents: pc.n,
    consentExceptions: ce.n,
    courtOrders: co.n,
    deadlines: dl.n,
    legalHolds: lh.n,
    rateLimitKeys: (await caseRateLimitKeys(db, caseId)).length,
  };
}

/** The case in scope, locked for the rest of the transaction, or a NotFoundError. */
async function lockCase(trx: Transaction<Database>, scope: Scope, caseId: number) {
  const found = await trx
    .selectFrom("cases as c")
    .select(["c.id", "c.code", "c.service_code", "c.comune_code", "c.closed_at"])
    .where("c.id", "=", caseId)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .forUpdate()
    .executeTakeFirst();
  if (!found) throw new NotFoundError(`case ${caseId}`);
  return found;
}

/**
 * Puts a case in scope under legal hold (an open court case): it is never
 * proposed for deletion nor deleted while the hold is in force. Audited as
 * `case.hold.set` (without the reason, which may name the proceedings).
 */
export async function setLegalHold(trx: Transaction<Database>, caller: RetentionCaller, caseId: number, reasonInput: string): Promise<void> {
  const c = await lockCase(trx, caller.scope, caseId);
  const reason = reasonInput.trim();
  if (!reason) throw new InvalidInputError(fieldErrors({ motivo: "Scrivi il motivo del blocco, per esempio il procedimento ancora aperto." }));
  if (reason.length > 500) throw new InvalidInputError(fieldErrors({ motivo: "Il motivo può avere al massimo 500 caratteri: accorcialo." }));
  if (await findActiveHold(trx, caseId)) throw new StateNotAllowedError("la cartella è già sotto blocco legale");
  await trx.insertInto("legal_holds").values({ case_id: caseId, reason, set_by: caller.userId }).execute();
  await recordAuditEvent(trx, { ...caller.audit, action: "case.hold.set", target: { type: "case", id: caseId }, service: c.service_code, comune: c.comune_code });
}

/** Releases the legal hold of a case in scope; audited as `case.hold.released`. */
export async function releaseLegalHold(trx: Transaction<Database>, caller: RetentionCaller, caseId: number): Promise<void> {
  const c = await lockCase(trx, caller.scope, caseId);
  const released = await trx
    .updateTable("legal_holds")
    .set({ released_by: caller.userId, released_at: sql`now()` })
    .where("case_id", "=", caseId)
    .where("released_at", "is", null)
    .executeTakeFirst();
  if (!Number(released.numUpdatedRows)) throw new StateNotAllowedError("la cartella non è sotto blocco legale");
  await recordAuditEvent(trx, { ...caller.audit, action: "case.hold.released", target: { type: "case", id: caseId }, service: c.service_code, comune: c.comune_code });
}

/**
 * A coordinator proposes deleting a due case in scope: refused under legal
 * hold, before its due date, or when a proposal is already pending. Stores the
 * dry run and records `case.deletion.proposed` with its counts. Returns the
 * proposal's id.
 */
export async function proposeCaseDeletion(trx: Transaction<Database>, caller: RetentionCaller, caseId: number): Promise<number> {
  await lockCase(trx, caller.scope, caseId);
  const retention = await findCaseRetention(trx, caller.scope, caseId);
  if (!retention) throw new StateNotAllowedError("la cartella è aperta o nessuna regola di conservazione la riguarda");
  if (retention.hold) throw new StateNotAllowedError("la cartella è sotto blocco legale: revoca il blocco prima di proporne l'eliminazione");
  if (!retention.due) throw new StateNotAllowedError(`la cartella va conservata fino al ${formatDate(retention.dueOn)}`);
  if (retention.proposal) throw new StateNotAllowedError("c'è già una proposta di eliminazione in attesa per questa cartella");
  const dryRun = await countCaseData(trx, caseId);
  const { id } = await trx
    .insertInto("case_deletions")
    .values({
      case_id: caseId,
      years_after_closure: retention.yearsAfterClosure,
      due_on: retention.dueOn,
      proposed_by: caller.userId,
      dry_run: toJsonb(dryRun),
      status: "proposed",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "case.deletion.proposed",
    target: { type: "case", id: caseId },
    service: retention.service,
    comune: retention.comune,
    details: { deletion: id, dueOn: retention.dueOn, yearsAfterClosure: retention.yearsAfterClosure, dryRun },
  });
  return id;
}

/** A pending proposal as the admin reviews it: the case by code, the dry run then and now. */
export interface PendingDeletion {
  id: number;
  caseId: number;
  code: string;
  serviceName: string;
  comuneName: string | null;
  closedOn: string;
  dueOn: string;
  yearsAfterClosure: number;
  proposedBy: string;
  proposedById: number;
  proposedAt: Date;
  dryRun: DeletionCounts;
  /** Counted again now: what confirming would remove. */
  current: DeletionCounts;
  held: boolean;
}

/** Every pending deletion proposal, oldest first, for the admin (who holds `retention.confirm`). */
export async function listPendingDeletions(db: Kysely<Database>): Promise<PendingDeletion[]> {
  const rows = await db
    .selectFrom("case_deletions as d")
    .innerJoin("cases as c", "c.id", "d.case_id")
    .innerJoin("services as sv", "sv.code", "c.service_code")
    .leftJoin("comuni as cm", "cm.code", "c.comune_code")
    .innerJoin("users as u", "u.id", "d.proposed_by")
    .select([
      "d.id",
      "d.case_id",
      "c.code",
      "sv.name as service_name",
      "cm.name as comune_name",
      sql<string>`(c.closed_at at time zone 'Europe/Rome')::date::text`.as("closed_on"),
      sql<string>`to_char(d.due_on, 'YYYY-MM-DD')`.as("due_on"),
      "d.years_after_closure",
      "u.display_name",
      "d.proposed_by",
      "d.proposed_at",
      "d.dry_run",
      (eb) => eb.exists(eb.selectFrom("legal_holds as h").select("h.id").whereRef("h.case_id", "=", "d.case_id").where("h.released_at", "is", null)).as("held"),
    ])
    .where("d.status", "=", "proposed")
    .orderBy("d.proposed_at")
    .orderBy("d.id")
    .execute();
  const pending: PendingDeletion[] = [];
  for (const r of rows) {
    pending.push({
      id: r.id,
      caseId: r.case_id,
      code: r.code,
      serviceName: r.service_name,
      comuneName: r.comune_name,
      closedOn: r.closed_on,
      dueOn: r.due_on,
      yearsAfterClosure: r.years_after_closure,
      proposedBy: r.display_name,
      proposedById: r.proposed_by,
      proposedAt: r.proposed_at,
      dryRun: r.dry_run as DeletionCounts,
      current: await countCaseData(db, r.case_id),
      held: Boolean(r.held),
    });
  }
  return pending;
}

/** How many proposals wait for this admin's decision: pending ones that someone else proposed. */
export async function countDeletionsAwaiting(db: Kysely<Database>, adminId: number): Promise<number> {
  const { n } = await db
    .selectFrom("case_deletions")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("status", "=", "proposed")
    .where("proposed_by", "!=", adminId)
    .executeTakeFirstOrThrow();
  return n;
}

/** The pending proposal, locked; a NotFoundError when there is none with this id. */
async function lockPendingDeletion(trx: Transaction<Database>, deletionId: number) {
  const d = await trx
    .selectFrom("case_deletions")
    .select(["id", "case_id", "proposed_by", "status"])
    .where("id", "=", deletionId)
    .forUpdate()
    .executeTakeFirst();
  if (!d) throw new NotFoundError(`case deletion ${deletionId}`);
  if (d.status !== "proposed") throw new StateNotAllowedError("la proposta è già stata decisa: ricarica la pagina");
  return d;
}

/** Who decides: an admin (`retention.confirm`), with the audit context. */
export interface DeletionDecider {
  userId: number;
  audit: AuditContext;
}

/** An admin rejects a proposal (not their own); audited as `case.deletion.rejected`. Nothing of the case changes. */
export async function rejectCaseDeletion(trx: Transaction<Database>, decider: DeletionDecider, deletionId: number): Promise<void> {
  const d = await lockPendingDeletion(trx, deletionId);
  if (d.proposed_by === decider.userId) throw new StateNotAllowedError("chi ha proposto l'eliminazione non può deciderla: serve un altro amministratore");
  await trx.updateTable("case_deletions").set({ status: "rejected", decided_by: decider.userId, decided_at: sql`now()` }).where("id", "=", d.id).execute();
  const c = await trx.selectFrom("cases").select(["service_code", "comune_code"]).where("id", "=", d.case_id).executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    ...decider.audit,
    action: "case.deletion.rejected",
    target: { type: "case", id: d.case_id },
    service: c.service_code,
    comune: c.comune_code,
    details: { deletion: d.id },
  });
}

/**
 * An admin confirms a proposal made by someone else: removes every row of
 * the case — its submissions and their revisions (computed values included:
 * they live in the data), consent requests and answers, paper consents,
 * consent exceptions, court orders and deadlines, released legal holds, the
 * family request counters of the networks that answered its links — and the
 * case itself, leaving a tombstone under the same id and a
 * `case.deleted` event with the counts. Refused under legal hold or when the
 * case is no longer due (a rule made longer since). The audit trail stays:
 * its events name the case by id, which the tombstone resolves. Pass a
 * transaction: the append-only exception (ADR 0024) lasts until it ends.
 */
export async function confirmCaseDeletion(trx: Transaction<Database>, decider: DeletionDecider, deletionId: number): Promise<DeletionCounts> {
  const d = await lockPendingDeletion(trx, deletionId);
  if (d.proposed_by === decider.userId) throw new StateNotAllowedError("chi ha proposto l'eliminazione non può confermarla: serve un altro amministratore");
  const c = await trx
    .selectFrom("cases")
    .select(["id", "code", "service_code", "comune_code", "closed_at"])
    .where("id", "=", d.case_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (await findActiveHold(trx, c.id)) throw new StateNotAllowedError("la cartella è sotto blocco legale: non può essere eliminata finché il blocco non è revocato");
  const due = await retentionQuery(trx, null).where("x.id", "=", c.id).executeTakeFirst();
  if (!due?.due) throw new StateNotAllowedError("la cartella non è più da eliminare (riaperta, o la regola di conservazione è cambiata): respingi la proposta");

  // The one exception to the append-only trigger of submission_revisions, for this
  // case and until this transaction ends (set_config's third argument: local).
  await sql`select set_config('schedario.deleting_case', ${String(c.id)}, true)`.execute(trx);
  const rateLimitKeys = await caseRateLimitKeys(trx, c.id);
  const submissions = trx.selectFrom("submissions").select("id").where("case_id", "=", c.id);
  const orders = trx.selectFrom("court_orders").select("id").where("case_id", "=", c.id);
  const deleted = async (q: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) => Number((await q.executeTakeFirst()).numDeletedRows);
  const removed: DeletionCounts = {
    // Deadlines first: they may point at the case's relazioni.
    deadlines: await deleted(trx.deleteFrom("court_order_deadlines").where("court_order_id", "in", orders)),
    courtOrders: await deleted(trx.deleteFrom("court_orders").where("case_id", "=", c.id)),
    revisions: await deleted(trx.deleteFrom("submission_revisions").where("submission_id", "in", submissions)),
    submissions: await deleted(trx.deleteFrom("submissions").where("case_id", "=", c.id)),
    consentRequests: await deleted(trx.deleteFrom("consent_requests").where("case_id", "=", c.id)),
    paperConsents: await deleted(trx.deleteFrom("paper_consents").where("case_id", "=", c.id)),
    consentExceptions: await deleted(trx.deleteFrom("consent_exceptions").where("case_id", "=", c.id)),
    legalHolds: await deleted(trx.deleteFrom("legal_holds").where("case_id", "=", c.id)),
    rateLimitKeys: rateLimitKeys.length ? await deleted(trx.deleteFrom("request_rate_limits").where("key", "in", rateLimitKeys)) : 0,
  };
  await trx.updateTable("case_deletions").set({ status: "confirmed", decided_by: decider.userId, decided_at: sql`now()` }).where("id", "=", d.id).execute();
  await trx
    .insertInto("case_tombstones")
    .values({
      case_id: c.id,
      code: c.code,
      service_code: c.service_code,
      comune_code: c.comune_code,
      closed_at: c.closed_at!,
      deletion_id: d.id,
      removed: toJsonb(removed),
    })
    .execute();
  await trx.deleteFrom("cases").where("id", "=", c.id).execute();
  await recordAuditEvent(trx, {
    ...decider.audit,
    action: "case.deleted",
    target: { type: "case", id: c.id },
    service: c.service_code,
    comune: c.comune_code,
    details: { deletion: d.id, code: c.code, removed },
  });
  return removed;
}
