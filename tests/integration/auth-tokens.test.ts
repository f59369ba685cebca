import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, listApiTokens, revokeApiToken, validateApiToken } from "~/auth/tokens.server";
import { setUserDisabled } from "~/auth/users.server";
import { loader as meLoader } from "~/routes/api.v1.me";
import { action as tokenPageAction } from "~/routes/profilo.token";
import { createSignedInUser, createTestUser } from "../support/factories";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
});
afterAll(() => t.destroy());

const bearer = (authorization: string) =>
  new Request(`${TEST_ORIGIN}/api/v1/me`, { headers: { Authorization: authorization } });

describe("API tokens", () => {
  it("are stored hashed and shown only at creation", async () => {
    const user = await createTestUser(t.db, { role: "worker", service: "affidi" });
    const { token, apiToken } = await createApiToken(t.db, user.id, "Esportazione");
    const row = await t.db.selectFrom("api_tokens").selectAll().where("id", "=", apiToken.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token.split(".")[1]);
    expect(await listApiTokens(t.db, user.id)).toEqual([
      { id: apiToken.id, name: "Esportazione", createdAt: expect.any(Date), lastUsedAt: null, revokedAt: null },
    ]);
  });

  it("authenticate /api/v1 with Authorization: Bearer and record when they were last used", async () => {
    const user = await createTestUser(t.db, { role: "coordinator", service: "tutela-minori" });
    const { token, apiToken } = await createApiToken(t.db, user.id, "Script");
    const r = await callRoute(meLoader, bearer(`Bearer ${token}`));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: expect.any(String),
      memberships: [{ role: "coordinator", service: "tutela-minori", comune: null }],
    });
    const [listed] = await listApiTokens(t.db, user.id);
    expect(listed?.id).toBe(apiToken.id);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["no scheme", (token: string) => token],
    ["Basic scheme", (token: string) => `Basic ${token}`],
    ["lower-case bearer", (token: string) => `bearer ${token}`],
    ["a changed secret", (token: string) => `Bearer ${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`],
    ["two tokens", (token: string) => `Bearer ${token} ${token}`],
    ["an empty header", () => ""],
  ])("reject %s with 401 JSON", async (_what, header) => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const { token } = await createApiToken(t.db, user.id, "x");
    const r = await callRoute(meLoader, bearer(header(token)));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: expect.any(String) });
  });

  it("stop working once revoked, and only their owner can revoke them", async () => {
    const owner = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const other = await createTestUser(t.db, { role: "admin" });
    const { token, apiToken } = await createApiToken(t.db, owner.id, "x");
    expect(await revokeApiToken(t.db, other.id, apiToken.id)).toBe(false);
    expect(await validateApiToken(t.db, token)).toBeDefined();
    expect(await revokeApiToken(t.db, owner.id, apiToken.id)).toBe(true);
    expect(await validateApiToken(t.db, token)).toBeUndefined();
    expect(await revokeApiToken(t.db, owner.id, apiToken.id)).toBe(false);
  });

  it("stop working when their user is disabled", async () => {
    const user = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const { token } = await createApiToken(t.db, user.id, "x");
    await t.db.transaction().execute((trx) => setUserDisabled(trx, user.id, true, { actor: { kind: "system" } }));
    expect((await callRoute(meLoader, bearer(`Bearer ${token}`))).status).toBe(401);
  });
});

describe("the token page", () => {
  it("creates a token shown once, revokes it, and audits both", async () => {
    const user = await createSignedInUser(t.db, { role: "worker", service: "tutela-minori", comune: "meda" });
    const created = await callRoute(
      tokenPageAction,
      formPost("/profilo/token", { intent: "create", name: "Report" }, { Cookie: user.cookie })
    );
    expect(created.status).toBe(201);
    const token = (created.body as { created: { token: string } }).created.token;
    expect((await callRoute(meLoader, bearer(`Bearer ${token}`))).status).toBe(200);

    const [listed] = await listApiTokens(t.db, user.id);
    const revoked = await callRoute(
      tokenPageAction,
      formPost("/profilo/token", { intent: "revoke", tokenId: listed!.id }, { Cookie: user.cookie })
    );
    expect(revoked.status).toBe(200);
    expect((await callRoute(meLoader, bearer(`Bearer ${token}`))).status).toBe(401);

    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "details"])
      .where("actor_user_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["token.created", "token.revoked"]);
    expect(JSON.stringify(events)).not.toContain(token.split(".")[1]);
  });

  it("cannot revoke someone else's token (404, and it keeps working)", async () => {
    const owner = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    const { token, apiToken } = await createApiToken(t.db, owner.id, "x");
    const attacker = await createSignedInUser(t.db, { role: "worker", service: "affidi" });
    const r = await callRoute(
      tokenPageAction,
      formPost("/profilo/token", { intent: "revoke", tokenId: apiToken.id }, { Cookie: attacker.cookie })
    );
    expect(r.status).toBe(404);
    expect(await validateApiToken(t.db, token)).toBeDefined();
  });
});
