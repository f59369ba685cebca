import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor, type Membership } from "~/auth/policy";
import { listCases } from "~/cases/cases.server";
import { listOpenDeadlines } from "~/cases/court-orders.server";
import { action as ordersAction, loader as ordersLoader } from "~/routes/casi.$caseId_.provvedimenti";
import { loader as caseLoader } from "~/routes/casi.$caseId";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/** Court orders (provvedimenti) of a case and their report deadlines: scoped, validated, audited (issue 13). */

let t: TestDatabase;
const users = {} as Record<"seregno" | "meda" | "viewer", { id: number; cookie: string }>;
const MEMBERSHIPS: Record<keyof typeof users, Omit<Membership, "id">> = {
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  meda: { role: "worker", service: "tutela-minori", comune: "meda" },
  viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
};
let caseId: number;
let reportId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  await createPublishedForm(t.db, "relazione-prova", simpleSchema(), ["tutela-minori"]);
  caseId = (await createTestCase(t.db, { userId: users.seregno.id, code: "TM-DECRETO-1", service: "tutela-minori", comune: "seregno" })).id;
  reportId = (
    await createTestSubmission(t.db, {
      userId: users.seregno.id,
      form: "relazione-prova",
      service: "tutela-minori",
      comune: "seregno",
      caseCode: "TM-DECRETO-1",
      data: { dataIncontro: "2026-05-01" },
      status: "submitted",
    })
  ).id;
});
afterAll(() => t.destroy());

const path = `/casi/CASE/provvedimenti`;
const post = (who: keyof typeof users, fields: Record<string, string>, extraDeadlines: string[] = []) => {
  const request = formPost(path.replace("CASE", String(caseId)), fields, { Cookie: users[who].cookie });
  return request.formData().then((form) => {
    for (const d of extraDeadlines) form.append("scadenza", d);
    const body = new URLSearchParams([...form.entries()].map(([k, v]) => [k, String(v)]));
    return callRoute(ordersAction, new Request(request.url, { method: "POST", headers: request.headers, body }), { params: { caseId: String(caseId) } });
  });
};
const read = async (who: keyof typeof users) =>
  callRoute(ordersLoader, new Request(`${TEST_ORIGIN}/casi/${caseId}/provvedimenti`, { headers: { Cookie: users[who].cookie } }), { params: { caseId: String(caseId) } });

const DECREE = { intent: "add", autorita: "tribunale-minorenni", rg: "1234/2026", data: "2026-03-01", tipo: "affidamento-servizio", compiti: "Relazione al TM" };

describe("court orders", () => {
  it("refuses an incomplete decree by field, in Italian, saving nothing", async () => {
    const r = await post("seregno", { ...DECREE, rg: "", data: "2026-02-30" });
    expect(r.status).toBe(400);
    expect(Object.keys((r.body as { errors: Record<string, string> }).errors)).toEqual(["rg", "data"]);
    expect(await t.db.selectFrom("court_orders").select("id").execute()).toEqual([]);
  });

  it("records a decree with its report deadlines, audited without its text; readers see it, another comune gets 404", async () => {
    const r = await post("seregno", DECREE, ["2026-12-01", "2026-09-01"]);
    expect([r.status, r.headers.get("Location")]).toEqual([302, `/casi/${caseId}/provvedimenti?esito=registrato`]);
    const body = (await read("viewer")).body as { orders: { docketNumber: string; deadlines: { dueOn: string; report: unknown }[] }[]; canWrite: boolean };
    expect(body.canWrite).toBe(false);
    expect(body.orders.map((o) => [o.docketNumber, o.deadlines.map((d) => d.dueOn)])).toEqual([["1234/2026", ["2026-09-01", "2026-12-01"]]]);
    expect((await read("meda")).status).toBe(404);
    expect((await post("meda", DECREE)).status).toBe(404);
    expect((await post("viewer", DECREE)).status).toBe(403);
    const events = await t.db.selectFrom("audit_events").select(["action", "details"]).where("action", "like", "court_order.%").execute();
    expect(events.map((e) => e.action)).toEqual(["court_order.created"]);
    expect(JSON.stringify(events[0]!.details)).not.toContain("Relazione al TM");
  });

  it("feeds open deadlines (due within the window, overdue included) to Il mio lavoro, within scope, until a relazione is linked", async () => {
    const seregno = scopeFor([{ id: 0, ...MEMBERSHIPS.seregno }], "case.read");
    const meda = scopeFor([{ id: 0, ...MEMBERSHIPS.meda }], "case.read");
    const open = await listOpenDeadlines(t.db, seregno, "2026-09-30", "2026-09-05");
    expect(open.map((d) => [d.dueOn, d.overdue, d.caseCode])).toEqual([["2026-09-01", true, "TM-DECRETO-1"]]);
    expect(await listOpenDeadlines(t.db, meda, "2026-09-30", "2026-09-05")).toEqual([]);
    expect(await listOpenDeadlines(t.db, seregno, "2026-08-31", "2026-08-01")).toEqual([]);

    const deadline = open[0]!.id;
    const wrong = await post("seregno", { intent: "link", scadenza: String(deadline), relazione: "999999" });
    expect(wrong.status).toBe(400);
    const linked = await post("seregno", { intent: "link", scadenza: String(deadline), relazione: String(reportId) });
    expect(linked.status).toBe(302);
    expect((await listOpenDeadlines(t.db, seregno, "2026-12-31", "2026-09-05")).map((d) => [d.dueOn, d.overdue])).toEqual([["2026-12-01", false]]);
    const page = (await callRoute(caseLoader, new Request(`${TEST_ORIGIN}/casi/${caseId}`, { headers: { Cookie: users.seregno.cookie } }), { params: { caseId: String(caseId) } }))
      .body as { courtOrders: { deadlines: { report: { id: number } | null }[] }[] };
    expect(page.courtOrders[0]!.deadlines.map((d) => d.report?.id)).toEqual([reportId, undefined]);
  });

  it("shows coordinators' case lists the next report due, and filters the cases with one due by a date", async () => {
    await createTestCase(t.db, { userId: users.seregno.id, code: "TM-DECRETO-2", service: "tutela-minori", comune: "seregno" });
    const caller = { scope: scopeFor([{ id: 0, ...MEMBERSHIPS.seregno }], "case.read"), audit: { actor: { kind: "user" as const, userId: users.seregno.id } } };
    const list = async (reportDueBy?: string) =>
      (await listCases(t.db, caller, { code: "TM-DECRETO", reportDueBy })).cases.map((c) => [c.code, c.nextReportDue]);
    // The September report is linked to its relazione by now: December's is the one still owed.
    expect(await list()).toEqual([
      ["TM-DECRETO-2", null],
      ["TM-DECRETO-1", "2026-12-01"],
    ]);
    expect(await list("2026-12-01")).toEqual([["TM-DECRETO-1", "2026-12-01"]]);
    expect(await list("2026-11-30")).toEqual([]);
    expect((await listCases(t.db, { ...caller, scope: scopeFor([{ id: 0, ...MEMBERSHIPS.meda }], "case.read") }, { code: "TM-DECRETO" })).cases).toEqual([]);
  });
});
