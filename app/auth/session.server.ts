import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { preparedStatement } from "~/db/prepared.server";
import { generateSecretToken, hashSecret, parseSecretToken, secretMatches } from "./secret-token.server";
import { membershipsOfUser, type Membership } from "./memberships.server";

/**
 * Session lifetimes (ADR 0004). Schedario runs on shared office computers:
 * a session left open must die soon after its owner walks away, and no
 * session outlives a working day however busy it is.
 */
export const SESSION_INACTIVITY_TIMEOUT_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_LIFETIME_MS = 10 * 60 * 60 * 1000;
/** last_seen_at is written at most once a minute, not on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export const SESSION_COOKIE = "schedario_session";

export interface Session {
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The person behind a valid session or API token. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  displayName: string;
  memberships: Membership[];
}

/**
 * Decides what a session's timestamps mean at `now`: "expired" past the
 * inactivity timeout or the absolute cap, "touch" when last_seen_at should
 * slide forward, otherwise "valid". Pure, so the edges are unit-tested.
 */
export function sessionFreshness(
  session: Pick<Session, "createdAt" | "lastSeenAt">,
  now: Date
): "valid" | "touch" | "expired" {
  const idle = now.getTime() - session.lastSeenAt.getTime();
  const age = now.getTime() - session.createdAt.getTime();
  if (idle >= SESSION_INACTIVITY_TIMEOUT_MS || age >= SESSION_ABSOLUTE_LIFETIME_MS) return "expired";
  return idle >= SESSION_TOUCH_INTERVAL_MS ? "touch" : "valid";
}

/** Creates a session for a user; the returned token goes into the cookie and is never stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  now = new Date()
): Promise<{ token: string; session: Session }> {
  const { id, secret, token } = generateSecretToken();
  await db
    .insertInto("sessions")
    .values({ id, secret_hash: hashSecret(secret), user_id: userId, created_at: now, last_seen_at: now })
    .execute();
  return { token, session: { id, userId, createdAt: now, lastSeenAt: now } };
}

/**
 * The user a session or API token belongs to, with their memberships, as
 * columns of the query that finds the credential: one round trip a request.
 */
export function userBehindCredential(eb: ExpressionBuilder<Database, "users">) {
  return [
    eb.ref("users.id").as("user_id"),
    eb.ref("users.email").as("email"),
    eb.ref("users.display_name").as("display_name"),
    eb.ref("users.disabled_at").as("disabled_at"),
    membershipsOfUser(eb).as("memberships"),
  ] as const;
}

/** The signed-in user from the columns of userBehindCredential. */
export function toAuthenticatedUser(row: { user_id: number; email: string; display_name: string; memberships: Membership[] | null }): AuthenticatedUser {
  return { id: row.user_id, email: row.email, displayName: row.display_name, memberships: row.memberships ?? [] };
}

/** The session with its user and memberships, read on every request: prepared once. */
const sessionWithUser = preparedStatement(
  () => "",
  (db, _shape: undefined, values: { id: string }) =>
    db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select((eb) => [
        "sessions.id",
        "sessions.secret_hash",
        "sessions.created_at",
        "sessions.last_seen_at",
        ...userBehindCredential(eb),
      ])
      .where("sessions.id", "=", values.id),
);

/**
 * Returns the session and its user when the token is well-formed, known,
 * its secret matches, it has not expired and the user is not disabled.
 * Slides the inactivity window; deletes the session once expired.
 */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  now = new Date()
): Promise<{ session: Session; user: AuthenticatedUser } | undefined> {
  const parsed = parseSecretToken(token);
  if (!parsed) return undefined;
  const [row] = await sessionWithUser(db, undefined, { id: parsed.id });
  if (!row || !secretMatches(row.secret_hash, parsed.secret)) return undefined;

  const session: Session = { id: row.id, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
  const freshness = sessionFreshness(session, now);
  // Disabling a user deletes their sessions; the check here covers a session
  // that raced with the disable.
  if (freshness === "expired" || row.disabled_at) {
    await invalidateSession(db, session.id);
    return undefined;
  }
  if (freshness === "touch") {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", session.id).execute();
    session.lastSeenAt = now;
  }
  return { session, user: toAuthenticatedUser(row) };
}

/** Ends one session (logout). */
export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Ends every session of a user (password change, disable). */
export async function invalidateUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/**
 * The Set-Cookie value for a session token. HttpOnly keeps it from scripts;
 * SameSite=Lax keeps it off cross-site POSTs (the Origin check is the main
 * CSRF defence); no Max-Age, so closing the browser forgets it — the server
 * enforces the real lifetimes anyway.
 */
export function sessionCookie(token: string): string {
  return [`${SESSION_COOKIE}=${token}`, ...cookieAttributes()].join("; ");
}

/** The Set-Cookie value that removes the session cookie. */
export function expiredSessionCookie(): string {
  return [`${SESSION_COOKIE}=`, ...cookieAttributes(), "Max-Age=0"].join("; ");
}

function cookieAttributes(): string[] {
  return ["HttpOnly", "SameSite=Lax", "Path=/", ...(process.env.NODE_ENV === "production" ? ["Secure"] : [])];
}

/** The session token carried by a request's Cookie header, if any. */
export function readSessionToken(request: Request): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=") || undefined;
  }
  return undefined;
}
