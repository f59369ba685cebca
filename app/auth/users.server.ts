import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import { InvalidInputError, fieldErrors, throwIfAny, type FieldError, type FieldMessages } from "~/lib/errors";
import { addMembership, loadMemberships, validateMembership, type MembershipInput } from "./memberships.server";
import { passwordProblem } from "./credential-rules";
import { hashPassword, verifyPassword } from "./password.server";
import type { Membership } from "./policy";
import { invalidateUserSessions } from "./session.server";
import { revokeAllApiTokens } from "./tokens.server";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface UserSummary {
  id: number;
  email: string;
  displayName: string;
  disabledAt: Date | null;
  passwordChangedAt: Date | null;
  createdAt: Date;
  memberships: Membership[];
}

export interface NewUserInput {
  email: string;
  displayName?: string;
  password: string;
  membership: MembershipInput;
}

/** The row login needs, looked up case-insensitively (the unique index is on lower(email)). */
export async function findUserForLogin(db: Kysely<Database>, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "password_hash", "disabled_at"])
    .where(sql`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

/** Creates a user with a password and a first membership (audited). Run it in the caller's transaction. */
export async function createUser(trx: Kysely<Database>, input: NewUserInput, audit: AuditContext): Promise<number> {
  const email = input.email.trim();
  const displayName = input.displayName?.trim() || email.split("@")[0] || email;
  const errors: FieldMessages = {};
  if (!EMAIL.test(email)) errors.email = "Indica un indirizzo e-mail valido, ad esempio nome.cognome@comune.it.";
  else if (await findUserForLogin(trx, email)) errors.email = "Esiste già un utente con questo indirizzo e-mail.";
  if (displayName.length > 200) errors.displayName = "Il nome può avere al massimo 200 caratteri.";
  const problem = passwordProblem(input.password);
  if (problem) errors.password = problem;
  // All field errors at once are friendlier than one at a time; addMembership validates again below.
  let membershipErrors: readonly FieldError[] = [];
  try {
    await validateMembership(trx, input.membership);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    membershipErrors = error.errors;
  }
  const problems = [...fieldErrors(errors), ...membershipErrors];
  if (problems.length) throw new InvalidInputError(problems);

  const now = new Date();
  const { id } = await trx
    .insertInto("users")
    .values({
      email,
      display_name: displayName,
      password_hash: await hashPassword(input.password),
      password_changed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, { ...audit, action: "user.created", target: { type: "user", id }, details: { email } });
  await addMembership(trx, id, input.membership, audit);
  return id;
}

/** Every user with their memberships, by name. */
export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const users = await db
    .selectFrom("users")
    .select(["id", "email", "display_name", "disabled_at", "password_changed_at", "created_at"])
    .orderBy("display_name")
    .execute();
  const memberships = await db
    .selectFrom("memberships")
    .select(["id", "user_id", "role", "service_code", "comune_code"])
    .orderBy("id")
    .execute();
  return users.map((u) => ({
    ...toUserSummary(u),
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map((m) => ({ id: m.id, role: m.role, service: m.service_code, comune: m.comune_code })),
  }));
}

/** One user with memberships, or undefined. */
export async function findUser(db: Kysely<Database>, userId: number): Promise<UserSummary | undefined> {
  const u = await db
    .selectFrom("users")
    .select(["id", "email", "display_name", "disabled_at", "password_changed_at", "created_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  return u && { ...toUserSummary(u), memberships: await loadMemberships(db, u.id) };
}

/** Disables or re-enables a user (audited); disabling ends every session at once. */
export async function setUserDisabled(
  trx: Kysely<Database>,
  userId: number,
  disabled: boolean,
  audit: AuditContext
): Promise<void> {
  await trx
    .updateTable("users")
    .set({ disabled_at: disabled ? new Date() : null, updated_at: new Date() })
    .where("id", "=", userId)
    .execute();
  if (disabled) await invalidateUserSessions(trx, userId);
  await recordAuditEvent(trx, {
    ...audit,
    action: disabled ? "user.disabled" : "user.enabled",
    target: { type: "user", id: userId },
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

/**
 * Changes a user's own password after checking the current one, then ends
 * every session of the user: a thief's session dies with the old password.
 * The caller creates a fresh session for the browser that made the change.
 */
export async function changePassword(
  trx: Kysely<Database>,
  userId: number,
  change: PasswordChange,
  audit: AuditContext
): Promise<void> {
  const row = await trx.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  const errors: FieldMessages = {};
  if (!row.password_hash || !(await verifyPassword(row.password_hash, change.currentPassword))) {
    errors.currentPassword = "La password attuale non è corretta.";
  }
  const problem = passwordProblem(change.newPassword);
  if (problem) errors.newPassword = problem;
  else if (change.newPassword === change.currentPassword)
    errors.newPassword = "La nuova password deve essere diversa da quella attuale.";
  if (change.confirmation !== change.newPassword)
    errors.confirmation = "La conferma non coincide con la nuova password.";
  throwIfAny(errors);

  const now = new Date();
  await trx
    .updateTable("users")
    .set({ password_hash: await hashPassword(change.newPassword), password_changed_at: now, updated_at: now })
    .where("id", "=", userId)
    .execute();
  // Whoever knew the old password may have opened a session or created an API token with it: both end.
  await invalidateUserSessions(trx, userId);
  const revokedTokens = await revokeAllApiTokens(trx, userId, now);
  await recordAuditEvent(trx, { ...audit, action: "auth.password.changed", target: { type: "user", id: userId }, details: { revokedTokens } });
}

function toUserSummary(u: {
  id: number;
  email: string;
  display_name: string;
  disabled_at: Date | null;
  password_changed_at: Date | null;
  created_at: Date;
}): Omit<UserSummary, "memberships"> {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    disabledAt: u.disabled_at,
    passwordChangedAt: u.password_changed_at,
    createdAt: u.created_at,
  };
}
