import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { preparedStatement } from "~/db/prepared.server";
import { TOKEN_NAME_MAX_LENGTH } from "./credential-rules";
import { generateSecretToken, hashSecret, parseSecretToken, secretMatches } from "./secret-token.server";
import { toAuthenticatedUser, userBehindCredential, type AuthenticatedUser } from "./session.server";

/** last_used_at is written at most once a minute, so a busy script does not write on every call. */
const LAST_USED_INTERVAL_MS = 60 * 1000;

export interface ApiToken {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates an API token for a user; the returned token is shown once and never stored. */
export async function createApiToken(
  db: Kysely<Database>,
  userId: number,
  name: string
): Promise<{ token: string; apiToken: ApiToken }> {
  const { id, secret, token } = generateSecretToken();
  const row = await db
    .insertInto("api_tokens")
    .values({ id, secret_hash: hashSecret(secret), user_id: userId, name: name.trim().slice(0, TOKEN_NAME_MAX_LENGTH) })
    .returning(["id", "name", "created_at", "last_used_at", "revoked_at"])
    .executeTakeFirstOrThrow();
  return { token, apiToken: toApiToken(row) };
}

/** A user's tokens, newest first (revoked ones included, so the list tells the whole story). */
export async function listApiTokens(db: Kysely<Database>, userId: number): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at", "revoked_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Kysely<Database>, userId: number, tokenId: string): Promise<boolean> {
  // The owner is in the WHERE clause: nobody can revoke (or probe) someone else's token.
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: new Date() })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Revokes every live token of a user, returning how many: on a password
 * change, whoever knew the old password may have created a token with it.
 */
export async function revokeAllApiTokens(db: Kysely<Database>, userId: number, now = new Date()): Promise<number> {
  const result = await db.updateTable("api_tokens").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The token with its user and memberships, read on every API request: prepared once. */
const tokenWithUser = preparedStatement(
  () => "",
  (db, _shape: undefined, values: { id: string }) =>
    db
      .selectFrom("api_tokens")
      .innerJoin("users", "users.id", "api_tokens.user_id")
      .select((eb) => ["api_tokens.secret_hash", "api_tokens.last_used_at", "api_tokens.revoked_at", ...userBehindCredential(eb)])
      .where("api_tokens.id", "=", values.id),
);

/** The user behind a bearer token that is well-formed, known, not revoked, and whose user is enabled. */
export async function validateApiToken(
  db: Kysely<Database>,
  token: string,
  now = new Date()
): Promise<AuthenticatedUser | undefined> {
  const parsed = parseSecretToken(token);
  if (!parsed) return undefined;
  const [row] = await tokenWithUser(db, undefined, { id: parsed.id });
  if (!row || !secretMatches(row.secret_hash, parsed.secret) || row.revoked_at || row.disabled_at) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_INTERVAL_MS) {
    await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", parsed.id).execute();
  }
  return toAuthenticatedUser(row);
}

function toApiToken(row: {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
