import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Membership } from "~/auth/policy";
import { action as caseAction, loader as caseLoader } from "~/routes/casi.$caseId";
import { action as compilaAction, loader as compilaLoader } from "~/routes/moduli.$slug.compila";
import { findSubmission } from "~/submissions/submissions.server";
import { scopeFor } from "~/auth/policy";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Stages carried through (issue 13): the case page's stage buttons open the
 * form with the stage set, the fill page fixes the time point and offers a
 * scheda already in the stage, and a stage whose form is not in the registry
 * shows as not available.
 */

let t: TestDatabase;
const users = {} as Record<"seregno" | "viewer", { id: number; cookie: string }>;
const MEMBERSHIPS: Record<keyof typeof users, Omit<Membership, "id">> = {
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
};
let caseId: number;
const CASE = "TM-STAGE-1";
const TIME_POINT = {
  type: "string",
  title: "Tempo di rilevazione",
  oneOf: [
    { const: "T0", title: "T0 – Avvio del percorso" },
    { const: "T1", title: "T1 – Verifica intermedia" },
    { const: "T2", title: "T2 – Conclusione del percorso" },
  ],
};

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  // The path's slugs, with small schemas: the assessment and the intake are in the registry, sdq and the others are not.
  await createPublishedForm(t.db, "mondo-del-bambino", simpleSchema({ puntoRilevazione: TIME_POINT }), ["tutela-minori"]);
  await createPublishedForm(t.db, "scheda-segnalazione", simpleSchema(), ["tutela-minori"]);
  caseId = (await createTestCase(t.db, { userId: users.seregno.id, code: CASE, service: "tutela-minori", comune: "seregno" })).id;
  const base = { userId: users.seregno.id, form: "mondo-del-bambino", service: "tutela-minori", comune: "seregno", caseCode: CASE };
  await createTestSubmission(t.db, { ...base, data: { puntoRilevazione: "T0", dataIncontro: "2026-01-10" }, status: "submitted" });
  await createTestSubmission(t.db, { ...base, data: {} });
});
afterAll(() => t.destroy());

type Stage = { key: string; form: string | null; available: boolean; duplicate: boolean; startUrl: string | null; entries: { id: number }[] };
const casePage = async (who: keyof typeof users) =>
  (await callRoute(caseLoader, new Request(`${TEST_ORIGIN}/casi/${caseId}`, { headers: { Cookie: users[who].cookie } }), { params: { caseId: String(caseId) } }))
    .body as { path: { name: string; stages: Stage[] } };
const compila = (stage: string) => `/moduli/mondo-del-bambino/compila?servizio=tutela-minori&comune=seregno&caso=${CASE}&fase=${stage}`;
const get = (path: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: users.seregno.cookie } });

describe("the case page's path", () => {
  it("follows the service's stages in order, places schede by time point, and links each stage with its key", async () => {
    const { path } = await casePage("seregno");
    expect(path.name).toBe("Percorso P.I.P.P.I.");
    expect(path.stages.map((s) => s.key)).toEqual([
      "intake",
      "pre-assessment",
      "assessment-T0",
      "plan-T0",
      "sdq",
      "assessment-T1",
      "plan-T1",
      "assessment-T2",
      "undated:mondo-del-bambino",
      "plan-T2",
      "post-assessment",
      "report",
      "closure",
    ]);
    const byKey = new Map(path.stages.map((s) => [s.key, s]));
    expect(byKey.get("assessment-T0")!.entries).toHaveLength(1);
    expect(byKey.get("undated:mondo-del-bambino")!.entries).toHaveLength(1);
    expect(byKey.get("assessment-T1")!.startUrl).toBe(compila("assessment-T1"));
  });

  it("shows a stage whose form is not in the registry as not available, without a button", async () => {
    const { path } = await casePage("seregno");
    const sdq = path.stages.find((s) => s.key === "sdq")!;
    expect([sdq.form, sdq.available, sdq.startUrl]).toEqual(["sdq", false, null]);
  });

  it("gives a viewer the path without buttons", async () => {
    const { path } = await casePage("viewer");
    expect(path.stages.every((s) => s.startUrl === null)).toBe(true);
  });
});

describe("the fill page of a stage", () => {
  it("opens with the time point set and shown as fixed context (its field hidden)", async () => {
    const r = await callRoute(compilaLoader, get(compila("assessment-T1")), { params: { slug: "mondo-del-bambino" } });
    const body = r.body as { stage: { label: string; timePoint: { value: string; title: string }; existing: unknown[] }; version: { uiSchema: Record<string, unknown> } };
    expect(body.stage.label).toBe("Il Mondo del Bambino — T1");
    expect(body.stage.timePoint).toMatchObject({ value: "T1", title: "T1 – Verifica intermedia" });
    expect(body.stage.existing).toEqual([]);
    expect(body.version.uiSchema.puntoRilevazione).toEqual({ "ui:widget": "hidden" });
  });

  it("offers the scheda the case already has in a stage filled once", async () => {
    const r = await callRoute(compilaLoader, get(compila("assessment-T0")), { params: { slug: "mondo-del-bambino" } });
    const existing = (r.body as { stage: { existing: { id: number; status: string }[] } }).stage.existing;
    expect(existing.map((e) => e.status)).toEqual(["submitted"]);
  });

  it("ignores a stage of another form or another service's path (the page opens without a stage)", async () => {
    const wrongForm = await callRoute(compilaLoader, get(compila("intake")), { params: { slug: "mondo-del-bambino" } });
    expect((wrongForm.body as { stage: unknown }).stage).toBeNull();
    const unknown = await callRoute(compilaLoader, get(compila("foster-plan")), { params: { slug: "mondo-del-bambino" } });
    expect((unknown.body as { stage: unknown }).stage).toBeNull();
  });

  it("saves without JavaScript at the stage's time point, whatever the post says, and the case page then flags a second one", async () => {
    const post = (fields: Record<string, string>) =>
      callRoute(compilaAction, formPost(compila("assessment-T2"), fields, { Cookie: users.seregno.cookie }), { params: { slug: "mondo-del-bambino" } });
    for (const posted of ["T0", ""]) {
      const r = await post({ "/puntoRilevazione": posted, "/dataIncontro": "2026-05-01", _stato: "submitted" });
      expect(r.status).toBe(302);
      const id = Number(new URL(r.headers.get("Location")!, TEST_ORIGIN).pathname.split("/")[2]);
      const scope = scopeFor([{ id: 0, ...MEMBERSHIPS.seregno }], "case.read");
      const saved = await t.db.transaction().execute((trx) => findSubmission(trx, { scope, audit: { actor: { kind: "cli" } } }, id));
      expect(saved!.data.puntoRilevazione).toBe("T2");
    }
    const t2 = (await casePage("seregno")).path.stages.find((s) => s.key === "assessment-T2")!;
    expect([t2.entries.length, t2.duplicate]).toEqual([2, true]);
  });

  it("still closes the case from its page", async () => {
    const r = await callRoute(caseAction, formPost(`/casi/${caseId}`, { intent: "close" }, { Cookie: users.seregno.cookie }), { params: { caseId: String(caseId) } });
    expect(r.status).toBe(302);
    const { path } = await casePage("seregno");
    expect(path.stages.every((s) => s.startUrl === null)).toBe(true);
  });
});
