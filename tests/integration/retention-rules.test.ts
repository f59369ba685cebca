import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/audit/audit.server";
import { describeAuditEvents } from "~/audit/audit-view.server";
import { listCasesDue } from "~/cases/retention.server";
import { scopeFor } from "~/auth/policy";
import { action, loader } from "~/routes/admin.conservazione_.regole";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { sql } from "kysely";

/**
 * The admin's retention rules page (issue 17 item 4, ADR 0024): rules are data
 * an admin changes, each change checked and audited with the years before;
 * a service's base rule can be changed, never removed; a longer rule for a
 * form kind keeps the cases holding such a form.
 */

let t: TestDatabase;
let users: Record<"admin" | "coordinator", { id: number; cookie: string }>;
const PATH = "/admin/conservazione/regole";

const post = (fields: Record<string, string>) => callRoute(action, formPost(PATH, { modulo: `${fields.servizio}:x`, ...fields }, { Cookie: users.admin.cookie }));
const rulesOf = (service: string) =>
  t.db.selectFrom("retention_rules").select(["form_kind", "years_after_closure", "basis"]).where("service_code", "=", service).orderBy(sql`form_kind nulls first`).execute();

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  users = await createSignedInUsers(t.db, {
    admin: { role: "admin", service: null, comune: null },
    coordinator: { role: "coordinator", service: "tutela-minori", comune: null },
  });
});
afterAll(() => t.destroy());

describe("retention rules", () => {
  it("lists every service with its base rule, by name", async () => {
    const page = await callRoute(loader, new Request(`${TEST_ORIGIN}${PATH}`, { headers: { Cookie: users.admin.cookie } }));
    expect(page.status).toBe(200);
    const { services } = page.body as { services: { code: string; name: string; rules: { formKind: string | null; years: number }[] }[] };
    const services_ = await t.db.selectFrom("services").select("name").orderBy("name").execute();
    expect(services.map((s) => s.name)).toEqual(services_.map((s) => s.name));
    for (const s of services) expect(s.rules.map((r) => [r.formKind, r.years])).toEqual([[null, 10]]);
  });

  it("changes a base rule's years and basis, audited with the years before; the log reads it in words", async () => {
    const answer = await post({ intent: "save", servizio: "tutela-minori", tipo: "", anni: " 12 ", fondamento: "Piano di conservazione 2027, voce 4.2" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe("/admin/conservazione/regole?esito=changed#servizio-tutela-minori");
    expect(await rulesOf("tutela-minori")).toEqual([{ form_kind: null, years_after_closure: 12, basis: "Piano di conservazione 2027, voce 4.2" }]);

    const { events } = await listAuditEvents(t.db, { action: "retention." }, { limit: 10 });
    expect(events.map((e) => [e.action, e.actor.userId, e.service, e.details])).toEqual([
      ["retention.rule.changed", users.admin.id, "tutela-minori", { formKind: null, years: 12, yearsBefore: 10 }],
    ]);
    const [readable] = await describeAuditEvents(t.db, events);
    expect(readable).toMatchObject({ label: "Regola di conservazione modificata", place: "Servizio Tutela Minori (équipe territoriale)" });
    expect(readable!.details).toEqual(["Vale per: tutte le cartelle del servizio", "Anni dopo la chiusura: 10 → 12"]);

    // The same values again: nothing to record.
    const again = await post({ intent: "save", servizio: "tutela-minori", tipo: "", anni: "12", fondamento: "Piano di conservazione 2027, voce 4.2" });
    expect(again.headers.get("Location")).toMatch(/esito=unchanged/);
    expect((await listAuditEvents(t.db, { action: "retention." }, { limit: 10 })).events).toHaveLength(1);
  });

  it("refuses bad years and an empty basis in Italian, keeping what was typed and changing nothing", async () => {
    for (const [anni, fondamento] of [
      ["0", "x"],
      ["101", "x"],
      ["dieci", "x"],
      ["2.5", "x"],
      ["", "x"],
      ["5", "   "],
      ["5", "a".repeat(301)],
    ] as const) {
      const answer = await post({ intent: "save", servizio: "affidi", tipo: "", anni, fondamento });
      expect(answer.status, `${anni} / ${fondamento.slice(0, 5)}`).toBe(400);
      const body = answer.body as { errors: Record<string, string>; posted: { values: Record<string, string> } };
      expect(Object.values(body.errors).join(" ")).toMatch(/^(Scrivi gli anni di conservazione dopo la chiusura come numero intero da 1 a 100\.|Scrivi da dove viene il termine|Il fondamento può avere al massimo 300 caratteri)/);
      expect(body.posted.values).toMatchObject({ anni, fondamento });
    }
    const bad = await post({ intent: "save", servizio: "affidi", tipo: "sconosciuto", anni: "5", fondamento: "x" });
    expect((bad.body as { errors: Record<string, string> }).errors).toEqual({ tipo: "Scegli il tipo di modulo dall'elenco." });
    expect(await rulesOf("affidi")).toEqual([{ form_kind: null, years_after_closure: 10, basis: expect.any(String) }]);
    expect((await post({ intent: "save", servizio: "nessuno", tipo: "", anni: "5", fondamento: "x" })).status).toBe(404);
    expect((await post({ intent: "boh", servizio: "affidi" })).status).toBe(400);
  });

  it("adds a longer rule for a form kind, which keeps the cases holding such a form; removes it; never removes a base rule", async () => {
    await createPublishedForm(t.db, "relazione-regole", simpleSchema(), ["spazio-neutro"]);
    const worker = await createSignedInUsers(t.db, { w: { role: "worker", service: "spazio-neutro", comune: null } });
    const kept = await createTestCase(t.db, { userId: worker.w.id, code: "SN-REG-A", service: "spazio-neutro", comune: "meda" });
    await createTestCase(t.db, { userId: worker.w.id, code: "SN-REG-B", service: "spazio-neutro", comune: "meda" });
    await createTestSubmission(t.db, { userId: worker.w.id, form: "relazione-regole", service: "spazio-neutro", comune: "meda", caseCode: "SN-REG-A", data: { dataIncontro: "2014-05-01" }, status: "submitted" });
    await t.db.updateTable("cases").set({ closed_at: sql`now() - interval '11 years'` }).where("code", "in", ["SN-REG-A", "SN-REG-B"]).execute();
    const due = async () => (await listCasesDue(t.db, scopeFor([{ id: 0, role: "coordinator", service: "spazio-neutro", comune: null }], "retention.manage"))).map((c) => c.code);
    expect(await due()).toEqual(["SN-REG-A", "SN-REG-B"]);

    const added = await post({ intent: "save", servizio: "spazio-neutro", tipo: "report", anni: "20", fondamento: "Relazioni al tribunale" });
    expect(added.headers.get("Location")).toMatch(/esito=created/);
    expect(await due()).toEqual(["SN-REG-B"]);
    expect(kept.id).toBeGreaterThan(0);

    const rule = await t.db.selectFrom("retention_rules").select("id").where("service_code", "=", "spazio-neutro").where("form_kind", "=", "report").executeTakeFirstOrThrow();
    const removed = await post({ intent: "remove", servizio: "spazio-neutro", regola: String(rule.id) });
    expect(removed.headers.get("Location")).toMatch(/esito=removed/);
    expect(await due()).toEqual(["SN-REG-A", "SN-REG-B"]);

    const base = await t.db.selectFrom("retention_rules").select("id").where("service_code", "=", "spazio-neutro").where("form_kind", "is", null).executeTakeFirstOrThrow();
    const refused = await post({ intent: "remove", servizio: "spazio-neutro", regola: String(base.id) });
    expect(refused.status).toBe(409);
    expect((refused.body as { errors: Record<string, string> }).errors.form).toBe("Non è possibile: la regola di base del servizio resta: cambiane gli anni.");
    expect((await post({ intent: "remove", servizio: "spazio-neutro", regola: "999999" })).status).toBe(404);

    const { events } = await listAuditEvents(t.db, { action: "retention." }, { limit: 10 });
    const readable = await describeAuditEvents(t.db, events);
    expect(readable.slice(0, 2).map((e) => [e.label, ...e.details])).toEqual([
      ["Regola di conservazione tolta", "Vale per: le cartelle con un modulo di tipo «Relazione»", "Anni dopo la chiusura: 20"],
      ["Regola di conservazione aggiunta", "Vale per: le cartelle con un modulo di tipo «Relazione»", "Anni dopo la chiusura: 20"],
    ]);
  });

  it("is for admins only: a coordinator gets 403 and changes nothing", async () => {
    const answer = await callRoute(action, formPost(PATH, { intent: "save", servizio: "affidi", tipo: "", anni: "3", fondamento: "x" }, { Cookie: users.coordinator.cookie }));
    expect(answer.status).toBe(403);
    expect((await rulesOf("affidi"))[0]!.years_after_closure).toBe(10);
  });
});
