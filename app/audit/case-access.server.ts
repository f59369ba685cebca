import type { Kysely } from "kysely";
import type { AuditContext } from "~/audit/audit.server";
import { listAuditEvents, recordAuditEvent } from "~/audit/audit.server";
import { ROLE_LABELS, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database } from "~/db/schema";
import type { AuditAction } from "./audit-labels";
import { describeAuditEvents, type ReadableAuditEvent, type ShownCasesAs } from "./audit-view.server";

/** How many events one page of the report shows (newest first). */
export const CASE_ACCESS_PAGE_SIZE = 200;

/** The case a report is about, as the report names it. */
export interface ReportCase {
  id: number;
  code: string;
  /** The service's name. */
  service: string;
  /** The comune's name, or null for an Ambito-wide service. */
  comune: string | null;
  serviceCode: string;
  comuneCode: string | null;
}

/** One event of the report, with the role its author holds in the case's service. */
export type CaseAccessEvent = ReadableAuditEvent & { role: string | null; /** The kind of event as recorded ("case.read"), for the subject-access bundle. */ action: string };

export interface CaseAccessReport {
  case: ReportCase;
  /** Every event that touched the case, newest first, each with the role its author holds in the case's service. */
  events: CaseAccessEvent[];
  nextBefore: number | undefined;
}

/**
 * The case when the scope (report.read: coordinators of its service and
 * comune) covers it; undefined otherwise, unknown and out of scope alike.
 * Not audited: each caller records what it does with the case.
 */
export async function findReportCase(db: Kysely<Database>, scope: Scope, caseId: number): Promise<ReportCase | undefined> {
  const found = await db
    .selectFrom("cases as c")
    .innerJoin("services as s", "s.code", "c.service_code")
    .leftJoin("comuni as m", "m.code", "c.comune_code")
    .select(["c.id", "c.code", "c.service_code", "c.comune_code", "s.name as service_name", "m.name as comune_name"])
    .where("c.id", "=", caseId)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .executeTakeFirst();
  return (
    found && {
      id: found.id,
      code: found.code,
      service: found.service_name,
      comune: found.comune_name,
      serviceCode: found.service_code,
      comuneCode: found.comune_code,
    }
  );
}

/** One audit event about a case, filed under its service and comune. */
export function recordReportEvent(
  db: Kysely<Database>,
  audit: AuditContext,
  action: AuditAction,
  found: ReportCase,
  details: Record<string, unknown> = {},
): Promise<void> {
  return recordAuditEvent(db, {
    ...audit,
    action,
    target: { type: "case", id: found.id },
    service: found.serviceCode,
    comune: found.comuneCode,
    details,
  });
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
  const found = await findReportCase(db, caller.scope, caseId);
  if (!found) return undefined;
  // The report's own reading is recorded first, so it appears in the report too.
  await recordReportEvent(db, caller.audit, "case.accesses.read", found);
  const { events, nextBefore } = await listCaseAccesses(db, found, { before: page.before, limit: CASE_ACCESS_PAGE_SIZE }, "codes");
  return { case: found, events, nextBefore };
}

/**
 * The whole report of a case its caller has found with findReportCase, newest
 * first, read page by page; other cases a list showed are only counted (it is
 * handed to the family). Not audited: the caller records why it reads it.
 */
export async function listAllCaseAccesses(db: Kysely<Database>, found: ReportCase): Promise<CaseAccessEvent[]> {
  const all: CaseAccessEvent[] = [];
  let before: number | undefined;
  do {
    const page = await listCaseAccesses(db, found, { before, limit: CASE_ACCESS_PAGE_SIZE }, "count");
    all.push(...page.events);
    before = page.nextBefore;
  } while (before !== undefined);
  return all;
}

/**
 * The access report as a download, for the coordinator to hand over: the
 * whole report (newest first), recorded as `case.accesses.downloaded` before
 * it is read, so the download is in it.
 */
export async function readCaseAccessReportForDownload(
  db: Kysely<Database>,
  caller: { scope: Scope; audit: AuditContext },
  caseId: number,
): Promise<{ case: ReportCase; events: CaseAccessEvent[] } | undefined> {
  const found = await findReportCase(db, caller.scope, caseId);
  if (!found) return undefined;
  await recordReportEvent(db, caller.audit, "case.accesses.downloaded", found, { format: "pdf" });
  return { case: found, events: await listAllCaseAccesses(db, found) };
}

async function listCaseAccesses(
  db: Kysely<Database>,
  found: ReportCase,
  page: { before?: number; limit: number },
  shownCases: ShownCasesAs,
): Promise<{ events: CaseAccessEvent[]; nextBefore: number | undefined }> {
  const { events, nextBefore } = await listAuditEvents(db, { caseIds: [found.id] }, page);
  const actorIds = [...new Set(events.map((e) => e.actor.userId).filter((id): id is number => id !== null))];
  const memberships = actorIds.length
    ? await db
        .selectFrom("memberships")
        .select(["user_id", "role"])
        .where("user_id", "in", actorIds)
        .where("service_code", "=", found.serviceCode)
        .execute()
    : [];
  const readable = await describeAuditEvents(db, events, { shownCases });
  return {
    events: readable.map((e, i) => {
      const roles = memberships.filter((m) => m.user_id === events[i]!.actor.userId).map((m) => ROLE_LABELS[m.role]);
      return { ...e, action: events[i]!.action, role: roles.length ? [...new Set(roles)].join(", ") : null };
    }),
    nextBefore,
  };
}
