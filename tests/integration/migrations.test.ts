import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { MigrationError, migrateToLatest } from "~/db/migrate.server";
import { migrations } from "../../migrations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.destroy();
  t = undefined;
});

async function tableNames(db: Kysely<any>) {
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name);
}

describe("migrateToLatest", () => {
  it("creates every table on an empty database and is a no-op the second time", async () => {
    t = await createTestDatabase({ empty: true });
    const applied = await migrateToLatest(t.db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await tableNames(t.db)).toEqual(expect.arrayContaining(["comuni", "services", "users", "memberships", "audit_events"]));
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("leaves the database exactly as it was when a migration fails half-way", async () => {
    t = await createTestDatabase({ empty: true });
    const failing = {
      ...migrations,
      "9998_creates_a_table": {
        up: async (db: Kysely<any>) => {
          await db.schema.createTable("half_way").addColumn("id", "integer").execute();
        },
      },
      "9999_fails": {
        up: async (db: Kysely<any>) => {
          await sql`select * from no_such_table`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(t.db, failing)).rejects.toThrow(MigrationError);
    await expect(migrateToLatest(t.db, failing)).rejects.toThrow(/9999_fails failed, nothing was changed/);
    // Not even the migrations before the failing one were kept.
    expect(await tableNames(t.db)).not.toContain("half_way");
    expect(await tableNames(t.db)).not.toContain("comuni");
  });
});
