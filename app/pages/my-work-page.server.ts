import type { Kysely } from "kysely";
import type { AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import type { Database } from "~/db/schema";
import { countDeletionsAwaiting, listCasesDue } from "~/cases/retention.server";
import { SECTION_LIMIT, listAdminWork, listAmendedByOthers, listConsentAttention, listConsentRefusals, listDueDeadlines, listMyDrafts, listMyOpenCases, recordWorkViewed } from "~/work/my-work.server";

/**
 * Every section of Il mio lavoro for one caller, with one `work.viewed`
 * audit event: case sections for those who read case data (drafts only
 * where they write), the cases due for a retention review for coordinators
 * (null for others), admin sections for admins (with the count of deletions
 * waiting for their decision when they confirm deletions, else null).
 */
export async function loadMyWork(
  db: Kysely<Database>,
  caller: { userId: number; readScope: Scope; writeScope: Scope; retentionScope: Scope; isAdmin: boolean; confirmsDeletions: boolean; audit: AuditContext }
) {
  const cases = caller.readScope.grants.length
    ? {
        drafts: await listMyDrafts(db, caller.writeScope, caller.userId),
        deadlines: await listDueDeadlines(db, caller.readScope),
        openCases: await listMyOpenCases(db, caller.readScope, caller.userId),
        consents: await listConsentAttention(db, caller.readScope),
        refusals: await listConsentRefusals(db, caller.readScope),
        amended: await listAmendedByOthers(db, caller.readScope, caller.userId),
        // Due, neither held nor already proposed: what a coordinator can act on.
        retentionDue: caller.retentionScope.grants.length
          ? (await listCasesDue(db, caller.retentionScope)).filter((c) => !c.hold && !c.proposal).slice(0, SECTION_LIMIT)
          : null,
      }
    : null;
  const admin = caller.isAdmin
    ? { ...(await listAdminWork(db)), deletionsAwaiting: caller.confirmsDeletions ? await countDeletionsAwaiting(db, caller.userId) : null }
    : null;
  await recordWorkViewed(db, caller.audit, {
    ...Object.fromEntries(Object.entries(cases ?? {}).flatMap(([k, v]) => (v ? [[k, v.length]] : []))),
    ...(admin
      ? { formDrafts: admin.formDrafts.length, usersWithoutMemberships: admin.usersWithoutMemberships.length, ...(admin.deletionsAwaiting === null ? {} : { deletionsAwaiting: admin.deletionsAwaiting }) }
      : {}),
  });
  return { cases, admin };
}
