import type { Kysely } from "kysely";
import type { Database } from "../../app/db/schema";

/** Where test requests claim to come from; matches APP_ORIGIN below. */
export const TEST_ORIGIN = "http://localhost:3000";

/** Points the app's process-wide database handle (getDb) at a test database. */
export function useDatabaseForRoutes(db: Kysely<Database>): void {
  globalThis.__schedarioDb = db;
  process.env.APP_ORIGIN = TEST_ORIGIN;
}

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: { clientAddress?: string };
}) => unknown;

export interface RouteResult {
  status: number;
  headers: Headers;
  /** The JSON body, or the data of a `data()` / plain return. */
  body: unknown;
}

/**
 * Calls a loader or action the way Remix does, and reports the HTTP status
 * it would answer with: a returned or thrown Response, a `data(…, {status})`,
 * or 200 for plain data.
 */
export async function callRoute(
  handler: Handler,
  request: Request,
  options: { params?: Record<string, string>; clientAddress?: string } = {}
): Promise<RouteResult> {
  let outcome: unknown;
  try {
    outcome = await handler({
      request,
      params: options.params ?? {},
      context: { clientAddress: options.clientAddress ?? "192.0.2.1" },
    });
  } catch (thrown) {
    if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown;
    outcome = thrown;
  }
  if (outcome instanceof Response) {
    const text = await outcome.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: outcome.status, headers: outcome.headers, body };
  }
  if (isDataWithInit(outcome)) {
    return { status: outcome.init?.status ?? 200, headers: new Headers(outcome.init?.headers), body: outcome.data };
  }
  return { status: 200, headers: new Headers(), body: outcome };
}

function isDataWithInit(value: unknown): value is { data: unknown; init?: { status?: number; headers?: HeadersInit } } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}

/** A form POST from our own origin, as a browser sends it. */
export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    headers: { Origin: TEST_ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
}
