import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { clientNetworkKey } from "~/http/client-network.server";

/**
 * Failed-login limits (ADR 0004). Per account, so nobody can guess one
 * person's password from many addresses; per client address (an IPv6 one
 * by its /64 network, clientNetworkKey), so nobody can try one password
 * against many accounts. Offices share a NAT address, so
 * that limit is higher. Counts live in the database: every app process
 * shares them.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_LOCKOUT_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 20;

export interface ThrottleKey {
  key: string;
  limit: number;
}

/** The two counters a login attempt touches. The e-mail is lower-cased, known or not (no enumeration). */
export function loginThrottleKeys(
  email: string,
  clientAddress: string | undefined
): { account: ThrottleKey; address: ThrottleKey } {
  return {
    account: { key: `account:${email.trim().toLowerCase()}`, limit: ACCOUNT_FAILURE_LIMIT },
    address: { key: `address:${clientNetworkKey(clientAddress)}`, limit: ADDRESS_FAILURE_LIMIT },
  };
}

/** Seconds until the first of these keys unlocks, or undefined when none is locked. */
export async function lockedForSeconds(
  db: Kysely<Database>,
  keys: ThrottleKey[],
  now = new Date()
): Promise<number | undefined> {
  const rows = await db
    .selectFrom("login_throttles")
    .select("locked_until")
    .where(
      "key",
      "in",
      keys.map((k) => k.key)
    )
    .where("locked_until", ">", now)
    .execute();
  const until = Math.max(0, ...rows.map((r) => r.locked_until!.getTime()));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : undefined;
}

/**
 * Counts one failure on each key, atomically (one upsert per key, so two app
 * processes counting at once cannot lose a failure). A window older than
 * THROTTLE_WINDOW_MS starts over; reaching the limit locks the key.
 * Then forgets every counter whose window has passed and whose lock (if any)
 * has ended: such a row changes nothing (the next failure would start over),
 * and its key holds an e-mail address or a client address — personal data,
 * kept no longer than the throttle needs it (GDPR art. 5(1)(e)). The table
 * stays as small as the failures of the last window.
 */
export async function recordLoginFailure(db: Kysely<Database>, keys: ThrottleKey[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const lockedUntil = new Date(now.getTime() + THROTTLE_LOCKOUT_MS);
  for (const { key, limit } of keys) {
    // Every SET expression reads the old row, so "stale" and "failures" mean the same thing in each.
    const stale = sql`login_throttles.window_started_at <= ${windowStart}`;
    const failures = sql`case when ${stale} then 1 else login_throttles.failures + 1 end`;
    await sql`
      insert into login_throttles (key, failures, window_started_at, locked_until)
      values (${key}, 1, ${now}, ${limit <= 1 ? lockedUntil : null})
      on conflict (key) do update set
        failures = ${failures},
        window_started_at = case when ${stale} then ${now} else login_throttles.window_started_at end,
        locked_until = case when ${failures} >= ${limit} then ${lockedUntil} else login_throttles.locked_until end
    `.execute(db);
  }
  await db
    .deleteFrom("login_throttles")
    .where("window_started_at", "<=", windowStart)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .execute();
}

/** Forgets an account's failures after a successful login (the address counter keeps running). */
export async function clearLoginFailures(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
  await db.deleteFrom("login_throttles").where("key", "=", key.key).execute();
}

/** The Italian sentence for a 429: how long to wait, in minutes. */
export function throttledMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Troppi tentativi di accesso non riusciti. Per sicurezza l'accesso è sospeso: riprova tra ${minutes} ${
    minutes === 1 ? "minuto" : "minuti"
  }.`;
}
