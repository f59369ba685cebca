import type { Kysely } from "kysely";
import type { AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import type { Database } from "~/db/schema";
import { listAdminWork, listAmendedByOthers, listConsentAttention, listConsentRefusals, listDueDeadlines, listMyDrafts, listMyOpenCases, recordWorkViewed } from "~/work/my-work.server";

/**
 * Every section of Il mio lavoro for one caller, with one `work.viewed`
 * audit event: case sections for those who read case data (drafts only
 * where they write), admin sections for admins.
 */
export async function loadMyWork(
  db: Kysely<Database>,
  caller: { userId: number; readScope: Scope; writeScope: Scope; isAdmin: boolean; audit: AuditContext }
) {
  const cases = caller.readScope.grants.length
    ? {
        drafts: await listMyDrafts(db, caller.writeScope, caller.userId),
        deadlines: await listDueDeadlines(db, caller.readScope),
        openCases: await listMyOpenCases(db, caller.readScope, caller.userId),
        consents: await listConsentAttention(db, caller.readScope),
        refusals: await listConsentRefusals(db, caller.readScope),
        amended: await listAmendedByOthers(db, caller.readScope, caller.userId),
      }
    : null;
  const admin = caller.isAdmin ? await listAdminWork(db) : null;
  await recordWorkViewed(db, caller.audit, {
    ...Object.fromEntries(Object.entries(cases ?? {}).map(([k, v]) => [k, v.length])),
    ...(admin ? { formDrafts: admin.formDrafts.length, usersWithoutMemberships: admin.usersWithoutMemberships.length } : {}),
  });
  return { cases, admin };
}
