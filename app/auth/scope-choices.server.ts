import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { listReferenceData, type ReferenceItem } from "./memberships.server";
import { scopeCovers, type Scope } from "./policy";

/** The services and comuni a scope reaches, for the filter and choice lists of pages. */
export async function listScopeChoices(
  db: Kysely<Database>,
  scope: Scope
): Promise<{ services: ReferenceItem[]; comuni: ReferenceItem[] }> {
  const { services, comuni } = await listReferenceData(db);
  return {
    services: services.filter((s) => scopeCovers(scope, { service: s.code })),
    comuni: comuni.filter((c) => scope.grants.some((g) => g.comune === null || g.comune === c.code)),
  };
}
