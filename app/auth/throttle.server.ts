import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { clientNetworkKey } from "~/lib/client-network.server";

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

/** An attempt counted on one key: what a successful login gives back (refundLoginAttempt). */
export interface CountedAttempt extends ThrottleKey {
  windowStartedAt: Date;
}

/**
 * Counts one login attempt on each key **before** the password is checked,
 * atomically (one upsert per key: two app processes counting at once cannot
 * lose an attempt), and answers whether it may go on: it may when no key has
 * counted more than its limit. So however many attempts arrive at once, from
 * however many processes, at most `limit` of them get a verdict in a window:
 * the check and the count are one statement. A window older than
 * THROTTLE_WINDOW_MS starts over; reaching the limit locks the key (a lock is
 * never extended by the attempts it refuses). A successful login gives its
 * count back (refundLoginAttempt), so only failures and refusals remain.
 * Then forgets every counter whose window has passed and whose lock (if any)
 * has ended: such a row changes nothing (the next attempt would start over),
 * and its key holds an e-mail address or a client address — personal data,
 * kept no longer than the throttle needs it (GDPR art. 5(1)(e)). The table
 * stays as small as the failures of the last window.
 */
export async function countLoginAttempt(
  db: Kysely<Database>,
  keys: ThrottleKey[],
  now = new Date()
): Promise<{ allowed: boolean; counted: CountedAttempt[] }> {
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const lockedUntil = new Date(now.getTime() + THROTTLE_LOCKOUT_MS);
  const counted: CountedAttempt[] = [];
  let allowed = true;
  for (const key of keys) {
    // Every SET expression reads the old row, so "locked", "stale" and "failures" mean the same thing in each.
    // A locked key counts above its limit whatever its window: a lock may outlive the window that set it.
    const locked = sql`coalesce(login_throttles.locked_until > ${now}, false)`;
    const stale = sql`login_throttles.window_started_at <= ${windowStart}`;
    const failures = sql`case when ${locked} then greatest(login_throttles.failures, ${key.limit}) + 1 when ${stale} then 1 else login_throttles.failures + 1 end`;
    const { rows } = await sql<{ failures: number; window_started_at: Date }>`
      insert into login_throttles (key, failures, window_started_at, locked_until)
      values (${key.key}, 1, ${now}, ${key.limit <= 1 ? lockedUntil : null})
      on conflict (key) do update set
        failures = ${failures},
        window_started_at = case when ${stale} and not ${locked} then ${now} else login_throttles.window_started_at end,
        locked_until = case when ${failures} >= ${key.limit} and not ${locked} then ${lockedUntil} else login_throttles.locked_until end
      returning failures, window_started_at
    `.execute(db);
    const row = rows[0]!;
    counted.push({ ...key, windowStartedAt: row.window_started_at });
    if (row.failures > key.limit) allowed = false;
  }
  await db
    .deleteFrom("login_throttles")
    .where("window_started_at", "<=", windowStart)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .execute();
  return { allowed, counted };
}

/**
 * Gives back an attempt that turned out to be a successful login, on a key
 * whose counter keeps running (the client address): in the same window only,
 * and lifting the lock this attempt may have set by reaching the limit.
 */
export async function refundLoginAttempt(db: Kysely<Database>, attempt: CountedAttempt): Promise<void> {
  await db
    .updateTable("login_throttles")
    .set({
      failures: sql`greatest(failures - 1, 0)`,
      locked_until: sql`case when failures - 1 < ${attempt.limit} then null else locked_until end`,
    })
    .where("key", "=", attempt.key)
    .where("window_started_at", "=", attempt.windowStartedAt)
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
