import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditEvents, listAuditEvents, recordAuditEvent } from "~/audit/audit.server";
import { createTestUser } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let user: { id: number; email: string };
beforeAll(async () => {
  t = await createTestDatabase();
  user = await createTestUser(t.db, { role: "admin" });
  for (const [action, actor] of [
    ["auth.login.succeeded", user.id],
    ["auth.logout", user.id],
    ["token.created", user.id],
    ["auth.login.failed", null],
  ] as const) {
    await recordAuditEvent(t.db, {
      actor: actor ? { kind: "user", userId: actor } : { kind: "anonymous" },
      action,
      details: actor ? {} : { email: "qualcuno@prova.it" },
    });
  }
});
afterAll(() => t.destroy());

describe("listAuditEvents", () => {
  it("filters by exact action or by prefix", async () => {
    const exact = await listAuditEvents(t.db, { action: "auth.logout" }, { limit: 50 });
    expect(exact.events.map((e) => e.action)).toEqual(["auth.logout"]);
    const prefix = await listAuditEvents(t.db, { action: "auth." }, { limit: 50 });
    expect(prefix.events.map((e) => e.action)).toEqual(["auth.login.failed", "auth.logout", "auth.login.succeeded"]);
  });

  it("does not treat % or _ in the prefix as wildcards", async () => {
    expect((await listAuditEvents(t.db, { action: "%." }, { limit: 50 })).events).toEqual([]);
  });

  it("filters by a user's e-mail: as actor, as target, or as the address typed at a failed login", async () => {
    const byUser = await listAuditEvents(t.db, { userEmail: user.email.toUpperCase() }, { limit: 50 });
    expect(byUser.events.map((e) => e.action)).toEqual([
      "token.created",
      "auth.logout",
      "auth.login.succeeded",
      "membership.added",
      "user.created",
    ]);
    const typed = await listAuditEvents(t.db, { userEmail: "qualcuno@prova.it" }, { limit: 50 });
    expect(typed.events.map((e) => e.action)).toEqual(["auth.login.failed"]);
  });

  it("pages newest first by id", async () => {
    const first = await listAuditEvents(t.db, {}, { limit: 2 });
    expect(first.events.map((e) => e.action)).toEqual(["auth.login.failed", "token.created"]);
    const second = await listAuditEvents(t.db, {}, { limit: 2, before: first.nextBefore });
    expect(second.events.map((e) => e.action)).toEqual(["auth.logout", "auth.login.succeeded"]);
  });

  it("filters by time", async () => {
    const future = new Date(Date.now() + 60_000);
    expect((await listAuditEvents(t.db, { from: future }, { limit: 50 })).events).toEqual([]);
    expect((await listAuditEvents(t.db, { to: future }, { limit: 50 })).events).toHaveLength(6);
  });
});

describe("exportAuditEvents", () => {
  it("writes every matching event oldest first, one JSON object per line, across batches", async () => {
    const lines: string[] = [];
    const count = await exportAuditEvents(t.db, {}, (line) => void lines.push(line), 4);
    expect(count).toBe(6);
    const events = lines.map((l) => JSON.parse(l));
    expect(events.map((e) => e.action)).toEqual([
      "user.created",
      "membership.added",
      "auth.login.succeeded",
      "auth.logout",
      "token.created",
      "auth.login.failed",
    ]);
    expect(events[2]).toMatchObject({
      actor: { kind: "user", userId: user.id, email: user.email },
      occurredAt: expect.stringMatching(/Z$/),
    });
  });
});
