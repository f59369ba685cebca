import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD_RESET_LIFETIME_MS,
  createPasswordReset,
  findPasswordReset,
  requestPasswordResetByEmail,
} from "~/auth/password-reset.server";
import { verifyPassword } from "~/auth/password.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { createApiToken, validateApiToken } from "~/auth/tokens.server";
import { setUserDisabled } from "~/auth/users.server";
import { mailerFromEnv } from "~/mail/mailer.server";
import { action as userAction, loader as userLoader } from "~/routes/admin.utenti.$userId";
import { action as forgotAction, loader as forgotLoader } from "~/routes/password-dimenticata";
import { action as resetAction, loader as resetLoader } from "~/routes/reimposta-password.$token";
import { createSignedInUser, createTestUser } from "../support/factories";
import { callRoute, formPost, TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { startSmtpSink } from "../support/smtp-sink";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  admin = await createSignedInUser(t.db, { role: "admin" });
});
afterAll(() => t.destroy());

const system = { actor: { kind: "system" as const } };
const NEW_PASSWORD = "una nuova frase segreta";
const tokenOf = (url: string) => url.split("/reimposta-password/")[1]!;

async function adminCreatesLink(userId: number): Promise<string> {
  const r = await callRoute(userAction, formPost(`/admin/utenti/${userId}`, { intent: "reset-password" }, { Cookie: admin.cookie }), {
    params: { userId: String(userId) },
  });
  expect(r.status).toBe(200);
  const { url } = (r.body as { resetLink: { url: string } }).resetLink;
  expect(url).toMatch(new RegExp(`^${TEST_ORIGIN}/reimposta-password/[a-z2-7]{24}\\.[a-z2-7]{24}$`));
  return url;
}

const setPassword = (token: string, fields: Record<string, string>) =>
  callRoute(resetAction, formPost(`/reimposta-password/${token}`, fields), { params: { token } });

const auditActions = async (userId: number) =>
  (
    await t.db
      .selectFrom("audit_events")
      .select("action")
      .where("target_type", "=", "user")
      .where("target_id", "=", String(userId))
      .where("action", "like", "auth.password.reset.%")
      .orderBy("id")
      .execute()
  ).map((e) => e.action);

describe("password reset by an admin's link", () => {
  it("stores only a hash, works once, ends every session and API token, and is audited", async () => {
    const user = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
    const { token: sessionToken } = await createSession(t.db, user.id);
    const { token: apiToken } = await createApiToken(t.db, user.id, "script");
    const url = await adminCreatesLink(user.id);
    const token = tokenOf(url);

    const row = await t.db.selectFrom("password_resets").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "admin", created_by: admin.id, ended_at: null });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(PASSWORD_RESET_LIFETIME_MS);
    expect(JSON.stringify(row)).not.toContain(token.split(".")[1]);
    // The admin page says a link is waiting, without showing it again.
    const page = await callRoute(userLoader, new Request(`${TEST_ORIGIN}/admin/utenti/${user.id}`, { headers: { Cookie: admin.cookie } }), {
      params: { userId: String(user.id) },
    });
    expect((page.body as { openResetExpiresAt?: Date }).openResetExpiresAt).toEqual(row.expires_at);
    expect(JSON.stringify(page.body)).not.toContain(token);

    const opened = await callRoute(resetLoader, new Request(url), { params: { token } });
    expect(opened).toMatchObject({ status: 200, body: { email: user.email } });

    const done = await setPassword(token, { newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?password=reimpostata");
    const { password_hash } = await t.db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(password_hash!, NEW_PASSWORD)).toBe(true);
    expect(await validateSessionToken(t.db, sessionToken)).toBeUndefined();
    expect(await validateApiToken(t.db, apiToken)).toBeUndefined();

    // Once only: the page and the form both say the link is no longer valid.
    expect((await callRoute(resetLoader, new Request(url), { params: { token } })).status).toBe(404);
    expect((await setPassword(token, { newPassword: "ancora un'altra frase", confirmation: "ancora un'altra frase" })).status).toBe(404);
    expect(await auditActions(user.id)).toEqual(["auth.password.reset.created", "auth.password.reset.completed"]);
    const completed = await t.db
      .selectFrom("audit_events")
      .select(["actor_user_id", "details"])
      .where("action", "=", "auth.password.reset.completed")
      .where("target_id", "=", String(user.id))
      .executeTakeFirstOrThrow();
    expect(completed).toEqual({ actor_user_id: user.id, details: { revokedTokens: 1 } });
  });

  it("expires after 24 hours", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const made = new Date(Date.now() - PASSWORD_RESET_LIFETIME_MS - 1000);
    const { url } = await t.db.transaction().execute((trx) => createPasswordReset(trx, user.id, "cli", system, made));
    const token = tokenOf(url);
    expect(await findPasswordReset(t.db, token, new Date(made.getTime() + PASSWORD_RESET_LIFETIME_MS - 1))).toBeDefined();
    expect(await findPasswordReset(t.db, token)).toBeUndefined();
    expect((await setPassword(token, { newPassword: NEW_PASSWORD, confirmation: NEW_PASSWORD })).status).toBe(404);
  });

  it("a newer link replaces the older one; a tampered or malformed token finds nothing", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const first = tokenOf(await adminCreatesLink(user.id));
    const second = tokenOf(await adminCreatesLink(user.id));
    expect(await findPasswordReset(t.db, first)).toBeUndefined();
    expect(await findPasswordReset(t.db, second)).toBeDefined();
    expect(await findPasswordReset(t.db, `${second.split(".")[0]}.${first.split(".")[1]}`)).toBeUndefined();
    expect(await findPasswordReset(t.db, "non-un-token")).toBeUndefined();
  });

  it("refuses a weak or unconfirmed password and keeps the link usable", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const token = tokenOf(await adminCreatesLink(user.id));
    const r = await setPassword(token, { newPassword: "corta", confirmation: "diversa" });
    expect(r.status).toBe(400);
    expect(Object.keys((r.body as { errors: object }).errors).sort()).toEqual(["confirmation", "newPassword"]);
    expect(JSON.stringify(r.body)).not.toContain("corta");
    expect(await findPasswordReset(t.db, token)).toBeDefined();
  });

  it("is not made for a disabled user, and a link dies when its user is disabled", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const token = tokenOf(await adminCreatesLink(user.id));
    await t.db.transaction().execute((trx) => setUserDisabled(trx, user.id, true, system));
    expect(await findPasswordReset(t.db, token)).toBeUndefined();
    const r = await callRoute(userAction, formPost(`/admin/utenti/${user.id}`, { intent: "reset-password" }, { Cookie: admin.cookie }), {
      params: { userId: String(user.id) },
    });
    expect(r.status).toBe(400);
    expect((r.body as { errors: { form: string } }).errors.form).toMatch(/disattivato/);
  });
});

describe("self-service by e-mail", () => {
  it("without SMTP_URL the page says to ask an admin, and its form is not there", async () => {
    delete process.env.SMTP_URL;
    expect((await callRoute(forgotLoader, new Request(`${TEST_ORIGIN}/password-dimenticata`))).body).toEqual({ canEmail: false });
    expect((await callRoute(forgotAction, formPost("/password-dimenticata", { email: "x@y.it" }))).status).toBe(404);
  });

  it("sends the link to a known address through SMTP, and nothing for an unknown one, answering the same", async () => {
    const sink = await startSmtpSink();
    try {
      const mailer = mailerFromEnv({ SMTP_URL: sink.url, APP_ORIGIN: TEST_ORIGIN });
      expect(mailer).toBeDefined();
      const user = await createTestUser(t.db, { role: "worker", service: "affidi" });
      const client = { ip: "192.0.2.7", userAgent: "test" };

      const arrived = sink.next();
      const known = await requestPasswordResetByEmail(t.db, mailer!, user.email.toUpperCase(), client);
      await known.delivery;
      const mail = await arrived;
      expect(mail.to).toEqual([user.email]);
      expect(mail.raw).toMatch(/^From: Schedario <schedario@localhost>/m);
      const url = /http:\/\/localhost:3000\/reimposta-password\/[a-z2-7]{24}\.[a-z2-7]{24}/.exec(mail.raw.replace(/=\r?\n/g, ""))?.[0];
      expect(url).toBeDefined();
      expect((await findPasswordReset(t.db, tokenOf(url!)))?.userId).toBe(user.id);

      const unknown = await requestPasswordResetByEmail(t.db, mailer!, "nessuno@prova.it", client);
      await unknown.delivery;
      expect(Object.keys(unknown)).toEqual(Object.keys(known));
      expect(sink.messages).toHaveLength(1);
      const requested = await t.db
        .selectFrom("audit_events")
        .select(["actor_kind", "details", "ip"])
        .where("action", "=", "auth.password.reset.requested")
        .executeTakeFirstOrThrow();
      expect(requested).toEqual({ actor_kind: "anonymous", details: { email: "nessuno@prova.it", outcome: "unknown-email" }, ip: "192.0.2.7" });
    } finally {
      await sink.stop();
    }
  });
});
