import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { clientNetworkKey } from "~/lib/client-network.server";

/**
 * Requests to the family pages (/c/*) per client address: at most
 * FAMILY_REQUEST_LIMIT in FAMILY_WINDOW_MS. A family needs a handful (read,
 * answer, receipt, PDF); the limit is there against anyone trying links in
 * bulk. Counted in the database, so every app process shares the count.
 */
export const FAMILY_REQUEST_LIMIT = 120;
export const FAMILY_WINDOW_MS = 15 * 60 * 1000;

/**
 * How long a counter may outlive its window. Keys hold client addresses
 * (personal data): a counter whose window has passed changes nothing, so each
 * new window deletes the counters that started longer ago than this — every
 * window must therefore be at most this long.
 */
export const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Counts one request on a key in a fixed window (one atomic upsert: two
 * processes counting together cannot lose one). Returns the seconds to wait
 * when the limit is passed, undefined while within it. A request that opens
 * a new window also deletes the counters older than RATE_LIMIT_RETENTION_MS.
 */
export async function consumeRateLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date()
): Promise<number | undefined> {
  if (windowMs > RATE_LIMIT_RETENTION_MS) throw new Error(`rate-limit window longer than ${RATE_LIMIT_RETENTION_MS} ms`);
  const windowStart = new Date(now.getTime() - windowMs);
  const stale = sql`request_rate_limits.window_started_at <= ${windowStart}`;
  const { rows } = await sql<{ count: number; window_started_at: Date }>`
    insert into request_rate_limits (key, count, window_started_at)
    values (${key}, 1, ${now})
    on conflict (key) do update set
      count = case when ${stale} then 1 else request_rate_limits.count + 1 end,
      window_started_at = case when ${stale} then ${now} else request_rate_limits.window_started_at end
    returning count, window_started_at
  `.execute(db);
  const row = rows[0]!;
  if (row.count === 1) {
    await db.deleteFrom("request_rate_limits").where("window_started_at", "<=", new Date(now.getTime() - RATE_LIMIT_RETENTION_MS)).execute();
  }
  if (row.count <= limit) return undefined;
  const endsAt = new Date(row.window_started_at).getTime() + windowMs;
  return Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
}

/** The key of a client address on the family pages (an IPv6 address by its /64 network). */
export function familyRateLimitKey(clientAddress: string | undefined): string {
  return `family:${clientNetworkKey(clientAddress)}`;
}
