import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attemptLogin } from "~/auth/login.server";
import {
  ACCOUNT_FAILURE_LIMIT,
  ADDRESS_FAILURE_LIMIT,
  THROTTLE_LOCKOUT_MS,
  lockedForSeconds,
  loginThrottleKeys,
  countLoginAttempt,
} from "~/auth/throttle.server";
import { setUserDisabled } from "~/auth/users.server";
import { createDatabase } from "~/db/db.server";
import { action as loginAction } from "~/routes/login";
import { TEST_PASSWORD, createTestUser } from "../support/factories";
import { callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let known: { id: number; email: string };
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  known = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
});
afterAll(() => t.destroy());
beforeEach(async () => {
  await t.db.deleteFrom("login_throttles").execute();
});

let addressCounter = 0;
/** A fresh client address, so that tests do not trip each other's address limit. */
const client = () => ({ ip: `198.51.100.${++addressCounter}`, userAgent: "vitest" });

describe("attemptLogin", () => {
  it("opens a session with the right password, whatever the e-mail's case", async () => {
    const result = await attemptLogin(t.db, { email: known.email.toUpperCase(), password: TEST_PASSWORD }, client());
    expect(result).toMatchObject({ kind: "signed-in", userId: known.id });
  });

  it("gives the same answer for an unknown e-mail, a wrong password and a disabled user", async () => {
    const disabled = await createTestUser(t.db, { role: "viewer", service: "affidi" });
    await t.db.transaction().execute((trx) => setUserDisabled(trx, disabled.id, true, { actor: { kind: "system" } }));
    const results = [
      await attemptLogin(t.db, { email: "nessuno@prova.it", password: TEST_PASSWORD }, client()),
      await attemptLogin(t.db, { email: known.email, password: "password-sbagliata" }, client()),
      await attemptLogin(t.db, { email: disabled.email, password: TEST_PASSWORD }, client()),
    ];
    expect(results).toEqual([{ kind: "invalid" }, { kind: "invalid" }, { kind: "invalid" }]);
  });

  it("records successes and failures in the audit trail, with the reason only there", async () => {
    const address = client();
    await attemptLogin(t.db, { email: "sconosciuto@prova.it", password: "x" }, address);
    await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, address);
    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "ip", "details"])
      .where("ip", "=", address.ip)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      {
        action: "auth.login.failed",
        actor_user_id: null,
        ip: address.ip,
        details: { email: "sconosciuto@prova.it", reason: "unknown-email" },
      },
      { action: "auth.login.succeeded", actor_user_id: known.id, ip: address.ip, details: {} },
    ]);
  });

  it(`locks an account after ${ACCOUNT_FAILURE_LIMIT} failures from any addresses, even for the right password`, async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect(await attemptLogin(t.db, { email: known.email, password: `sbagliata-${i}` }, client())).toEqual({
        kind: "invalid",
      });
    }
    const locked = await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, client());
    expect(locked).toEqual({ kind: "throttled", retryAfterSeconds: THROTTLE_LOCKOUT_MS / 1000 });
  });

  it("locks an unknown e-mail the same way (no enumeration through the throttle)", async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++)
      await attemptLogin(t.db, { email: "fantasma@prova.it", password: "x" }, client());
    expect((await attemptLogin(t.db, { email: "fantasma@prova.it", password: "x" }, client())).kind).toBe("throttled");
  });

  it(`locks an address after ${ADDRESS_FAILURE_LIMIT} failures across accounts, but not other addresses`, async () => {
    const address = client();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      await attemptLogin(t.db, { email: `spray${i}@prova.it`, password: "Password123!" }, address);
    }
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, address)).kind).toBe("throttled");
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, client())).kind).toBe(
      "signed-in"
    );
  });

  it("counts an IPv6 client by its /64 network: rotating addresses inside it does not escape the limit", async () => {
    const inNetwork = (i: number) => ({ ip: `2001:db8:aa:bb::${(i + 1).toString(16)}`, userAgent: "vitest" });
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      await attemptLogin(t.db, { email: `ruota${i}@prova.it`, password: "Password123!" }, inNetwork(i));
    }
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, inNetwork(999))).kind).toBe("throttled");
    const otherNetwork = { ip: "2001:db8:aa:cc::1", userAgent: "vitest" };
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, otherNetwork)).kind).toBe("signed-in");
  });

  it("gives at most the account's limit of verdicts to 30 parallel wrong passwords from two app processes", async () => {
    // On PostgreSQL a second connection pool stands for a second app process; PGlite serves one process only.
    const second = t.kind === "postgres" ? createDatabase({ kind: "postgres", url: t.env.DATABASE_URL! }) : t.db;
    try {
      const address = client();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => attemptLogin(i % 2 ? second : t.db, { email: known.email, password: "password-sbagliata" }, address))
      );
      const verdicts = results.filter((r) => r.kind === "invalid").length;
      expect(verdicts).toBeGreaterThan(0);
      expect(verdicts).toBeLessThanOrEqual(ACCOUNT_FAILURE_LIMIT);
      expect(results.filter((r) => r.kind === "throttled")).toHaveLength(30 - verdicts);
      // The right password is refused too until the lock ends.
      expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, client())).kind).toBe("throttled");
    } finally {
      if (second !== t.db) await second.destroy();
    }
  });

  it("keeps refusing while a lock outlives the window that set it", async () => {
    const keys = loginThrottleKeys(known.email, "203.0.113.50");
    const start = new Date("2026-11-25T09:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    // One failure at minute 0 opens the window; four more at minute 10 lock until minute 25.
    await countLoginAttempt(t.db, [keys.account], at(0));
    for (let i = 0; i < 4; i++) await countLoginAttempt(t.db, [keys.account], at(10));
    // Minute 16: the window has passed, the lock has not.
    expect((await countLoginAttempt(t.db, [keys.account], at(16))).allowed).toBe(false);
    expect(await lockedForSeconds(t.db, [keys.account], at(16))).toBe(9 * 60);
    expect((await countLoginAttempt(t.db, [keys.account], at(25))).allowed).toBe(true);
  });

  it("a success does not count against the client address", async () => {
    const address = client();
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT + 5; i++) {
      expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, address)).kind).toBe("signed-in");
    }
  });

  it("forgets an account's failures after a successful login", async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++)
      await attemptLogin(t.db, { email: known.email, password: "no" }, client());
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, client())).kind).toBe(
      "signed-in"
    );
    expect((await attemptLogin(t.db, { email: known.email, password: "no" }, client())).kind).toBe("invalid");
    expect((await attemptLogin(t.db, { email: known.email, password: TEST_PASSWORD }, client())).kind).toBe(
      "signed-in"
    );
  });
});

describe("throttle windows", () => {
  const keys = loginThrottleKeys("finestra@prova.it", "203.0.113.7");
  it.each([
    ["4 failures: still open", 4, 0, undefined],
    ["5 failures in a minute: locked for 15 min", 5, 0, 15 * 60],
    ["5 failures, 10 min later: 5 min to go", 5, 10 * 60_000, 5 * 60],
    ["5 failures, 15 min later: open again", 5, 15 * 60_000, undefined],
  ])("%s", async (_what, failures, laterMs, expected) => {
    await t.db.deleteFrom("login_throttles").execute();
    const start = new Date("2026-11-25T09:00:00Z");
    for (let i = 0; i < failures; i++)
      await countLoginAttempt(t.db, [keys.account], new Date(start.getTime() + i * 1000));
    const lastFailure = start.getTime() + (failures - 1) * 1000;
    expect(await lockedForSeconds(t.db, [keys.account], new Date(lastFailure + laterMs))).toBe(expected);
  });

  it("starts counting afresh once the window has passed", async () => {
    const start = new Date("2026-11-25T09:00:00Z");
    for (let i = 0; i < 4; i++) await countLoginAttempt(t.db, [keys.account], start);
    const later = new Date(start.getTime() + 16 * 60_000);
    await countLoginAttempt(t.db, [keys.account], later);
    expect(await lockedForSeconds(t.db, [keys.account], later)).toBeUndefined();
    const row = await t.db
      .selectFrom("login_throttles")
      .select("failures")
      .where("key", "=", keys.account.key)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });

  it("forgets the counters that no longer matter at the next failure, and keeps live windows and locks", async () => {
    await t.db.deleteFrom("login_throttles").execute();
    const start = new Date("2026-11-25T09:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const [stale, locked, live] = ["vecchio@prova.it", "bloccato@prova.it", "recente@prova.it"].map((e) => loginThrottleKeys(e, "203.0.113.8").account);
    await countLoginAttempt(t.db, [stale!], at(0));
    // Five failures from minute 6 to 10: the window opened at 6, the lock runs to minute 25.
    for (let i = 0; i < 5; i++) await countLoginAttempt(t.db, [locked!], at(6 + i));
    await countLoginAttempt(t.db, [live!], at(20));
    const remaining = async () => (await t.db.selectFrom("login_throttles").select("key").execute()).map((r) => r.key).sort();
    // Minute 22: the windows of minutes 0 and 6 have passed; only the first row is forgotten, the lock still holds.
    await countLoginAttempt(t.db, [keys.address], at(22));
    expect(await remaining()).toEqual([keys.address.key, locked!.key, live!.key].sort());
    expect(await lockedForSeconds(t.db, [locked!], at(22))).toBe(3 * 60);
    // Minute 26: the lock has ended too.
    await countLoginAttempt(t.db, [keys.address], at(26));
    expect(await remaining()).toEqual([keys.address.key, live!.key].sort());
  });

  it("counts concurrent failures without losing any", async () => {
    const at = new Date();
    await Promise.all(Array.from({ length: 10 }, () => countLoginAttempt(t.db, [keys.address], at)));
    const row = await t.db
      .selectFrom("login_throttles")
      .select("failures")
      .where("key", "=", keys.address.key)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(10);
  });
});

describe("POST /login", () => {
  it("answers 429 with Retry-After and an Italian message saying how long to wait", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      const r = await callRoute(loginAction, formPost("/login", { email: known.email, password: "no" }), {
        clientAddress: ip,
      });
      expect(r.status).toBe(401);
    }
    const r = await callRoute(loginAction, formPost("/login", { email: known.email, password: TEST_PASSWORD }), {
      clientAddress: ip,
    });
    expect(r.status).toBe(429);
    expect(r.headers.get("Retry-After")).toBe("900");
    expect(r.body).toMatchObject({ errors: { form: expect.stringMatching(/riprova tra 15 minuti\.$/) } });
  });

  it("answers an unknown e-mail and a wrong password identically", async () => {
    const unknown = await callRoute(loginAction, formPost("/login", { email: "nessuno@prova.it", password: "x" }), {
      clientAddress: "192.0.2.50",
    });
    const wrong = await callRoute(loginAction, formPost("/login", { email: known.email, password: "x" }), {
      clientAddress: "192.0.2.51",
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect({ ...(unknown.body as object), email: "" }).toEqual({ ...(wrong.body as object), email: "" });
  });

  it("sets the session cookie and redirects only to a local path", async () => {
    const r = await callRoute(
      loginAction,
      formPost("/login", { email: known.email, password: TEST_PASSWORD, redirectTo: "//evil.example" })
    );
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/");
    expect(r.headers.get("Set-Cookie")).toMatch(
      /^schedario_session=[a-z2-7]{24}\.[a-z2-7]{24}; HttpOnly; SameSite=Lax; Path=\/$/
    );
  });

  it("refuses a login form posted from another site (login CSRF)", async () => {
    const r = await callRoute(
      loginAction,
      formPost("/login", { email: known.email, password: TEST_PASSWORD }, { Origin: "https://evil.example" })
    );
    expect(r.status).toBe(403);
  });
});

describe("timing: unknown e-mail vs wrong password", () => {
  it("costs about the same (both verify one argon2id hash)", async () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const time = async (email: string) => {
      await t.db.deleteFrom("login_throttles").execute();
      const started = performance.now();
      await attemptLogin(t.db, { email, password: "password-sbagliata" }, client());
      return performance.now() - started;
    };
    await time("riscaldamento@prova.it");
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 15; i++) {
      unknown.push(await time(`sconosciuto${i}@prova.it`));
      wrong.push(await time(known.email));
    }
    const [u, w] = [median(unknown), median(wrong)];
    console.log(`login p50 (${t.kind}): unknown e-mail ${u.toFixed(1)} ms, wrong password ${w.toFixed(1)} ms`);
    // Without the dummy hash an unknown e-mail answers many times faster than a wrong password.
    expect(u / w).toBeGreaterThan(0.5);
    expect(u / w).toBeLessThan(2);
  });
});
