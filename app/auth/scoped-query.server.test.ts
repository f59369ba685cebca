import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "~/db/schema";
import { scopeFor, type Membership } from "./policy";
import { inScope } from "./scoped-query.server";

// Compiles queries without a database, to read the WHERE clause each scope produces.
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function whereFor(memberships: Omit<Membership, "id">[]) {
  const scope = scopeFor(
    memberships.map((m, id) => ({ ...m, id })),
    "case.read"
  );
  const query = db
    .selectFrom("memberships")
    .select("id")
    .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
    .compile();
  return { sql: query.sql.replace(/^select "id" from "memberships" where /, ""), parameters: query.parameters };
}

describe("inScope puts the caller's scope in the WHERE clause", () => {
  it.each([
    ["no grant: no row", [], "false", []],
    ["admin holds no case.read grant: no row", [{ role: "admin", service: null, comune: null }], "false", []],
    [
      "one service, one comune",
      [{ role: "worker", service: "tutela-minori", comune: "seregno" }],
      '("service_code" = $1 and "comune_code" = $2)',
      ["tutela-minori", "seregno"],
    ],
    ["a whole service", [{ role: "coordinator", service: "affidi", comune: null }], '"service_code" = $1', ["affidi"]],
    [
      "two grants",
      [
        { role: "worker", service: "tutela-minori", comune: "meda" },
        { role: "viewer", service: "affidi", comune: null },
      ],
      '(("service_code" = $1 and "comune_code" = $2) or "service_code" = $3)',
      ["tutela-minori", "meda", "affidi"],
    ],
  ] as const)("%s", (_what, memberships, sql, parameters) => {
    expect(whereFor(memberships as unknown as Omit<Membership, "id">[])).toEqual({ sql, parameters });
  });
});
