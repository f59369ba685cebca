import type { Kysely } from "kysely";
import type { MembershipInput } from "../../app/auth/memberships.server";
import { createSession } from "../../app/auth/session.server";
import { createUser } from "../../app/auth/users.server";
import type { Database } from "../../app/db/schema";

export const TEST_PASSWORD = "una-password-di-prova";

let counter = 0;

/** A user with one membership and TEST_PASSWORD; a unique e-mail unless one is given. */
export async function createTestUser(
  db: Kysely<Database>,
  membership: MembershipInput,
  options: { email?: string; password?: string } = {}
): Promise<{ id: number; email: string }> {
  const email = options.email ?? `utente${++counter}-${Date.now()}@prova.it`;
  const id = await db
    .transaction()
    .execute((trx) =>
      createUser(trx, { email, password: options.password ?? TEST_PASSWORD, membership }, { actor: { kind: "system" } })
    );
  return { id, email };
}

/** A user plus a session cookie header for them. */
export async function createSignedInUser(db: Kysely<Database>, membership: MembershipInput) {
  const user = await createTestUser(db, membership);
  const { token } = await createSession(db, user.id);
  return { ...user, token, cookie: `schedario_session=${token}` };
}

/** One signed-in user per named membership (`{ seregno: {role, service, comune}, … }`), each with its id and cookie header. */
export async function createSignedInUsers<K extends string>(db: Kysely<Database>, memberships: Record<K, MembershipInput>) {
  const users = {} as Record<K, { id: number; cookie: string }>;
  for (const [name, membership] of Object.entries(memberships) as [K, MembershipInput][]) {
    const { id, cookie } = await createSignedInUser(db, membership);
    users[name] = { id, cookie };
  }
  return users;
}
