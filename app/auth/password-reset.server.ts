import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { consumeRateLimit } from "~/consent/rate-limit.server";
import type { Database } from "~/db/schema";
import { clientNetworkKey } from "~/lib/client-network.server";
import type { Mailer } from "~/mail/mailer.server";
import { passwordProblem } from "./credential-rules";
import { InvalidInputError, fieldErrors, throwIfAny, type FieldMessages } from "~/lib/errors";
import { appOrigin } from "./origin.server";
import { hashPassword } from "./password.server";
import { generateSecretToken, hashSecret, parseSecretToken, secretMatches } from "./secret-token.server";
import { invalidateUserSessions } from "./session.server";
import { revokeAllApiTokens } from "./tokens.server";
import { findUserForLogin } from "./users.server";

/**
 * One-time password-reset links (ADR 0017). A link is made by an admin (the
 * user's page or the CLI) and handed over, or, when the app can send e-mail,
 * asked for by the user; it is valid for 24 hours and once; only the hash of
 * its secret is stored. Setting the new password ends every session and API
 * token of the user, like a password change.
 */
export const PASSWORD_RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type PasswordResetChannel = "admin" | "cli" | "email";

/** The page where the user sets a new password. */
export function passwordResetUrl(token: string): string {
  return `${appOrigin()}/reimposta-password/${token}`;
}

/**
 * Makes a new link for a user and ends any earlier one still open (the last
 * link handed over is the only one that works). Audited. The returned URL is
 * shown once and never stored.
 */
export async function createPasswordReset(
  trx: Kysely<Database>,
  userId: number,
  channel: PasswordResetChannel,
  audit: AuditContext,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const user = await trx.selectFrom("users").select("disabled_at").where("id", "=", userId).executeTakeFirstOrThrow();
  if (user.disabled_at) {
    throw new InvalidInputError(fieldErrors({ form: "L'utente è disattivato: riattivalo prima di creare un link per impostare la password." }));
  }
  await trx.updateTable("password_resets").set({ ended_at: now }).where("user_id", "=", userId).where("ended_at", "is", null).execute();
  const { id, secret, token } = generateSecretToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS);
  await trx
    .insertInto("password_resets")
    .values({
      id,
      secret_hash: hashSecret(secret),
      user_id: userId,
      channel,
      created_by: audit.actor.kind === "user" ? audit.actor.userId : null,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  await recordAuditEvent(trx, {
    ...audit,
    action: "auth.password.reset.created",
    target: { type: "user", id: userId },
    details: { channel, expiresAt: expiresAt.toISOString() },
  });
  return { url: passwordResetUrl(token), expiresAt };
}

/** Whose password an open link resets. */
export interface PasswordResetTarget {
  resetId: string;
  userId: number;
  email: string;
  expiresAt: Date;
}

/**
 * The link's user when the token is well-formed, known, its secret matches,
 * it has not been used or replaced, it has not expired and the user is
 * enabled; otherwise undefined (the page says the same for all of these).
 */
export async function findPasswordReset(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
  options: { lock?: boolean } = {},
): Promise<PasswordResetTarget | undefined> {
  const parsed = parseSecretToken(token);
  if (!parsed) return undefined;
  let query = db
    .selectFrom("password_resets as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.id", "r.secret_hash", "r.expires_at", "r.ended_at", "u.id as user_id", "u.email", "u.disabled_at"])
    .where("r.id", "=", parsed.id);
  // Two tabs posting the same link: the second waits, then finds it ended.
  if (options.lock) query = query.forUpdate("r");
  const row = await query.executeTakeFirst();
  if (!row || !secretMatches(row.secret_hash, parsed.secret)) return undefined;
  if (row.ended_at || row.expires_at.getTime() <= now.getTime() || row.disabled_at) return undefined;
  return { resetId: row.id, userId: row.user_id, email: row.email, expiresAt: row.expires_at };
}

export interface NewPassword {
  newPassword: string;
  confirmation: string;
}

/**
 * Sets the password through an open link, ends the link, every session and
 * every API token of the user (audited). Returns undefined when the link is
 * not (or no longer) valid; throws an InvalidInputError for an unacceptable password.
 */
export async function completePasswordReset(
  trx: Kysely<Database>,
  token: string,
  input: NewPassword,
  client: AuditContext["client"],
  now = new Date(),
): Promise<{ userId: number } | undefined> {
  const reset = await findPasswordReset(trx, token, now, { lock: true });
  if (!reset) return undefined;
  const errors: FieldMessages = {};
  const problem = passwordProblem(input.newPassword);
  if (problem) errors.newPassword = problem;
  if (input.confirmation !== input.newPassword) errors.confirmation = "La conferma non coincide con la nuova password.";
  throwIfAny(errors);

  await trx
    .updateTable("users")
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: now, updated_at: now })
    .where("id", "=", reset.userId)
    .execute();
  await trx.updateTable("password_resets").set({ ended_at: now }).where("id", "=", reset.resetId).execute();
  await invalidateUserSessions(trx, reset.userId);
  const revokedTokens = await revokeAllApiTokens(trx, reset.userId, now);
  await recordAuditEvent(trx, {
    actor: { kind: "user", userId: reset.userId },
    client,
    action: "auth.password.reset.completed",
    target: { type: "user", id: reset.userId },
    details: { revokedTokens },
  });
  return { userId: reset.userId };
}

/**
 * Self-service: when the address belongs to an enabled user, makes a link
 * and e-mails it; otherwise records the request and sends nothing. The caller
 * shows the same answer either way and does not wait for `delivery` (sending
 * takes a noticeable time, which would tell whether the address exists).
 */
export async function requestPasswordResetByEmail(
  db: Kysely<Database>,
  mailer: Mailer,
  email: string,
  client: AuditContext["client"],
  now = new Date(),
): Promise<{ delivery: Promise<void> }> {
  const address = email.trim();
  const audit: AuditContext = { actor: { kind: "anonymous" }, client };
  const link = await db.transaction().execute(async (trx) => {
    const user = await findUserForLogin(trx, address);
    if (!user || user.disabled_at) {
      await recordAuditEvent(trx, {
        ...audit,
        action: "auth.password.reset.requested",
        details: { email: address.toLowerCase(), outcome: user ? "disabled" : "unknown-email" },
      });
      return undefined;
    }
    return { to: user.email, ...(await createPasswordReset(trx, user.id, "email", audit, now)) };
  });
  if (!link) return { delivery: Promise.resolve() };
  return {
    delivery: mailer.send({
      to: link.to,
      subject: "Schedario: imposta una nuova password",
      text: passwordResetMailText(link.url, link.expiresAt),
    }),
  };
}

function passwordResetMailText(url: string, expiresAt: Date): string {
  const until = expiresAt.toLocaleString("it-IT", { timeZone: "Europe/Rome", dateStyle: "long", timeStyle: "short" });
  return [
    "Buongiorno,",
    "",
    "è stato chiesto di impostare una nuova password per il tuo account di Schedario.",
    "Apri questo link per sceglierla (funziona una sola volta, fino al " + until + "):",
    "",
    url,
    "",
    "Se non l'hai chiesto tu, ignora questo messaggio: la tua password resta quella di prima.",
  ].join("\n");
}

/** When the user's open link (if any) expires: the admin page says a link is waiting to be used. */
export async function findOpenPasswordResetExpiry(db: Kysely<Database>, userId: number, now = new Date()): Promise<Date | undefined> {
  const row = await db
    .selectFrom("password_resets")
    .select("expires_at")
    .where("user_id", "=", userId)
    .where("ended_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("expires_at", "desc")
    .executeTakeFirst();
  return row?.expires_at;
}

/**
 * Requests to the public reset pages (asking for a link, opening or using
 * one) per client address: enough for a person who mistypes a few times, too
 * few to try links or addresses in bulk. Returns the seconds to wait past the
 * limit.
 */
export const PASSWORD_RESET_REQUEST_LIMIT = 20;
export const PASSWORD_RESET_WINDOW_MS = 15 * 60 * 1000;

export function limitPasswordResetRequests(db: Kysely<Database>, clientAddress: string | undefined): Promise<number | undefined> {
  return consumeRateLimit(db, `password-reset:${clientNetworkKey(clientAddress)}`, PASSWORD_RESET_REQUEST_LIMIT, PASSWORD_RESET_WINDOW_MS);
}

/** The page's message past the limit. */
export function passwordResetThrottledMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Troppe richieste da questa rete: riprova tra ${minutes === 1 ? "un minuto" : `${minutes} minuti`}.`;
}
