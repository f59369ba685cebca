import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "~/db/schema";
import { recordAuditEvent, type AuditContext } from "./audit.server";

/**
 * The audit trail's own retention rule (ADR 0024): events are kept at least
 * AUDIT_MIN_RETENTION_MONTHS (the Garante's rules for health records ask for
 * 24 months of access logs), then pruned with the cases they list
 * (audit_event_cases). The database refuses to delete a younger event even
 * when asked (the trigger of migration 0014_a), whatever the caller passes.
 */
export const AUDIT_MIN_RETENTION_MONTHS = 24;

/** The first instant that is kept when pruning with a retention of `months` at `now`. */
export function auditPruneCutoff(months: number, now = new Date()): Date {
  if (!Number.isInteger(months) || months < AUDIT_MIN_RETENTION_MONTHS) {
    throw new RangeError(`audit events are kept at least ${AUDIT_MIN_RETENTION_MONTHS} months, not ${months}`);
  }
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** How many events (and case rows) a prune at this cutoff would remove: the dry run. */
export async function countPrunableAuditEvents(db: Kysely<Database>, cutoff: Date): Promise<{ events: number; eventCases: number }> {
  const old = db.selectFrom("audit_events").select("id").where("occurred_at", "<", cutoff);
  const [events, eventCases] = await Promise.all([
    db.selectFrom("audit_events").select(sql<number>`count(*)::int`.as("n")).where("occurred_at", "<", cutoff).executeTakeFirstOrThrow(),
    db.selectFrom("audit_event_cases").select(sql<number>`count(*)::int`.as("n")).where("event_id", "in", old).executeTakeFirstOrThrow(),
  ]);
  return { events: events.n, eventCases: eventCases.n };
}

/**
 * Deletes the audit events older than `months` (never fewer than 24) and
 * their audit_event_cases rows, through the one exception to the append-only
 * triggers (a transaction-local cutoff), and records `audit.pruned` with the
 * counts — that event is itself kept for the next 24 months. Pass a transaction.
 */
export async function pruneAuditEvents(
  trx: Transaction<Database>,
  audit: AuditContext,
  months: number,
  now = new Date()
): Promise<{ cutoff: Date; events: number; eventCases: number }> {
  const cutoff = auditPruneCutoff(months, now);
  await sql`select set_config('schedario.pruning_audit_before', ${cutoff.toISOString()}, true)`.execute(trx);
  const old = trx.selectFrom("audit_events").select("id").where("occurred_at", "<", cutoff);
  // The case rows first: the trigger checks that their event is one being pruned.
  const eventCases = await trx.deleteFrom("audit_event_cases").where("event_id", "in", old).executeTakeFirst();
  const events = await trx.deleteFrom("audit_events").where("occurred_at", "<", cutoff).executeTakeFirst();
  const result = { cutoff, events: Number(events.numDeletedRows), eventCases: Number(eventCases.numDeletedRows) };
  await recordAuditEvent(trx, {
    ...audit,
    action: "audit.pruned",
    details: { months, cutoff: cutoff.toISOString(), events: result.events, eventCases: result.eventCases },
  });
  return result;
}
