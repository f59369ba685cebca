import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "~/lib/errors";
import { pageFieldErrors } from "~/http/page-errors.server";
import { scopeFor, type Membership } from "~/auth/policy";
import { casePathFor } from "~/cases/case-paths";
import { createCase, findCase, listCaseSubmissions, listCases, setCaseClosed } from "~/cases/cases.server";
import { action as caseAction, loader as caseLoader } from "~/routes/casi.$caseId";
import { action as newCaseAction } from "~/routes/casi.nuovo";
import { loader as casesLoader } from "~/routes/casi._index";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
const users = {} as Record<"seregno" | "meda" | "coordinator" | "viewer" | "affidi", { id: number; cookie: string }>;
const MEMBERSHIPS: Record<keyof typeof users, Omit<Membership, "id">> = {
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  meda: { role: "worker", service: "tutela-minori", comune: "meda" },
  coordinator: { role: "coordinator", service: "tutela-minori", comune: null },
  viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
  affidi: { role: "worker", service: "affidi", comune: null },
};

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  await createPublishedForm(
    t.db,
    "valutazione-prova",
    simpleSchema({ puntoRilevazione: { type: "string", title: "Tempo", enum: ["T0", "T1", "T2"] } }),
    ["tutela-minori"]
  );
});
afterAll(() => t.destroy());

function caller(who: keyof typeof users, action: "case.read" | "case.write" = "case.write") {
  const scope = scopeFor([{ id: 0, ...MEMBERSHIPS[who] }], action);
  return { scope, userId: users[who].id, audit: { actor: { kind: "user" as const, userId: users[who].id } } };
}

async function inputErrors(step: () => Promise<unknown>) {
  try {
    await step();
  } catch (error) {
    if (error instanceof InvalidInputError) return pageFieldErrors(error.errors);
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

const open = (who: keyof typeof users, values: Record<string, string>) =>
  t.db.transaction().execute((trx) => createCase(trx, caller(who), values));

async function caseEvents(id: number) {
  const rows = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("target_type", "=", "case")
    .where("target_id", "=", String(id))
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

describe("createCase", () => {
  it("opens a case in the worker's service × comune, normalising the code, audited", async () => {
    const c = await open("seregno", { code: "tm-ser-100", minorRef: "M-100", service: "tutela-minori", comune: "seregno" });
    expect(c).toMatchObject({ code: "TM-SER-100", minorRef: "M-100", service: "tutela-minori", comune: "seregno", closedAt: null });
    expect(await caseEvents(c.id)).toEqual(["case.created"]);
  });

  it("refuses a duplicate code in the same service with a clear field error, in any comune", async () => {
    await open("seregno", { code: "TM-DUP-1", minorRef: "M-1", service: "tutela-minori", comune: "seregno" });
    expect(await inputErrors(() => open("meda", { code: "tm-dup-1", minorRef: "M-2", service: "tutela-minori", comune: "meda" }))).toEqual({
      code: "Il codice TM-DUP-1 è già usato da un'altra cartella di questo servizio: scegline un altro.",
    });
    // Codes are unique per service: another service may use the same one.
    await expect(open("affidi", { code: "TM-DUP-1", minorRef: "M-3", service: "affidi", comune: "" })).resolves.toMatchObject({ code: "TM-DUP-1" });
  });

  it("refuses a service × comune outside the worker's scope, a territorial service without comune, unknown codes", async () => {
    const base = { code: "TM-X-1", minorRef: "M-9", service: "tutela-minori" };
    expect(await inputErrors(() => open("meda", { ...base, comune: "seregno" }))).toEqual({
      service: "Non sei abilitato ad aprire cartelle in questo servizio e comune.",
    });
    expect(await inputErrors(() => open("seregno", { ...base, comune: "" }))).toEqual({
      comune: "Scegli il comune: questo servizio lavora per comune.",
    });
    expect(await inputErrors(() => open("seregno", { ...base, comune: "atlantide" }))).toEqual({ comune: "Comune sconosciuto." });
    expect(await inputErrors(() => open("seregno", { ...base, service: "nessuno", comune: "seregno" }))).toEqual({ service: "Servizio sconosciuto." });
    expect(await inputErrors(() => open("seregno", { code: "x", minorRef: "RSSMRA80A01F205X", service: "", comune: "" }))).toEqual({
      code: expect.stringContaining("da 3 a 32"),
      minorRef: expect.stringContaining("codice fiscale"),
      service: "Scegli il servizio.",
    });
    // A viewer may write nowhere.
    expect(await inputErrors(() => open("viewer", { ...base, comune: "seregno" }))).toHaveProperty("service");
  });
});

describe("findCase, listCases, setCaseClosed", () => {
  let seregnoCase: number;
  let medaCase: number;
  beforeAll(async () => {
    seregnoCase = (await createTestCase(t.db, { userId: users.seregno.id, code: "TM-LIST-A", service: "tutela-minori", comune: "seregno" })).id;
    medaCase = (await createTestCase(t.db, { userId: users.meda.id, code: "TM-LIST-B", service: "tutela-minori", comune: "meda" })).id;
  });

  it("finds a case only within scope (unknown and out of scope look the same), auditing reads", async () => {
    expect(await findCase(t.db, caller("seregno", "case.read"), seregnoCase)).toMatchObject({ code: "TM-LIST-A", serviceName: expect.any(String), comuneName: "Seregno" });
    expect(await findCase(t.db, caller("meda", "case.read"), seregnoCase)).toBeUndefined();
    expect(await findCase(t.db, caller("affidi", "case.read"), seregnoCase)).toBeUndefined();
    expect(await findCase(t.db, caller("coordinator", "case.read"), seregnoCase)).toBeDefined();
    expect(await findCase(t.db, caller("seregno", "case.read"), 999_999)).toBeUndefined();
    expect(await caseEvents(seregnoCase)).toEqual(["case.created", "case.read", "case.read"]);
  });

  it("lists cases in scope with filters and keyset pages", async () => {
    const codes = async (who: keyof typeof users, filters = {}, page = {}) =>
      (await listCases(t.db, caller(who, "case.read"), { code: "TM-LIST", ...filters }, page)).cases.map((c) => c.code);
    expect(await codes("seregno")).toEqual(["TM-LIST-A"]);
    expect(await codes("coordinator")).toEqual(["TM-LIST-B", "TM-LIST-A"]);
    expect(await codes("coordinator", { comune: "meda" })).toEqual(["TM-LIST-B"]);
    expect(await codes("coordinator", { code: "tm-list-a" })).toEqual(["TM-LIST-A"]);
    // LIKE wildcards in the filter are literal characters.
    expect(await codes("coordinator", { code: "TM_LIST%" })).toEqual([]);
    const first = await listCases(t.db, caller("coordinator", "case.read"), { code: "TM-LIST" }, { limit: 1 });
    expect(first.cases.map((c) => c.code)).toEqual(["TM-LIST-B"]);
    expect(await codes("coordinator", {}, { cursor: first.nextCursor!, limit: 1 })).toEqual(["TM-LIST-A"]);
  });

  it("closes and reopens a case in write scope, once each, audited; others get undefined", async () => {
    expect(await t.db.transaction().execute((trx) => setCaseClosed(trx, caller("meda"), seregnoCase, true))).toBeUndefined();
    expect(await t.db.transaction().execute((trx) => setCaseClosed(trx, caller("viewer"), seregnoCase, true))).toBeUndefined();
    const closed = await t.db.transaction().execute((trx) => setCaseClosed(trx, caller("seregno"), seregnoCase, true));
    expect(closed?.closedAt).toBeInstanceOf(Date);
    await t.db.transaction().execute((trx) => setCaseClosed(trx, caller("seregno"), seregnoCase, true));
    const list = async (state: "open" | "closed") =>
      (await listCases(t.db, caller("seregno", "case.read"), { state, code: "TM-LIST" })).cases.map((c) => c.code);
    expect([await list("open"), await list("closed")]).toEqual([[], ["TM-LIST-A"]]);
    const reopened = await t.db.transaction().execute((trx) => setCaseClosed(trx, caller("seregno"), seregnoCase, false));
    expect(reopened?.closedAt).toBeNull();
    expect((await caseEvents(seregnoCase)).filter((a) => a !== "case.read")).toEqual(["case.created", "case.closed", "case.reopened"]);
    expect(medaCase).toBeGreaterThan(0);
  });
});

describe("the case page", () => {
  let caseId: number;
  beforeAll(async () => {
    caseId = (await createTestCase(t.db, { userId: users.seregno.id, code: "TM-PAGE-1", service: "tutela-minori", comune: "seregno" })).id;
    const base = { userId: users.seregno.id, form: "valutazione-prova", service: "tutela-minori", comune: "seregno", caseCode: "TM-PAGE-1" };
    await createTestSubmission(t.db, { ...base, data: { puntoRilevazione: "T1" } });
    await createTestSubmission(t.db, { ...base, data: { puntoRilevazione: "T0", dataIncontro: "2026-01-01" }, status: "submitted" });
  });

  const page = (who: keyof typeof users, id: number) =>
    callRoute(caseLoader, new Request(`${TEST_ORIGIN}/casi/${id}`, { headers: { Cookie: users[who].cookie } }), { params: { caseId: String(id) } });

  it("shows the case's submissions with their time point, and start links for a worker of the case", async () => {
    const r = await page("seregno", caseId);
    expect(r.status).toBe(200);
    const body = r.body as { case: { code: string }; path: { stages: { key: string; entries: { id: number }[] }[] }; startable: { url: string }[] };
    expect(body.case.code).toBe("TM-PAGE-1");
    // A form outside the service's path is listed after it, oldest first.
    expect(body.path.stages.filter((s) => s.entries.length).map((s) => [s.key, s.entries.length])).toEqual([["other", 2]]);
    expect(body.startable.map((f) => f.url)).toContain("/moduli/valutazione-prova/compila?servizio=tutela-minori&comune=seregno&caso=TM-PAGE-1");
    // A viewer reads the same case but starts nothing.
    expect(((await page("viewer", caseId)).body as { startable: unknown[] }).startable).toEqual([]);
  });

  it("answers 404 to another comune's worker and to unknown ids", async () => {
    expect((await page("meda", caseId)).status).toBe(404);
    expect((await page("affidi", caseId)).status).toBe(404);
    expect((await page("seregno", 999_999)).status).toBe(404);
    const bad = await callRoute(caseLoader, new Request(`${TEST_ORIGIN}/casi/abc`, { headers: { Cookie: users.seregno.cookie } }), { params: { caseId: "abc" } });
    expect(bad.status).toBe(404);
  });

  it("lists the submissions of a case within the reader's scope only", async () => {
    const path = casePathFor("tutela-minori");
    expect(await listCaseSubmissions(t.db, caller("seregno", "case.read").scope, caseId, path)).toHaveLength(2);
    expect(await listCaseSubmissions(t.db, caller("meda", "case.read").scope, caseId, path)).toEqual([]);
  });

  it("closes from the page (worker of the case), 404 for another comune's worker", async () => {
    const post = (who: keyof typeof users) =>
      callRoute(caseAction, formPost(`/casi/${caseId}`, { intent: "close" }, { Cookie: users[who].cookie }), { params: { caseId: String(caseId) } });
    expect((await post("meda")).status).toBe(404);
    const r = await post("seregno");
    expect([r.status, r.headers.get("Location")]).toEqual([302, `/casi/${caseId}?esito=chiusa`]);
  });

  it("opens a case from /casi/nuovo and redirects to it; errors come back by field with the values", async () => {
    const post = (fields: Record<string, string>) => callRoute(newCaseAction, formPost("/casi/nuovo", fields, { Cookie: users.seregno.cookie }));
    const created = await post({ code: "TM-NEW-9", minorRef: "M-9", service: "tutela-minori", comune: "seregno" });
    expect(created.status).toBe(302);
    const { id } = await t.db.selectFrom("cases").select("id").where("code", "=", "TM-NEW-9").executeTakeFirstOrThrow();
    expect(created.headers.get("Location")).toBe(`/casi/${id}`);
    const duplicate = await post({ code: "TM-NEW-9", minorRef: "M-9", service: "tutela-minori", comune: "seregno" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ errors: { code: expect.stringContaining("già usato") }, values: { code: "TM-NEW-9" } });
  });

  it("lists cases on /casi for a reader, with the state filter, recording the listing", async () => {
    const listed = () =>
      t.db.selectFrom("audit_events").select(sql<number>`count(*)::int`.as("n")).where("action", "=", "case.listed").executeTakeFirstOrThrow();
    const before = await listed();
    const r = await callRoute(casesLoader, new Request(`${TEST_ORIGIN}/casi?stato=tutte&codice=TM-PAGE`, { headers: { Cookie: users.viewer.cookie } }));
    expect((r.body as { cases: { code: string }[] }).cases.map((c) => c.code)).toEqual(["TM-PAGE-1"]);
    const none = await callRoute(casesLoader, new Request(`${TEST_ORIGIN}/casi?codice=TM-PAGE`, { headers: { Cookie: users.meda.cookie } }));
    expect((none.body as { cases: unknown[] }).cases).toEqual([]);
    expect(await listed()).toEqual({ n: before.n + 2 });
  });
});
