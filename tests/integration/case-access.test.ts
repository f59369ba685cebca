import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCaseAccessReport } from "~/audit/case-access.server";
import { scopeFor } from "~/auth/policy";
import { listCases } from "~/cases/cases.server";
import { startSubmissionExport } from "~/submissions/export.server";
import { loader as accessLoader } from "~/routes/casi.$caseId_.accessi";
import { createTestCase } from "../support/cases";
import { createSignedInUser, createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { callRoute, TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let coordinator: Awaited<ReturnType<typeof createSignedInUser>>;
let worker: { id: number };
let caseId: number;
let otherCaseId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  coordinator = await createSignedInUser(t.db, { role: "coordinator", service: "spazio-neutro" });
  worker = await createTestUser(t.db, { role: "worker", service: "spazio-neutro" });
  await createPublishedForm(t.db, "verbale-accessi");
  caseId = (await createTestCase(t.db, { userId: worker.id, code: "SN-ACC-1", service: "spazio-neutro" })).id;
  otherCaseId = (await createTestCase(t.db, { userId: worker.id, code: "SN-ACC-2", service: "spazio-neutro" })).id;
  await createTestSubmission(t.db, { userId: worker.id, form: "verbale-accessi", service: "spazio-neutro", caseCode: "SN-ACC-1" });
});
afterAll(() => t.destroy());

const workerCaller = () => ({
  scope: scopeFor([{ id: 0, role: "worker", service: "spazio-neutro", comune: null }], "case.read"),
  userId: worker.id,
  audit: { actor: { kind: "user" as const, userId: worker.id } },
});
const coordinatorCaller = () => ({
  scope: scopeFor([{ id: 0, role: "coordinator", service: "spazio-neutro", comune: null }], "report.read"),
  audit: { actor: { kind: "user" as const, userId: coordinator.id } },
});

async function drain(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  while (!(await reader.read()).done) {
    // read to the end, as a client would
  }
}

describe("who consulted a case", () => {
  it("includes a list view and an export that showed the case, with the role of who did it", async () => {
    await listCases(t.db, workerCaller(), {});
    const exported = await startSubmissionExport(t.db, coordinatorCaller(), { form: "verbale-accessi", format: "csv", filters: {} });
    await drain(exported!.body);

    const report = await t.db.transaction().execute((trx) => readCaseAccessReport(trx, coordinatorCaller(), caseId));
    const rows = report!.events.map((e) => [e.label, e.role]);
    expect(rows).toEqual([
      ["Registro degli accessi alla cartella consultato", "Coordinatore"],
      ["Schede esportate", "Coordinatore"],
      ["Elenco delle cartelle consultato", "Operatore"],
      ["Scheda creata", "Operatore"],
      ["Cartella aperta", "Operatore"],
    ]);
    // The export showed only SN-ACC-1's submission: the other case's report has the list, not the export.
    const other = await t.db.transaction().execute((trx) => readCaseAccessReport(trx, coordinatorCaller(), otherCaseId));
    expect(other!.events.map((e) => e.label)).toEqual([
      "Registro degli accessi alla cartella consultato",
      "Elenco delle cartelle consultato",
      "Cartella aperta",
    ]);
    const list = report!.events.find((e) => e.label === "Elenco delle cartelle consultato")!;
    expect(list.details).toContain("Cartelle mostrate: SN-ACC-1, SN-ACC-2");
  });

  it("is a page for coordinators only, 404 outside their scope", async () => {
    const get = (id: number, cookie: string) =>
      callRoute(accessLoader, new Request(`${TEST_ORIGIN}/casi/${id}/accessi`, { headers: { Cookie: cookie } }), { params: { caseId: String(id) } });
    expect((await get(caseId, coordinator.cookie)).status).toBe(200);
    const outsider = await createSignedInUser(t.db, { role: "coordinator", service: "affidi" });
    expect((await get(caseId, outsider.cookie)).status).toBe(404);
    const viewer = await createSignedInUser(t.db, { role: "viewer", service: "spazio-neutro" });
    expect((await get(caseId, viewer.cookie)).status).toBe(403);
  });

  it("keeps the list of shown cases append-only", async () => {
    await expect(t.db.deleteFrom("audit_event_cases").execute()).rejects.toThrow(/append-only/);
  });
});
