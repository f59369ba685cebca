import { sql } from "kysely";
import type { AuditAction } from "~/audit/audit-labels";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "~/audit/audit.server";
import { toJsonb } from "~/db/db.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

describe("reference data (DESIGN §6)", () => {
  it("has the six comuni with their identifiers", async () => {
    const rows = await t.db.selectFrom("comuni").select("code").orderBy("code").execute();
    expect(rows.map((r) => r.code)).toEqual([
      "barlassina",
      "giussano",
      "lentate-sul-seveso",
      "meda",
      "seregno",
      "seveso",
    ]);
  });

  it("has the nine services with their identifiers", async () => {
    const rows = await t.db.selectFrom("services").select("code").orderBy("code").execute();
    expect(rows.map((r) => r.code).sort()).toEqual(
      [
        "tutela-minori",
        "penale-minorile",
        "regolamentazione-rapporti",
        "spazio-neutro",
        "affidi",
        "consulenza-legale",
        "coordinamento-etim",
        "supervisione-formazione",
        "amministrativo",
      ].sort(),
    );
  });
});

describe("driver differences are handled once", () => {
  it("returns count(*) and bigint ids as numbers", async () => {
    const { n } = await t.db
      .selectFrom("comuni")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBe(6);
    await recordAuditEvent(t.db, { actor: { kind: "system" }, action: "test.int8" as AuditAction });
    const { id } = await t.db.selectFrom("audit_events").select("id").executeTakeFirstOrThrow();
    expect(typeof id).toBe("number");
  });

  it("round-trips arrays and nested objects through jsonb", async () => {
    const value = { list: [1, "due", { tre: true }], nested: { a: null } };
    const { rows } = await sql<{ back: unknown; arr: unknown }>`
      select ${toJsonb(value)}::jsonb as back, ${toJsonb([1, 2])}::jsonb as arr`.execute(t.db);
    expect(rows[0]).toEqual({ back: value, arr: [1, 2] });
  });

  it("returns timestamptz as Date", async () => {
    const { rows } = await sql<{ now: unknown }>`select now() as now`.execute(t.db);
    expect(rows[0]?.now).toBeInstanceOf(Date);
  });
});

describe("transactions", () => {
  it("do not see each other's uncommitted writes, even on PGlite's single connection", async () => {
    let inserted!: () => void;
    const insertedPromise = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = t.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("comuni").values({ code: "uncommitted", name: "Mai salvato" }).execute();
        inserted();
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);

    await insertedPromise;
    // Issued while the transaction above is open: it must not run inside it.
    const seen = await t.db.selectFrom("comuni").select("code").where("code", "=", "uncommitted").execute();
    expect(seen).toEqual([]);
    expect(await rolledBack).toBe("roll back");
    const after = await t.db.selectFrom("comuni").select("code").where("code", "=", "uncommitted").execute();
    expect(after).toEqual([]);
  });

  it("serialise concurrent read-modify-write transactions without losing one", async () => {
    await t.db.insertInto("comuni").values({ code: "counter", name: "0" }).execute();
    const increment = () =>
      t.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom("comuni")
          .select("name")
          .where("code", "=", "counter")
          .forUpdate()
          .executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await trx
          .updateTable("comuni")
          .set({ name: String(Number(row.name) + 1) })
          .where("code", "=", "counter")
          .execute();
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    const row = await t.db.selectFrom("comuni").select("name").where("code", "=", "counter").executeTakeFirstOrThrow();
    expect(row.name).toBe("10");
    await t.db.deleteFrom("comuni").where("code", "=", "counter").execute();
  });
});

describe("audit_events", () => {
  it("accepts new events and rejects UPDATE, DELETE and TRUNCATE", async () => {
    await recordAuditEvent(t.db, {
      actor: { kind: "cli" },
      // Not a kind the app records: the table itself accepts any action.
      action: "test.append" as AuditAction,
      target: { type: "test", id: 1 },
      details: { note: "kept forever" },
    });
    const row = await t.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "test.append")
      .executeTakeFirstOrThrow();
    expect(row.details).toEqual({ note: "kept forever" });
    expect(row.target_id).toBe("1");

    await expect(
      t.db.updateTable("audit_events").set({ action: "rewritten" }).where("id", "=", row.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("audit_events").where("id", "=", row.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    const still = await t.db.selectFrom("audit_events").select("action").where("id", "=", row.id).executeTakeFirst();
    expect(still?.action).toBe("test.append");
  });
});
