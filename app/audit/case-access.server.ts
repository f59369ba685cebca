import type { Kysely } from "kysely";
import type { AuditContext } from "~/audit/audit.server";
import { listAuditEvents, recordAuditEvent } from "~/audit/audit.server";
import { ROLE_LABELS, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database } from "~/db/schema";
import { describeAuditEvents, type ReadableAuditEvent } from "./audit-view.server";

/** How many events one page of the report shows (newest first). */
export const CASE_ACCESS_PAGE_SIZE = 200;

export interface CaseAccessReport {
  case: { id: number; code: string; service: string };
  /** Every event that touched the case, newest first, each with the role its author holds in the case's service. */
  events: (ReadableAuditEvent & { role: string | null })[];
  nextBefore: number | undefined;
}

/**
 * "Chi ha consultato questa cartella": every read, list view, export, PDF
 * and change that touched the case (audit-event targets and the cases that
 * lists and exports recorded), for a coordinator whose report scope covers
 * the case; undefined otherwise (404). Records `case.accesses.read`.
 */
export async function readCaseAccessReport(
  db: Kysely<Database>,
  caller: { scope: Scope; audit: AuditContext },
  caseId: number,
  page: { before?: number } = {},
): Promise<CaseAccessReport | undefined> {
  const found = await db
    .selectFrom("cases as c")
    .innerJoin("services as s", "s.code", "c.service_code")
    .select(["c.id", "c.code", "c.service_code", "c.comune_code", "s.name as service_name"])
    .where("c.id", "=", caseId)
    .where((eb) => inScope(eb, caller.scope, { service: "c.service_code", comune: "c.comune_code" }))
    .executeTakeFirst();
  if (!found) return undefined;
  // The report's own reading is recorded first, so it appears in the report too.
  await recordAuditEvent(db, {
    ...caller.audit,
    action: "case.accesses.read",
    target: { type: "case", id: found.id },
    service: found.service_code,
    comune: found.comune_code,
  });
  const { events, nextBefore } = await listAuditEvents(db, { caseIds: [found.id] }, { before: page.before, limit: CASE_ACCESS_PAGE_SIZE });
  const actorIds = [...new Set(events.map((e) => e.actor.userId).filter((id): id is number => id !== null))];
  const memberships = actorIds.length
    ? await db
        .selectFrom("memberships")
        .select(["user_id", "role"])
        .where("user_id", "in", actorIds)
        .where("service_code", "=", found.service_code)
        .execute()
    : [];
  const readable = await describeAuditEvents(db, events);
  return {
    case: { id: found.id, code: found.code, service: found.service_name },
    events: readable.map((e, i) => {
      const roles = memberships.filter((m) => m.user_id === events[i]!.actor.userId).map((m) => ROLE_LABELS[m.role]);
      return { ...e, role: roles.length ? [...new Set(roles)].join(", ") : null };
    }),
    nextBefore,
  };
}
