import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { comuneExists } from "~/organisation/organisation.server";
import type { Database } from "~/db/schema";
import { ROLES, type Membership, type Role } from "./policy";
import { InvalidInputError, fieldErrors, throwIfAny, type FieldMessages } from "~/lib/errors";

export type { Membership };

export interface MembershipInput {
  role: string;
  service?: string | null;
  comune?: string | null;
}

/**
 * The memberships of the outer query's `users` row as one JSON column, in the
 * shape the policy reads: the session and API-token checks read the user and
 * their memberships in one round trip on every request.
 */
export function membershipsOfUser(eb: ExpressionBuilder<Database, "users">) {
  return eb
    .selectFrom("memberships as m")
    .select(
      sql<Membership[]>`coalesce(json_agg(json_build_object('id', m.id, 'role', m.role, 'service', m.service_code, 'comune', m.comune_code) order by m.id), '[]')`.as(
        "list"
      )
    )
    .whereRef("m.user_id", "=", "users.id");
}

/** The memberships of a user, in the shape the policy reads. */
export async function loadMemberships(db: Kysely<Database>, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom("memberships")
    .select(["id", "role", "service_code", "comune_code"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, service: r.service_code, comune: r.comune_code }));
}

/**
 * Checks a membership and returns it normalised. Admin is Ambito-wide (no
 * service, no comune); every other role needs a service, and may be limited
 * to one comune. Unknown codes are reported by field, not as a database error.
 */
export async function validateMembership(
  db: Kysely<Database>,
  input: MembershipInput
): Promise<Omit<Membership, "id">> {
  const errors: FieldMessages = {};
  const service = input.service?.trim() || null;
  const comune = input.comune?.trim() || null;
  if (!ROLES.includes(input.role as Role)) errors.role = `Ruolo sconosciuto: scegli tra ${ROLES.join(", ")}.`;
  const role = input.role as Role;
  if (role === "admin" && (service || comune)) {
    errors.service = "L'amministratore opera su tutto l'Ambito: non indicare servizio né comune.";
  }
  if (role !== "admin" && !service) errors.service = "Indica il servizio.";
  if (service && !(await db.selectFrom("services").select("code").where("code", "=", service).executeTakeFirst())) {
    errors.service = `Servizio sconosciuto: «${service}».`;
  }
  if (comune && !(await comuneExists(db, comune))) {
    errors.comune = `Comune sconosciuto: «${comune}».`;
  }
  throwIfAny(errors);
  return { role, service, comune };
}

/** Adds a membership to a user (audited). Run it in the caller's transaction. */
export async function addMembership(
  trx: Kysely<Database>,
  userId: number,
  input: MembershipInput,
  audit: AuditContext
): Promise<void> {
  const m = await validateMembership(trx, input);
  const existing = await trx
    .selectFrom("memberships")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "=", m.role)
    .where((eb) => (m.service === null ? eb("service_code", "is", null) : eb("service_code", "=", m.service)))
    .where((eb) => (m.comune === null ? eb("comune_code", "is", null) : eb("comune_code", "=", m.comune)))
    .executeTakeFirst();
  if (existing) throw new InvalidInputError(fieldErrors({ role: "L'utente ha già questa abilitazione." }));
  const { id } = await trx
    .insertInto("memberships")
    .values({ user_id: userId, role: m.role, service_code: m.service, comune_code: m.comune })
    .returning("id")
    .executeTakeFirstOrThrow();
  await auditMembership(trx, audit, "membership.added", userId, { id, ...m });
}

/** Removes one membership of a user (audited); false when there was none with that id. */
export async function removeMembership(
  trx: Kysely<Database>,
  userId: number,
  membershipId: number,
  audit: AuditContext
): Promise<boolean> {
  const removed = await trx
    .deleteFrom("memberships")
    .where("id", "=", membershipId)
    .where("user_id", "=", userId)
    .returning(["role", "service_code", "comune_code"])
    .executeTakeFirst();
  if (!removed) return false;
  await auditMembership(trx, audit, "membership.removed", userId, {
    id: membershipId,
    role: removed.role,
    service: removed.service_code,
    comune: removed.comune_code,
  });
  return true;
}

function auditMembership(
  trx: Kysely<Database>,
  audit: AuditContext,
  action: "membership.added" | "membership.removed", userId: number, m: Membership) {
  return recordAuditEvent(trx, {
    ...audit,
    action,
    target: { type: "user", id: userId },
    service: m.service,
    comune: m.comune,
    details: { membershipId: m.id, role: m.role },
  });
}
