import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSessionToken } from "~/auth/session.server";
import { action as userAction } from "~/routes/admin.utenti.$userId";
import { action as newUserAction } from "~/routes/admin.utenti.nuovo";
import { createSignedInUser } from "../support/factories";
import { callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  admin = await createSignedInUser(t.db, { role: "admin" });
});
afterAll(() => t.destroy());

const post = (path: string, fields: Record<string, string>) => formPost(path, fields, { Cookie: admin.cookie });
const auditActions = async (userId: number) =>
  (
    await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id"])
      .where("target_type", "=", "user")
      .where("target_id", "=", String(userId))
      .orderBy("id")
      .execute()
  ).map((e) => `${e.action} by ${e.actor_user_id === admin.id ? "admin" : e.actor_user_id}`);

describe("admin user pages", () => {
  it("create a user with a first membership, audited as the admin", async () => {
    const r = await callRoute(
      newUserAction,
      post("/admin/utenti/nuovo", {
        email: "nuova@comune.it",
        displayName: "Nuova Operatrice",
        password: "una password iniziale",
        role: "worker",
        service: "tutela-minori",
        comune: "seveso",
      })
    );
    expect(r.status).toBe(302);
    const id = Number(r.headers.get("Location")!.split("/").pop());
    expect(await auditActions(id)).toEqual(["user.created by admin", "membership.added by admin"]);
  });

  it("answer 400 with every field error and the values to refill the form (never the password)", async () => {
    const r = await callRoute(
      newUserAction,
      post("/admin/utenti/nuovo", { email: "nuova@comune.it", password: "corta", role: "viewer", comune: "seveso" })
    );
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      errors: {
        email: expect.stringMatching(/Esiste già/),
        password: expect.stringMatching(/almeno 12/),
        service: "Indica il servizio.",
      },
      values: { email: "nuova@comune.it", displayName: "", role: "viewer", service: "", comune: "seveso" },
    });
  });

  it("disable a user (ending their sessions), re-enable, add and remove memberships — all audited", async () => {
    const worker = await createSignedInUser(t.db, { role: "worker", service: "affidi" });
    const path = `/admin/utenti/${worker.id}`;
    const params = { userId: String(worker.id) };
    expect((await callRoute(userAction, post(path, { intent: "disable" }), { params })).status).toBe(200);
    expect(await validateSessionToken(t.db, worker.token)).toBeUndefined();
    expect((await callRoute(userAction, post(path, { intent: "enable" }), { params })).status).toBe(200);

    const added = await callRoute(
      userAction,
      post(path, { intent: "add-membership", role: "viewer", service: "tutela-minori", comune: "meda" }),
      { params }
    );
    expect(added.status).toBe(200);
    const duplicate = await callRoute(
      userAction,
      post(path, { intent: "add-membership", role: "viewer", service: "tutela-minori", comune: "meda" }),
      { params }
    );
    expect(duplicate.status).toBe(400);
    const membership = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", worker.id)
      .where("comune_code", "=", "meda")
      .executeTakeFirstOrThrow();
    const removed = await callRoute(
      userAction,
      post(path, { intent: "remove-membership", membershipId: String(membership.id) }),
      { params }
    );
    expect(removed.status).toBe(200);
    expect(await auditActions(worker.id)).toEqual([
      `user.created by null`,
      `membership.added by null`,
      "user.disabled by admin",
      "user.enabled by admin",
      "membership.added by admin",
      "membership.removed by admin",
    ]);
  });

  it("refuse to let an admin disable themself or drop their own admin membership", async () => {
    const params = { userId: String(admin.id) };
    const path = `/admin/utenti/${admin.id}`;
    expect((await callRoute(userAction, post(path, { intent: "disable" }), { params })).status).toBe(400);
    const own = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", admin.id)
      .executeTakeFirstOrThrow();
    const r = await callRoute(userAction, post(path, { intent: "remove-membership", membershipId: String(own.id) }), {
      params,
    });
    expect(r.status).toBe(400);
    expect(await validateSessionToken(t.db, admin.token)).toBeDefined();
  });

  it("answer 404 for an unknown user or someone else's membership id", async () => {
    const other = await createSignedInUser(t.db, { role: "viewer", service: "affidi" });
    const foreign = await t.db
      .selectFrom("memberships")
      .select("id")
      .where("user_id", "=", admin.id)
      .executeTakeFirstOrThrow();
    const r = await callRoute(
      userAction,
      post(`/admin/utenti/${other.id}`, { intent: "remove-membership", membershipId: String(foreign.id) }),
      { params: { userId: String(other.id) } }
    );
    expect(r.status).toBe(404);
    const unknown = await callRoute(userAction, post("/admin/utenti/999999", { intent: "disable" }), {
      params: { userId: "999999" },
    });
    expect(unknown.status).toBe(404);
  });
});
