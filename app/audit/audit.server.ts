import { sql, type Kysely } from "kysely";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";

/** Who did something: a signed-in user, or a party without an account. */
export type AuditActor =
  | { kind: "user"; userId: number }
  | { kind: "family" | "cli" | "system" | "anonymous" };

/** One entry of the audit trail. `action` is a dotted verb such as "auth.login.succeeded". */
export interface AuditEventInput {
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string | number };
  service?: string | null;
  comune?: string | null;
  /** Client address and user agent, when the event comes from an HTTP request. */
  client?: { ip?: string | null; userAgent?: string | null };
  details?: Record<string, unknown>;
}

/**
 * Appends one event to the audit trail. Pass the transaction that makes the
 * change, so the change and its record commit (or roll back) together.
 */
export async function recordAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
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
    })
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
  if (filters.from) query = query.where("e.occurred_at", ">=", filters.from);
  if (filters.to) query = query.where("e.occurred_at", "<", filters.to);
  return query;
}

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
    const rows = await selectAuditEvents(db, filters).where("e.id", ">", after).orderBy("e.id").limit(batchSize).execute();
    for (const row of rows) await writeLine(JSON.stringify(toAuditRecord(row)));
    count += rows.length;
    if (rows.length < batchSize) return count;
    after = rows.at(-1)!.id;
  }
}
