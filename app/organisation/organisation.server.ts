/**
 * The organisation of the Ambito: its services and comuni (reference data,
 * created by the migrations) and who works in each service.
 */
import type { Kysely } from "kysely";
import { scopeCovers, type Role, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database } from "~/db/schema";

export interface ReferenceItem {
  code: string;
  name: string;
}

/** Services and comuni, for the membership pickers. */
export async function listReferenceData(
  db: Kysely<Database>
): Promise<{ services: ReferenceItem[]; comuni: ReferenceItem[] }> {
  const [services, comuni] = await Promise.all([
    db.selectFrom("services").select(["code", "name"]).orderBy("name").execute(),
    db.selectFrom("comuni").select(["code", "name"]).orderBy("name").execute(),
  ]);
  return { services, comuni };
}

/** Whether a comune with this code exists (reference data, migration 0001): check before a foreign key refuses it. */
export async function comuneExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom("comuni").select("code").where("code", "=", code).executeTakeFirst()) !== undefined;
}

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

export interface TeamMember {
  displayName: string;
  email: string;
  role: Role;
  comune: string | null;
}

/** The enabled members of a service that the scope covers (a "team.read" scope). */
export async function listServiceTeam(db: Kysely<Database>, scope: Scope, service: string): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.display_name", "u.email", "m.role", "m.comune_code"])
    .where("m.service_code", "=", service)
    .where("u.disabled_at", "is", null)
    .where((eb) => inScope(eb, scope, { service: "m.service_code", comune: "m.comune_code" }))
    .orderBy("m.comune_code")
    .orderBy("u.display_name")
    .execute();
  return rows.map((r) => ({ displayName: r.display_name, email: r.email, role: r.role, comune: r.comune_code }));
}

/** A service's name, or undefined when the code is unknown. */
export async function findService(db: Kysely<Database>, code: string): Promise<ReferenceItem | undefined> {
  return db.selectFrom("services").select(["code", "name"]).where("code", "=", code).executeTakeFirst();
}
