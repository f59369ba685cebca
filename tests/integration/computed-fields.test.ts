import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { createSession } from "~/auth/session.server";
import { loader as exportLoader } from "~/routes/api.v1.export";
import { action as createAction } from "~/routes/api.v1.forms.$slug.submissions";
import { action as updateAction } from "~/routes/api.v1.submissions.$id._index";
import { action as compilaAction } from "~/routes/moduli.$slug.compila";
import { createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Computed fields (ADR 0013) through every way a submission is saved: the
 * API (create and amend) and the HTML form post without JavaScript. The
 * server computes them at every save, whatever the client sent, stores them
 * with the revision and the export carries them. The SDQ built-in is the form.
 */
const schema = JSON.parse(readFileSync("schemas/sdq/schema.json", "utf8")) as Record<string, unknown>;
const example = JSON.parse(readFileSync("schemas/sdq/example.json", "utf8")) as { risposte: Record<string, number> } & Record<string, unknown>;
const SCORES = { emotivi: 3, condotta: 2, iperattivita: 7, pari: 2, prosociale: 9, totaleDifficolta: 14, internalizzazione: 5, esternalizzazione: 9 };

let t: TestDatabase;
let token = "";
let cookie = "";
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  await createPublishedForm(t.db, "sdq", schema, ["tutela-minori"]);
  const worker = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
  token = (await createApiToken(t.db, worker.id, "test")).token;
  cookie = `schedario_session=${(await createSession(t.db, worker.id)).token}`;
});
afterAll(() => t.destroy());

const api = (method: string, path: string, body: unknown) =>
  new Request(`${TEST_ORIGIN}${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });

async function storedRevisions(id: number) {
  return t.db.selectFrom("submission_revisions").select(["revision", "data"]).where("submission_id", "=", id).orderBy("revision").execute();
}

describe("computed fields are computed by the server at every save and stored with the revision", () => {
  let id = 0;

  it("on create through the API, replacing forged values", async () => {
    const forged = { ...example, punteggi: { totaleDifficolta: 0 }, fasce: { totaleDifficolta: "Nella norma" } };
    const created = await callRoute(createAction, api("POST", "/api/v1/forms/sdq/submissions", { data: forged, status: "submitted", service: "tutela-minori", comune: "seregno" }), { params: { slug: "sdq" } });
    expect(created.status).toBe(201);
    id = (created.body as { id: number }).id;
    const [first] = await storedRevisions(id);
    expect(first!.data.punteggi).toEqual(SCORES);
    expect(first!.data.fasce).toMatchObject({ totaleDifficolta: "Al limite", iperattivita: "Sopra la soglia" });
  });

  it("on an amendment, from the new answers; the first revision keeps its own scores", async () => {
    // Item 2 (hyperactivity) from 1 to 0, item 13 removed: the emotional scale (and the total) can no longer be computed.
    const risposte: Record<string, number> = { ...example.risposte, item02: 0 };
    delete risposte.item13;
    const updated = await callRoute(updateAction, api("PUT", `/api/v1/submissions/${id}`, { data: { ...example, risposte }, status: "submitted", revision: 1, reason: "Risposta trascritta male" }), { params: { id: String(id) } });
    expect(updated.status).toBe(200);
    const [first, second] = await storedRevisions(id);
    expect(first!.data.punteggi).toEqual(SCORES);
    expect(second!.data.punteggi).toEqual({ condotta: 2, iperattivita: 6, pari: 2, prosociale: 9, esternalizzazione: 8 });
    expect(second!.data.fasce).toEqual({ condotta: "Nella norma", iperattivita: "Al limite", pari: "Nella norma", prosociale: "Nella norma" });
  });

  it("on an HTML post without JavaScript", async () => {
    const fields: Record<string, string> = { "/puntoRilevazione": "T1", "/dataCompilazione": "2026-06-01", "/compilatore": "padre", "/punteggi/totaleDifficolta": "40", _stato: "draft" };
    for (const [key, value] of Object.entries(example.risposte)) fields[`/risposte/${key}`] = String(value);
    const posted = await callRoute(compilaAction, formPost("/moduli/sdq/compila?servizio=tutela-minori&comune=seregno", fields, { Cookie: cookie }), { params: { slug: "sdq" } });
    expect(posted.status).toBe(302);
    const newId = Number(/^\/schede\/(\d+)/.exec(posted.headers.get("Location") ?? "")?.[1]);
    expect((await storedRevisions(newId))[0]!.data.punteggi).toEqual(SCORES);
  });

  it("and the CSV export has a column for each computed field, with the stored value", async () => {
    const response = (await exportLoader({ request: new Request(`${TEST_ORIGIN}/api/v1/export?form=sdq&format=csv`, { headers: { Authorization: `Bearer ${coordinatorToken}` } }), params: {}, context: {} })) as Response;
    const [header, ...rows] = (await response.text()).trim().split("\r\n");
    const columns = header!.split(",");
    const total = columns.indexOf("Punteggi (calcolati) › Totale delle difficoltà (0–40)");
    const band = columns.indexOf("Fasce (calcolate) › Iperattività e disattenzione");
    expect(total).toBeGreaterThan(0);
    expect(rows.map((r) => r.split(",")[total])).toEqual(["", "14"]);
    expect(rows.map((r) => r.split(",")[band])).toEqual(["Al limite", "Sopra la soglia"]);
  });
});

let coordinatorToken = "";
beforeAll(async () => {
  const coordinator = await createTestUser(t.db, { role: "coordinator", service: "tutela-minori" });
  coordinatorToken = (await createApiToken(t.db, coordinator.id, "test")).token;
});
