import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor, type Membership } from "~/auth/policy";
import { scopeKey } from "~/auth/scoped-query.server";
import { preparedStatement } from "~/db/prepared.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Statements built once per shape and run with new values (db/prepared.server):
 * each run sees its own values, each shape its own SQL, and a value the
 * builder turns into SQL text instead of a parameter is refused.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

// The shape (an initial) is part of the SQL; the code is a parameter.
const comuneWithInitial = preparedStatement(
  (initial: string) => initial,
  (db, initial, v: { code: string }) =>
    db
      .selectFrom("comuni")
      .select("name")
      .where("code", "=", v.code)
      .where("name", "like", `${initial}%`),
);

describe("a prepared statement", () => {
  it("runs with the values of each call", async () => {
    expect(await comuneWithInitial(t.db, "", { code: "seregno" })).toEqual([{ name: "Seregno" }]);
    expect(await comuneWithInitial(t.db, "", { code: "meda" })).toEqual([{ name: "Meda" }]);
    expect(await comuneWithInitial(t.db, "", { code: "nessuno" })).toEqual([]);
  });

  it("compiles each shape apart: a statement of one shape never answers for another", async () => {
    expect(await comuneWithInitial(t.db, "S", { code: "seregno" })).toEqual([{ name: "Seregno" }]);
    expect(await comuneWithInitial(t.db, "M", { code: "seregno" })).toEqual([]);
    expect(await comuneWithInitial(t.db, "M", { code: "meda" })).toEqual([{ name: "Meda" }]);
    expect(await comuneWithInitial(t.db, "S", { code: "meda" })).toEqual([]);
  });

  it("runs inside a transaction as outside it", async () => {
    const inside = await t.db.transaction().execute((trx) => comuneWithInitial(trx, "G", { code: "giussano" }));
    expect(inside).toEqual([{ name: "Giussano" }]);
    expect(await comuneWithInitial(t.db, "G", { code: "giussano" })).toEqual([{ name: "Giussano" }]);
  });

  it("refuses a value that the builder wrote into the SQL text instead of a parameter", async () => {
    const byPrefix = preparedStatement(
      () => "",
      (db, _shape: undefined, v: { prefix: string }) => db.selectFrom("comuni").select("name").where("name", "like", `${v.prefix}%`),
    );
    await expect(byPrefix(t.db, undefined, { prefix: "Se" })).rejects.toThrow("prefix must be query parameters, not part of the statement's shape");
  });
});

describe("scopeKey, the shape of a statement prepared per scope", () => {
  const key = (...memberships: Omit<Membership, "id">[]) => scopeKey(scopeFor(memberships.map((m, id) => ({ id, ...m })), "case.read"));
  it("differs whenever the rows the scope covers differ", () => {
    const keys = [
      key({ role: "worker", service: "tutela-minori", comune: "seregno" }),
      key({ role: "worker", service: "tutela-minori", comune: "meda" }),
      key({ role: "worker", service: "affidi", comune: "seregno" }),
      key({ role: "worker", service: "tutela-minori", comune: null }),
      key({ role: "worker", service: "tutela-minori", comune: "seregno" }, { role: "worker", service: "tutela-minori", comune: "meda" }),
      key(),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
  it("is the same for the same grants, whatever the role that gives them", () => {
    expect(key({ role: "worker", service: "tutela-minori", comune: "seregno" })).toBe(key({ role: "viewer", service: "tutela-minori", comune: "seregno" }));
  });
});
