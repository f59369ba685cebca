import type { Kysely } from "kysely";
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
