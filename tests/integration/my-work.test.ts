import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { scopeFor, type Membership } from "~/auth/policy";
import { proposeCaseDeletion, setLegalHold } from "~/cases/retention.server";
import { addDays, todayInRome } from "~/cases/today";
import { loader as homeLoader } from "~/routes/_index";
import { loader as workLoader } from "~/routes/lavoro";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/** Il mio lavoro (issue 13): the signed-in home, scoped exactly as the lists; admins get theirs. */

let t: TestDatabase;
const users = {} as Record<"seregno" | "meda" | "admin" | "none" | "coordinator" | "otherCoordinator", { id: number; cookie: string }>;
const MEMBERSHIPS: Record<keyof typeof users, Omit<Membership, "id">> = {
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  meda: { role: "worker", service: "tutela-minori", comune: "meda" },
  admin: { role: "admin", service: null, comune: null },
  coordinator: { role: "coordinator", service: "tutela-minori", comune: null },
  otherCoordinator: { role: "coordinator", service: "affidi", comune: null },
  // Created as a viewer, then stripped of every membership.
  none: { role: "viewer", service: "affidi", comune: null },
};

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  await t.db.deleteFrom("memberships").where("user_id", "=", users.none.id).execute();
  await createPublishedForm(t.db, "mondo-del-bambino", simpleSchema(), ["tutela-minori"]);
  const c = await createTestCase(t.db, { userId: users.seregno.id, code: "TM-LAVORO-1", service: "tutela-minori", comune: "seregno" });
  await createTestSubmission(t.db, { userId: users.seregno.id, form: "mondo-del-bambino", service: "tutela-minori", comune: "seregno", caseCode: "TM-LAVORO-1" });
  const order = await t.db
    .insertInto("court_orders")
    .values({ case_id: c.id, authority: "tribunale-minorenni", docket_number: "77/2026", issued_on: "2026-01-01", order_type: "art-403", duties: "", created_by: users.seregno.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const today = todayInRome();
  await t.db
    .insertInto("court_order_deadlines")
    .values([
      { court_order_id: order.id, due_on: addDays(today, -2) },
      { court_order_id: order.id, due_on: addDays(today, 10) },
      { court_order_id: order.id, due_on: addDays(today, 45) },
    ])
    .execute();
});
afterAll(() => t.destroy());

type Work = {
  cases: {
    drafts: { id: number }[];
    deadlines: { overdue: boolean }[];
    openCases: { code: string; nextStep: { label: string } | null }[];
    retentionDue: { code: string; dueOn: string }[] | null;
  } | null;
  admin: { usersWithoutMemberships: { id: number }[]; deletionsAwaiting: number | null } | null;
};
const work = async (who: keyof typeof users) =>
  (await callRoute(workLoader, new Request(`${TEST_ORIGIN}/lavoro`, { headers: { Cookie: users[who].cookie } }))).body as Work;

describe("Il mio lavoro", () => {
  it("is where a signed-in person lands from the home page", async () => {
    const r = await callRoute(homeLoader, new Request(`${TEST_ORIGIN}/`, { headers: { Cookie: users.seregno.cookie } }));
    expect([r.status, r.headers.get("Location")]).toEqual([302, "/lavoro"]);
    expect((await callRoute(homeLoader, new Request(`${TEST_ORIGIN}/`))).status).toBe(200);
  });

  it("shows a worker their drafts, their open cases with the next step, and report deadlines overdue or within 30 days", async () => {
    const { cases } = await work("seregno");
    expect(cases!.drafts).toHaveLength(1);
    expect(cases!.deadlines.map((d) => d.overdue)).toEqual([true, false]);
    expect(cases!.openCases).toEqual([{ id: expect.any(Number), code: "TM-LAVORO-1", nextStep: { label: "Il Mondo del Bambino — T0" } }]);
  });

  it("shows nothing of another comune's cases", async () => {
    const { cases } = await work("meda");
    expect([cases!.drafts, cases!.deadlines, cases!.openCases]).toEqual([[], [], []]);
  });

  it("shows a coordinator the closed cases due for a retention review, except those held or already proposed; the admin the proposals to decide", async () => {
    for (const code of ["TM-LAVORO-DUE", "TM-LAVORO-HELD", "TM-LAVORO-PROPOSED"]) {
      await createTestCase(t.db, { userId: users.seregno.id, code, service: "tutela-minori", comune: "seregno" });
    }
    await t.db.updateTable("cases").set({ closed_at: sql`now() - interval '11 years'` }).where("code", "like", "TM-LAVORO-%").where("code", "!=", "TM-LAVORO-1").execute();
    const idOf = async (code: string) => (await t.db.selectFrom("cases").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const caller = { scope: scopeFor([{ id: 0, role: "coordinator", service: "tutela-minori", comune: null }], "retention.manage"), userId: users.coordinator.id, audit: { actor: { kind: "user" as const, userId: users.coordinator.id } } };
    const [held, proposed] = [await idOf("TM-LAVORO-HELD"), await idOf("TM-LAVORO-PROPOSED")];
    await t.db.transaction().execute((trx) => setLegalHold(trx, caller, held, "Procedimento aperto"));
    await t.db.transaction().execute((trx) => proposeCaseDeletion(trx, caller, proposed));

    expect((await work("coordinator")).cases!.retentionDue!.map((c) => c.code)).toEqual(["TM-LAVORO-DUE"]);
    expect((await work("otherCoordinator")).cases!.retentionDue).toEqual([]);
    // Workers do not review retention: no such section at all.
    expect((await work("seregno")).cases!.retentionDue).toBeNull();
    expect((await work("admin")).admin!.deletionsAwaiting).toBe(1);
  });

  it("gives an admin the admin's work and no case data", async () => {
    const { cases, admin } = await work("admin");
    expect(cases).toBeNull();
    expect(admin!.usersWithoutMemberships.map((u) => u.id)).toContain(users.none.id);
    const audit = await t.db.selectFrom("audit_events").select("action").where("action", "=", "work.viewed").execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });
});
