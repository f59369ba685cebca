import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS } from "~/audit/audit-labels";
import { loader as logLoader } from "~/routes/admin.registro";
import { loader as csvLoader } from "~/routes/admin.registro[.]csv";
import { createTestCase } from "../support/cases";
import { createSignedInUser, createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { callRoute, TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
let worker: { id: number; email: string };
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  admin = await createSignedInUser(t.db, { role: "admin" });
  worker = await createTestUser(t.db, { role: "worker", service: "spazio-neutro" }, { email: "rosa.bianchi@comune.it" });
  await t.db.updateTable("users").set({ display_name: "Rosa Bianchi" }).where("id", "=", worker.id).execute();
  await createPublishedForm(t.db, "verbale-registro");
  await createTestCase(t.db, { userId: worker.id, code: "SN-REG-1", service: "spazio-neutro" });
  await createTestCase(t.db, { userId: worker.id, code: "SN-REG-2", service: "spazio-neutro" });
  await createTestSubmission(t.db, { userId: worker.id, form: "verbale-registro", service: "spazio-neutro", caseCode: "SN-REG-1" });
});
afterAll(() => t.destroy());

type Page = { events: { label: string; actor: string; actorEmail: string | null; object: string | null; place: string | null }[]; unknownCase: boolean };

async function log(query = ""): Promise<Page> {
  const r = await callRoute(logLoader, new Request(`${TEST_ORIGIN}/admin/registro${query}`, { headers: { Cookie: admin.cookie } }));
  expect(r.status).toBe(200);
  return r.body as Page;
}

describe("the readable audit log", () => {
  it("shows people by name, Italian labels, case codes and form titles with version — no codes or ids", async () => {
    const page = await log(`?persona=${worker.id}`);
    expect(page.events.map((e) => [e.label, e.actor, e.object, e.place])).toEqual([
      ["Scheda creata", "Rosa Bianchi", "Scheda «Verbale di prova», versione 1 · cartella SN-REG-1", "Spazio Neutro"],
      ["Cartella aperta", "Rosa Bianchi", "Cartella SN-REG-2", "Spazio Neutro"],
      ["Cartella aperta", "Rosa Bianchi", "Cartella SN-REG-1", "Spazio Neutro"],
      ["Abilitazione aggiunta", "Schedario (automatico)", "Utente Rosa Bianchi (rosa.bianchi@comune.it)", "Spazio Neutro"],
      ["Utente creato", "Schedario (automatico)", "Utente Rosa Bianchi (rosa.bianchi@comune.it)", null],
    ]);
    expect(page.events[0]!.actorEmail).toBe("rosa.bianchi@comune.it");
    const text = JSON.stringify(page.events);
    for (const code of Object.keys(AUDIT_ACTION_LABELS)) expect(text).not.toContain(`"${code}"`);
    expect(text).not.toMatch(/spazio-neutro|form_version|"case \d/);
  });

  it("filters by case (its submissions included), by kind of action and by period", async () => {
    const byCase = await log("?cartella=sn-reg-1");
    expect(byCase.events.map((e) => e.object)).toEqual([
      "Scheda «Verbale di prova», versione 1 · cartella SN-REG-1",
      "Cartella SN-REG-1",
    ]);
    expect((await log("?cartella=NON-ESISTE")).unknownCase).toBe(true);
    const opened = await log("?tipo=case");
    expect(new Set(opened.events.map((e) => e.label))).toEqual(new Set(["Cartella aperta"]));
    expect((await log("?tipo=submission.created")).events).toHaveLength(1);
    expect((await log("?dal=2000-01-01&al=2000-12-31")).events).toEqual([]);
  });

  it("downloads the filtered events as CSV with Italian headers, and records the download", async () => {
    const r = await callRoute(csvLoader, new Request(`${TEST_ORIGIN}/admin/registro.csv?cartella=SN-REG-1`, { headers: { Cookie: admin.cookie } }));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = String(r.body).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Quando,Chi,E-mail,Azione,Oggetto,Servizio e comune,Dettagli,Indirizzo di rete,Dati tecnici");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(lines[1]).toContain(",Rosa Bianchi,rosa.bianchi@comune.it,Cartella aperta,Cartella SN-REG-1,Spazio Neutro,");
    expect(lines[2]).toContain("Scheda creata");
    const exported = await t.db.selectFrom("audit_events").select(["actor_user_id", "details"]).where("action", "=", "audit.exported").executeTakeFirstOrThrow();
    expect(exported).toMatchObject({ actor_user_id: admin.id, details: { format: "csv" } });
  });
});
