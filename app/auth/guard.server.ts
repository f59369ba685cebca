import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { AuditContext } from "~/audit/audit.server";
import { getDb } from "~/db/instance.server";
import { verifyRequestOrigin } from "./origin.server";
import type { FieldError } from "~/lib/errors";
import { decide, scopeFor, type Action, type Scope, type ScopeTarget } from "./policy";
import { readSessionToken, validateSessionToken, type AuthenticatedUser } from "./session.server";
import { validateApiToken } from "./tokens.server";

/**
 * Guards, called first by every loader, action and API handler (epic-stack
 * style). Pages answer like pages (redirect to /login, an error page for
 * 403/404); API handlers answer JSON (DESIGN §4).
 */

const FORBIDDEN_MESSAGE = "Il tuo ruolo non consente questa operazione.";
/** The API's answer for anything unknown or outside the caller's scope (the two are indistinguishable on purpose). */
export const NOT_FOUND_MESSAGE = "Risorsa non trovata.";

/** The signed-in user of a page request, with the session it came from. */
export interface CurrentUser extends AuthenticatedUser {
  sessionId: string;
}

/** The signed-in user when there is one; never redirects (for public pages and the layout). */
export async function findCurrentUser(request: Request): Promise<CurrentUser | undefined> {
  const token = readSessionToken(request);
  if (!token) return undefined;
  const result = await validateSessionToken(getDb(), token);
  return result && { ...result.user, sessionId: result.session.id };
}

/** The signed-in user of a page; otherwise a redirect to /login that comes back here. Refuses cross-site posts. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await findCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  if (!verifyRequestOrigin(request)) throw pageError(403);
  return user;
}

/** requireUser, then the policy: 403 when the role may never do this, 404 when the target is outside the scope. */
export async function requirePermission(request: Request, action: Action, target?: ScopeTarget): Promise<CurrentUser> {
  const user = await requireUser(request);
  const decision = decide(user.memberships, action, target);
  if (decision === "forbidden") throw pageError(403);
  if (decision === "not-found") throw pageError(404);
  return user;
}

/**
 * requireUser, then the role half of the policy for a page that lists or
 * reads scoped data: 403 when the role may do the action nowhere; the scope
 * returned goes into the query, so anything outside it reads as 404.
 */
export async function requirePageScope(request: Request, action: Action): Promise<{ user: CurrentUser; scope: Scope }> {
  const user = await requireUser(request);
  const scope = scopeFor(user.memberships, action);
  if (scope.grants.length === 0) throw pageError(403);
  return { user, scope };
}

/** Thrown responses that the root error boundary turns into Italian pages. */
export function pageError(status: 403 | 404): Response {
  return new Response(status === 403 ? "Forbidden" : "Not Found", { status });
}

/** A JSON error response in the API's shape: {"error": "...", "errors"?: [{path, message}]}. */
export function apiError(
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422,
  error: string,
  errors?: readonly FieldError[]
): Response {
  return Response.json(errors ? { error, errors } : { error }, { status });
}

/**
 * The caller of an API request: a bearer token when an Authorization header
 * is present (no Origin check: browsers never attach it on their own), else
 * the session cookie (with the Origin check for non-GET requests). 401 JSON otherwise.
 */
export async function requireApiUser(request: Request): Promise<AuthenticatedUser> {
  const authorization = request.headers.get("Authorization");
  if (authorization !== null) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    const user = match ? await validateApiToken(getDb(), match[1]!) : undefined;
    if (!user) throw apiError(401, "Token non valido, scaduto o revocato.");
    return user;
  }
  const user = await findCurrentUser(request);
  if (!user) throw apiError(401, "Autenticazione richiesta: usa un token (Authorization: Bearer) o accedi.");
  if (!verifyRequestOrigin(request)) throw apiError(403, "Richiesta rifiutata: origine non consentita.");
  return user;
}

/**
 * requireApiUser, then the role half of the policy (403 when the role may do
 * the action nowhere). The scope half is left to the query, which takes the
 * returned scope in its WHERE clause, so a target outside it reads as 404.
 */
export async function requireApiScope(request: Request, action: Action): Promise<{ user: AuthenticatedUser; scope: Scope }> {
  const user = await requireApiUser(request);
  const scope = scopeFor(user.memberships, action);
  if (scope.grants.length === 0) throw apiError(403, FORBIDDEN_MESSAGE);
  return { user, scope };
}

/** requireApiUser, then the policy, answering 403/404 as JSON. */
export async function requireApiPermission(
  request: Request,
  action: Action,
  target?: ScopeTarget
): Promise<AuthenticatedUser> {
  const user = await requireApiUser(request);
  const decision = decide(user.memberships, action, target);
  if (decision === "forbidden") throw apiError(403, FORBIDDEN_MESSAGE);
  if (decision === "not-found") throw apiError(404, NOT_FOUND_MESSAGE);
  return user;
}

/** Where a request comes from: the client address (from server.mjs) and the browser. */
export function requestClient(request: Request, context: AppLoadContext): NonNullable<AuditContext["client"]> {
  return { ip: context.clientAddress ?? null, userAgent: request.headers.get("User-Agent") };
}

/** The audit context of a request made by a signed-in user. */
export function auditContext(user: { id: number }, request: Request, context: AppLoadContext): AuditContext {
  return { actor: { kind: "user", userId: user.id }, client: requestClient(request, context) };
}
