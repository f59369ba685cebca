import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  createSession,
  invalidateSession,
  validateSessionToken,
} from "~/auth/session.server";
import { createApiToken, revokeApiToken, validateApiToken } from "~/auth/tokens.server";
import { changePassword, setUserDisabled } from "~/auth/users.server";
import { createTestUser, TEST_PASSWORD } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

const system = { actor: { kind: "system" as const } };
const minutes = (n: number) => n * 60_000;

describe("sessions", () => {
  it("stores only the id and a SHA-256 of the secret", async () => {
    const user = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
    const { token, session } = await createSession(t.db, user.id);
    const row = await t.db.selectFrom("sessions").selectAll().where("id", "=", session.id).executeTakeFirstOrThrow();
    const secret = token.split(".")[1]!;
    expect(row.secret_hash).toHaveLength(32);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("validates the token, with the user and memberships", async () => {
    const user = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
    const { token } = await createSession(t.db, user.id);
    const result = await validateSessionToken(t.db, token);
    expect(result?.user).toMatchObject({ id: user.id, email: user.email });
    expect(result?.user.memberships).toEqual([
      expect.objectContaining({ role: "worker", service: "tutela-minori", comune: "seregno" }),
    ]);
  });

  it.each([
    ["a changed secret", (token: string) => `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`],
    ["another session's secret", (token: string, other: string) => `${token.split(".")[0]}.${other.split(".")[1]}`],
    ["an unknown id", (token: string) => `aaaaaaaaaaaaaaaaaaaaaaaa.${token.split(".")[1]}`],
    ["a malformed token", () => "not-a-token"],
  ])("rejects %s", async (_what, tamper) => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const { token } = await createSession(t.db, user.id);
    const { token: other } = await createSession(t.db, user.id);
    expect(await validateSessionToken(t.db, tamper(token, other))).toBeUndefined();
    // The genuine token still works: a failed guess does not destroy the session.
    expect(await validateSessionToken(t.db, token)).toBeDefined();
  });

  it("slides with activity, expires after 30 idle minutes, and is deleted then", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const start = new Date(Date.now() - minutes(120));
    const { token, session } = await createSession(t.db, user.id, start);
    // Active every 20 minutes for an hour: each request slides the window.
    for (const at of [20, 40, 60]) {
      const result = await validateSessionToken(t.db, token, new Date(start.getTime() + minutes(at)));
      expect(result?.session.lastSeenAt.getTime()).toBe(start.getTime() + minutes(at));
    }
    const lastSeen = start.getTime() + minutes(60);
    expect(
      await validateSessionToken(t.db, token, new Date(lastSeen + SESSION_INACTIVITY_TIMEOUT_MS - 1000))
    ).toBeDefined();
    // That request slid the window again; 30 minutes after it, the session is gone.
    const later = lastSeen + SESSION_INACTIVITY_TIMEOUT_MS - 1000 + SESSION_INACTIVITY_TIMEOUT_MS;
    expect(await validateSessionToken(t.db, token, new Date(later))).toBeUndefined();
    expect(
      await t.db.selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst()
    ).toBeUndefined();
  });

  it("expires at the absolute cap even when active all along", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const start = new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_MS - minutes(60));
    const { token } = await createSession(t.db, user.id, start);
    let at = start.getTime();
    while (at + minutes(20) < start.getTime() + SESSION_ABSOLUTE_LIFETIME_MS) {
      at += minutes(20);
      expect(await validateSessionToken(t.db, token, new Date(at))).toBeDefined();
    }
    expect(
      await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_ABSOLUTE_LIFETIME_MS))
    ).toBeUndefined();
  });

  it("ends one session on logout, leaving the user's others", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const a = await createSession(t.db, user.id);
    const b = await createSession(t.db, user.id);
    await invalidateSession(t.db, a.session.id);
    expect(await validateSessionToken(t.db, a.token)).toBeUndefined();
    expect(await validateSessionToken(t.db, b.token)).toBeDefined();
  });

  it("ends every session of the user on a password change", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const bystander = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const sessions = [await createSession(t.db, user.id), await createSession(t.db, user.id)];
    const theirs = await createSession(t.db, bystander.id);
    await t.db
      .transaction()
      .execute((trx) =>
        changePassword(
          trx,
          user.id,
          {
            currentPassword: TEST_PASSWORD,
            newPassword: "un'altra password lunga",
            confirmation: "un'altra password lunga",
          },
          system
        )
      );
    for (const s of sessions) expect(await validateSessionToken(t.db, s.token)).toBeUndefined();
    expect(await validateSessionToken(t.db, theirs.token)).toBeDefined();
  });

  it("revokes every API token of the user on a password change (one made with a stolen password dies too), audited", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const bystander = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const mine = [await createApiToken(t.db, user.id, "script"), await createApiToken(t.db, user.id, "altro")];
    const revokedBefore = await createApiToken(t.db, user.id, "vecchio");
    await revokeApiToken(t.db, user.id, revokedBefore.apiToken.id);
    const theirs = await createApiToken(t.db, bystander.id, "loro");
    for (const { token } of mine) expect(await validateApiToken(t.db, token)).toBeDefined();
    const newPassword = "un'altra password ancora più lunga";
    await t.db.transaction().execute((trx) => changePassword(trx, user.id, { currentPassword: TEST_PASSWORD, newPassword, confirmation: newPassword }, system));
    for (const { token } of mine) expect(await validateApiToken(t.db, token)).toBeUndefined();
    expect(await validateApiToken(t.db, theirs.token)).toBeDefined();
    const event = await t.db.selectFrom("audit_events").select("details").where("action", "=", "auth.password.changed").where("target_id", "=", String(user.id)).executeTakeFirstOrThrow();
    expect(event.details).toEqual({ revokedTokens: 2 });
  });

  it("refuses a wrong current password, a short new one and a mismatched confirmation, changing nothing", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const s = await createSession(t.db, user.id);
    await expect(
      t.db
        .transaction()
        .execute((trx) =>
          changePassword(
            trx,
            user.id,
            { currentPassword: "sbagliata-sbagliata", newPassword: "corta", confirmation: "diversa" },
            system
          )
        )
    ).rejects.toMatchObject({
      name: "InvalidInputError",
      errors: [
        { path: "/currentPassword", message: expect.any(String) },
        { path: "/newPassword", message: expect.any(String) },
        { path: "/confirmation", message: expect.any(String) },
      ],
    });
    expect(await validateSessionToken(t.db, s.token)).toBeDefined();
  });

  it("ends every session when the user is disabled, and refuses sessions of a disabled user", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const s = await createSession(t.db, user.id);
    await t.db.transaction().execute((trx) => setUserDisabled(trx, user.id, true, system));
    expect(await validateSessionToken(t.db, s.token)).toBeUndefined();
    // A session created in a race with the disable is refused as well.
    const raced = await createSession(t.db, user.id);
    expect(await validateSessionToken(t.db, raced.token)).toBeUndefined();
  });
});
