import type { AppLoadContext } from "@remix-run/node";
import { getDb } from "~/db/instance.server";
import { FAMILY_REQUEST_LIMIT, FAMILY_WINDOW_MS, consumeRateLimit, familyRateLimitKey } from "./rate-limit.server";

/**
 * The first call of every family route (/c/*): counts the request against the
 * client address and throws a 429 (with Retry-After, and the seconds in the
 * body for the page) past the limit.
 */
export async function limitFamilyRequests(_request: Request, context: AppLoadContext): Promise<void> {
  const wait = await consumeRateLimit(getDb(), familyRateLimitKey(context.clientAddress), FAMILY_REQUEST_LIMIT, FAMILY_WINDOW_MS);
  if (wait === undefined) return;
  throw new Response(JSON.stringify({ retryAfter: wait }), {
    status: 429,
    headers: { "Content-Type": "application/json", "Retry-After": String(wait) },
  });
}
