import { sql, type ExpressionBuilder, type Insertable, type Kysely } from "kysely";
import { toJsonb } from "~/db/db.server";
import type { AuditEventTable, Database } from "~/db/schema";
import type { AuditAction } from "./audit-labels";

/** Who did something: a signed-in user, or a party without an account. */
export type AuditActor =
  | { kind: "user"; userId: number }
  | { kind: "family" | "cli" | "system" | "anonymous" };

/** One entry of the audit trail. `action` is a dotted verb such as "auth.login.succeeded", labelled in audit-labels.ts. */
export interface AuditEventInput {
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string | number };
  service?: string | null;
  comune?: string | null;
  /** Client address and user agent, when the event comes from an HTTP request. */
  client?: { ip?: string | null; userAgent?: string | null };
  details?: Record<string, unknown>;
  /** The cases a list or an export showed (audit_event_cases), so that each case's access report includes it. */
  caseIds?: readonly number[];
}

/**
 * Appends one event to the audit trail. Pass the transaction that makes the
 * change, so the change and its record commit (or roll back) together.
 */
export async function recordAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<void> {
  await recordAuditEventWithId(db, event);
}

/** recordAuditEvent, returning the event's id (for recordAuditEventCases later). */
export async function recordAuditEventWithId(db: Kysely<Database>, event: AuditEventInput): Promise<number> {
  const { id } = await db.insertInto("audit_events").values(auditEventRow(event)).returning("id").executeTakeFirstOrThrow();
  if (event.caseIds?.length) await recordAuditEventCases(db, id, event.caseIds);
  return id;
}

/**
 * The audit_events row of an event (its cases apart), for a statement that
 * writes the event together with the change it records.
 */
export function auditEventRow(event: Omit<AuditEventInput, "caseIds">): Insertable<AuditEventTable> {
  return {
    actor_user_id: event.actor.kind === "user" ? event.actor.userId : null,
    actor_kind: event.actor.kind,
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target ? String(event.target.id) : null,
    service_code: event.service ?? null,
    comune_code: event.comune ?? null,
    ip: event.client?.ip ?? null,
    user_agent: event.client?.userAgent ?? null,
    details: toJsonb(event.details ?? {}),
  };
}

/**
 * Adds cases shown by an event already recorded: an export records its event
 * before the first byte and its cases batch by batch as they are sent.
 */
export async function recordAuditEventCases(db: Kysely<Database>, eventId: number, caseIds: readonly number[]): Promise<void> {
  const distinct = [...new Set(caseIds)];
  if (!distinct.length) return;
  await db
    .insertInto("audit_event_cases")
    .values(distinct.map((caseId) => ({ case_id: caseId, event_id: eventId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Who is acting and from where: what every audited domain function needs besides its own input. */
export type AuditContext = Pick<AuditEventInput, "actor" | "client">;

/** One audit event as pages, the API and exports show it. */
export interface AuditRecord {
  id: number;
  occurredAt: string;
  actor: { kind: string; userId: number | null; email: string | null };
  action: string;
  target: { type: string; id: string } | null;
  service: string | null;
  comune: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilters {
  /** An exact action ("auth.login.failed") or a prefix ending in a dot ("auth."). */
  action?: string;
  /** Events by this actor, or about this user. */
  userEmail?: string;
  /** Events by the user with this id, or about them. */
  userId?: number;
  /** Events that touched one of these cases: the case itself, its submissions, its consent requests. */
  caseIds?: number[];
  /** occurred_at ≥ from */
  from?: Date;
  /** occurred_at < to */
  to?: Date;
}

function selectAuditEvents(db: Kysely<Database>, filters: AuditFilters) {
  let query = db
    .selectFrom("audit_events as e")
    .leftJoin("users as u", "u.id", "e.actor_user_id")
    .select([
      "e.id",
      "e.occurred_at",
      "e.actor_kind",
      "e.actor_user_id",
      "u.email as actor_email",
      "e.action",
      "e.target_type",
      "e.target_id",
      "e.service_code",
      "e.comune_code",
      "e.ip",
      "e.user_agent",
      "e.details",
    ]);
  if (filters.action) {
    const action = filters.action;
    query = action.endsWith(".")
      ? query.where("e.action", "like", `${action.replace(/[\\%_]/g, "\\$&")}%`)
      : query.where("e.action", "=", action);
  }
  if (filters.userEmail) {
    const email = filters.userEmail.trim().toLowerCase();
    const userIds = db.selectFrom("users").select(sql<string>`id::text`.as("id")).where(sql`lower(email)`, "=", email);
    query = query.where((eb) =>
      eb.or([
        eb("e.actor_user_id", "in", db.selectFrom("users").select("id").where(sql`lower(email)`, "=", email)),
        eb.and([eb("e.target_type", "=", "user"), eb("e.target_id", "in", userIds)]),
        // Failed logins of unknown (or mistyped) addresses have no user to join on.
        sql<boolean>`e.details->>'email' = ${email}`,
      ]),
    );
  }
  if (filters.userId !== undefined) {
    const id = filters.userId;
    query = query.where((eb) =>
      eb.or([eb("e.actor_user_id", "=", id), eb.and([eb("e.target_type", "=", "user"), eb("e.target_id", "=", String(id))])]),
    );
  }
  if (filters.caseIds) query = query.where((eb) => touchesCases(eb, filters.caseIds!));
  if (filters.from) query = query.where("e.occurred_at", ">=", filters.from);
  if (filters.to) query = query.where("e.occurred_at", "<", filters.to);
  return query;
}

/**
 * Whether an event touched one of the cases: its target is the case, one of
 * its submissions or one of its consent requests. The one definition of
 * "touched a case" for the audit log's filter and the access reports.
 */
function touchesCases(eb: ExpressionBuilder<AuditFrom, "e">, caseIds: number[]) {
  if (caseIds.length === 0) return sql<boolean>`false`;
  const ids = caseIds.map(String);
  return eb.or([
    eb.and([eb("e.target_type", "=", "case"), eb("e.target_id", "in", ids)]),
    eb.and([
      eb("e.target_type", "=", "submission"),
      eb("e.target_id", "in", eb.selectFrom("submissions").select(sql<string>`id::text`.as("id")).where("case_id", "in", caseIds)),
    ]),
    // Lists and exports that showed the case.
    eb("e.id", "in", eb.selectFrom("audit_event_cases").select("event_id").where("case_id", "in", caseIds)),
    eb.and([
      eb("e.target_type", "=", "consent_request"),
      eb("e.target_id", "in", eb.selectFrom("consent_requests").select(sql<string>`id::text`.as("id")).where("case_id", "in", caseIds)),
    ]),
  ]);
}

type AuditFrom = Database & { e: Database["audit_events"]; u: Database["users"] };

type AuditRow = Awaited<ReturnType<ReturnType<typeof selectAuditEvents>["executeTakeFirstOrThrow"]>>;

function toAuditRecord(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actor: { kind: r.actor_kind, userId: r.actor_user_id, email: r.actor_email },
    action: r.action,
    target: r.target_type ? { type: r.target_type, id: r.target_id ?? "" } : null,
    service: r.service_code,
    comune: r.comune_code,
    ip: r.ip,
    userAgent: r.user_agent,
    details: r.details,
  };
}

/** A page of events, newest first; pass the last id seen as `before` for the next page. */
export async function listAuditEvents(
  db: Kysely<Database>,
  filters: AuditFilters,
  page: { before?: number; limit: number },
): Promise<{ events: AuditRecord[]; nextBefore: number | undefined }> {
  let query = selectAuditEvents(db, filters).orderBy("e.id", "desc").limit(page.limit + 1);
  if (page.before) query = query.where("e.id", "<", page.before);
  const rows = await query.execute();
  const events = rows.slice(0, page.limit).map(toAuditRecord);
  return { events, nextBefore: rows.length > page.limit ? events.at(-1)?.id : undefined };
}

/** The matching events after the id `after`, oldest first: one batch of an export. */
export async function listAuditEventsAfter(
  db: Kysely<Database>,
  filters: AuditFilters,
  after: number,
  limit: number,
): Promise<AuditRecord[]> {
  const rows = await selectAuditEvents(db, filters).where("e.id", ">", after).orderBy("e.id").limit(limit).execute();
  return rows.map(toAuditRecord);
}

/**
 * Writes the matching events, oldest first, one JSON object per line. Reads
 * in keyset-paginated batches (the same on PGlite and PostgreSQL), so an
 * export of years of events never sits in memory at once. Returns the count.
 */
export async function exportAuditEvents(
  db: Kysely<Database>,
  filters: AuditFilters,
  writeLine: (line: string) => void | Promise<void>,
  batchSize = 1000,
): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const events = await listAuditEventsAfter(db, filters, after, batchSize);
    for (const event of events) await writeLine(JSON.stringify(event));
    count += events.length;
    if (events.length < batchSize) return count;
    after = events.at(-1)!.id;
  }
}
