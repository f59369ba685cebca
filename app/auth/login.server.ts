import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { THROTTLE_LOCKOUT_MS, clearLoginFailures, countLoginAttempt, lockedForSeconds, loginThrottleKeys, refundLoginAttempt } from "./throttle.server";
import { findUserForLogin } from "./users.server";

export type LoginResult =
  | { kind: "signed-in"; token: string; userId: number }
  | { kind: "invalid" }
  | { kind: "throttled"; retryAfterSeconds: number };

type Client = NonNullable<AuditEventInput["client"]>;

/**
 * Checks an e-mail and password and opens a session. Every way of failing —
 * unknown e-mail, no password set, disabled user, wrong password — gives the
 * same "invalid" after the same argon2 work, so neither the answer nor its
 * timing tells whether an account exists. Every attempt counts towards the
 * throttles before any hashing (a success gives its count back), so a locked
 * account or address is refused at once, and parallel attempts cannot slip
 * past the limit between a check and a count.
 */
export async function attemptLogin(
  db: Kysely<Database>,
  credentials: { email: string; password: string },
  client: Client
): Promise<LoginResult> {
  const email = credentials.email.trim().toLowerCase();
  const keys = loginThrottleKeys(email, client.ip ?? undefined);
  // Counted before the password is checked: the count is the check (see countLoginAttempt).
  const attempt = await countLoginAttempt(db, [keys.account, keys.address]);
  if (!attempt.allowed) {
    const retryAfterSeconds = (await lockedForSeconds(db, [keys.account, keys.address])) ?? THROTTLE_LOCKOUT_MS / 1000;
    await recordAuditEvent(db, {
      actor: { kind: "anonymous" },
      action: "auth.login.throttled",
      client,
      details: { email },
    });
    return { kind: "throttled", retryAfterSeconds };
  }

  const user = await findUserForLogin(db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), credentials.password);
  if (!user || !user.password_hash || user.disabled_at || !passwordOk) {
    const reason = !user
      ? "unknown-email"
      : user.disabled_at
      ? "disabled"
      : !user.password_hash
      ? "no-password"
      : "wrong-password";
    await recordAuditEvent(db, {
      actor: { kind: "anonymous" },
      action: "auth.login.failed",
      target: user ? { type: "user", id: user.id } : undefined,
      client,
      details: { email, reason },
    });
    return { kind: "invalid" };
  }

  await clearLoginFailures(db, keys.account);
  await refundLoginAttempt(db, attempt.counted[1]!);
  const { token } = await createSession(db, user.id);
  await recordAuditEvent(db, { actor: { kind: "user", userId: user.id }, action: "auth.login.succeeded", client });
  return { kind: "signed-in", token, userId: user.id };
}
