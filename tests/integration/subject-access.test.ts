import { writeFile } from "node:fs/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "~/auth/policy";
import { toJsonb } from "~/db/db.server";
import { recordConsentException } from "~/consent/case-consent.server";
import { createConsentRequest, revokeConsentRequest } from "~/consent/consent-requests.server";
import { recordPaperConsent } from "~/consent/paper-consent.server";
import { createCourtOrder, linkDeadlineReport } from "~/cases/court-orders.server";
import { releaseLegalHold, setLegalHold } from "~/cases/retention.server";
import { findCase, listCases } from "~/cases/cases.server";
import { readSubjectAccess, SUBJECT_ACCESS_COVERAGE, type SubjectAccessBundle } from "~/cases/subject-access.server";
import { createAjv } from "~/forms/validation/create-ajv";
import { action as familyAction } from "~/routes/c.$token";
import { loader as accessPdfLoader } from "~/routes/casi.$caseId_.accessi[.]pdf";
import { loader as jsonLoader } from "~/routes/casi.$caseId_.copia-dati[.]json";
import { loader as pdfLoader } from "~/routes/casi.$caseId_.copia-dati[.]pdf";
import { updateSubmission } from "~/submissions/submissions.server";
import bundleSchema from "../../app/cases/subject-access.schema.json";
import { createTestCase } from "../support/cases";
import { consentAnswers, publishBuiltinConsentForm } from "../support/consent";
import { createSignedInUsers } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { pdfText } from "../support/pdf-text";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Subject access (GDPR art. 15, issue 17 item 5): everything held about one case, for the coordinator to hand over.
let t: TestDatabase;
let users: Record<"coordinator" | "worker" | "meda" | "viewer" | "workerSeregno", { id: number; cookie: string }>;
let caseId = 0;
let otherCaseId = 0;
const ids = { schedaId: 0, reportId: 0, answeredRequest: 0, revokedRequest: 0, paper: 0, order: 0 };
const FAMILY = "198.51.100.77";

/** A scheda with a choice (option labels), a date, two scores and their computed total. */
const SCHEDA = {
  type: "object",
  title: "Colloquio con la famiglia",
  properties: {
    dataColloquio: { type: "string", format: "date", title: "Data del colloquio" },
    esito: {
      type: "string",
      title: "Esito del colloquio",
      oneOf: [
        { const: "collaborativo", title: "Famiglia collaborativa" },
        { const: "oppositivo", title: "Famiglia non collaborativa" },
      ],
    },
    punteggioA: { type: "integer", title: "Punteggio della madre" },
    punteggioB: { type: "integer", title: "Punteggio del padre" },
    totale: { type: "integer", title: "Punteggio complessivo", readOnly: true, "x-computed": { op: "sum", fields: ["/punteggioA", "/punteggioB"] } },
  },
};

const worker = () => ({
  scope: scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write"),
  userId: users.workerSeregno.id,
  audit: { actor: { kind: "user" as const, userId: users.workerSeregno.id } },
});
const coordinator = () => ({
  scope: scopeFor([{ id: 0, role: "coordinator", service: "tutela-minori", comune: "seregno" }], "report.read"),
  audit: { actor: { kind: "user" as const, userId: users.coordinator.id } },
  name: "Carla Coordinatrice",
});

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  users = await createSignedInUsers(t.db, {
    coordinator: { role: "coordinator", service: "tutela-minori", comune: "seregno" },
    worker: { role: "worker", service: "tutela-minori", comune: "seregno" },
    workerSeregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "coordinator", service: "tutela-minori", comune: "meda" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
  });
  await createPublishedForm(t.db, "colloquio-famiglia", SCHEDA, ["tutela-minori"]);
  await publishBuiltinConsentForm(t.db);
  const target = { userId: users.workerSeregno.id, service: "tutela-minori", comune: "seregno" };
  caseId = (await createTestCase(t.db, { ...target, code: "TM-ART15-1", minorRef: "M-1515" })).id;
  otherCaseId = (await createTestCase(t.db, { ...target, code: "TM-ART15-2" })).id;

  // A scheda with two revisions: submitted, then amended with a reason.
  const scheda = await createTestSubmission(t.db, {
    ...target,
    form: "colloquio-famiglia",
    caseCode: "TM-ART15-1",
    status: "submitted",
    data: { dataColloquio: "2026-03-14", esito: "oppositivo", punteggioA: 3, punteggioB: 4 },
  });
  ids.schedaId = scheda.id;
  await t.db.transaction().execute((trx) =>
    updateSubmission(trx, worker(), scheda.id, {
      data: { dataColloquio: "2026-03-14", esito: "collaborativo", punteggioA: 3, punteggioB: 5 },
      status: "submitted",
      revision: 1,
      reason: "Esito trascritto male",
    }),
  );
  // The other case's scheda must not appear.
  await createTestSubmission(t.db, { ...target, form: "colloquio-famiglia", caseCode: "TM-ART15-2", data: { esito: "oppositivo" } });

  // Consent: one link answered by the family, one revoked; a paper consent; a declared exception.
  const request = (name: string) =>
    t.db.transaction().execute((trx) =>
      createConsentRequest(trx, worker(), {
        form: "consenso-intervento",
        service: "tutela-minori",
        comune: "seregno",
        case: { id: caseId },
        recipient: { name, relationship: "madre", email: "maria.rossi@example.it" },
        expiresInDays: 14,
      }),
    );
  const answered = await request("Maria Rossi");
  ids.answeredRequest = answered.request.id;
  const token = new URL(answered.url).pathname.slice(3);
  const posted = await callRoute(familyAction, formPost(`/c/${token}`, consentAnswers()), { params: { token }, clientAddress: FAMILY });
  expect(posted.status).toBeLessThan(400);
  ids.revokedRequest = (await request("Giorgio Rossi")).request.id;
  await t.db.transaction().execute((trx) => revokeConsentRequest(trx, worker(), ids.revokedRequest));
  ids.paper = await t.db.transaction().execute((trx) =>
    recordPaperConsent(trx, worker(), caseId, {
      formVersion: "consenso-intervento@1",
      signerName: "Paolo Rossi",
      relationship: "padre",
      signedOn: "2026-03-20",
      witnessId: users.workerSeregno.id,
      answers: { consensoIntervento: "acconsento", consensoPsicologo: "non-acconsento" },
      note: "Firmato al colloquio",
    }),
  );
  await t.db.transaction().execute((trx) => recordConsentException(trx, worker(), caseId, { kind: "sole-parent", note: "Padre non riconoscente" }));

  // A court order with a deadline and the relazione linked to it.
  ids.reportId = (
    await createTestSubmission(t.db, { ...target, form: "colloquio-famiglia", caseCode: "TM-ART15-1", status: "submitted", data: { dataColloquio: "2026-04-01" } })
  ).id;
  const found = (await findCase(t.db, worker(), caseId))!;
  const fields = new Map(Object.entries({ autorita: "tribunale-minorenni", rg: "777/2026", data: "2026-02-01", tipo: "affidamento-servizio", compiti: "Relazione trimestrale" }));
  ids.order = await t.db.transaction().execute((trx) =>
    createCourtOrder(trx, worker(), found, { get: (n) => fields.get(n), getAll: (n) => (n === "scadenza" ? ["2026-05-01"] : []) }),
  );
  const [deadline] = await t.db.selectFrom("court_order_deadlines").select("id").where("court_order_id", "=", ids.order).execute();
  await t.db.transaction().execute((trx) => linkDeadlineReport(trx, worker(), found, deadline!.id, ids.reportId));

  // A legal hold released, then one in force; a deletion proposal another person rejected.
  const retention = {
    scope: scopeFor([{ id: 0, role: "coordinator", service: "tutela-minori", comune: "seregno" }], "retention.manage"),
    audit: coordinator().audit,
    userId: users.coordinator.id,
  };
  await t.db.transaction().execute((trx) => setLegalHold(trx, retention, caseId, "Ricorso in appello pendente"));
  await t.db.transaction().execute((trx) => releaseLegalHold(trx, retention, caseId));
  await t.db.transaction().execute((trx) => setLegalHold(trx, retention, caseId, "Procedimento penale aperto"));
  await t.db
    .insertInto("case_deletions")
    .values({ case_id: caseId, years_after_closure: 10, due_on: "2036-01-31", proposed_by: users.coordinator.id, dry_run: toJsonb({}), status: "rejected", decided_by: users.worker.id, decided_at: new Date() })
    .execute();

  // A list that showed both cases.
  await listCases(t.db, { scope: scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.read"), audit: worker().audit }, {});
});
afterAll(() => t.destroy());

const read = () => t.db.transaction().execute((trx) => readSubjectAccess(trx, coordinator(), caseId, "json"));

describe("subject access bundle", () => {
  it("holds every row of the case in every table, and nothing of another case", async () => {
    const bundle = (await read())!;
    expect(bundle.case).toMatchObject({ id: caseId, code: "TM-ART15-1", minorRef: "M-1515", service: { code: "tutela-minori" }, comune: { code: "seregno", name: "Seregno" } });
    const rows = async (table: string, column = "case_id") =>
      (await sql<{ id: number }>`select id from ${sql.table(table)} where ${sql.ref(column)} = ${caseId} order by id`.execute(t.db)).rows.map((r) => r.id);
    expect(bundle.submissions.map((s) => s.id)).toEqual(await rows("submissions"));
    expect(bundle.submissions).toHaveLength(3); // the scheda, the relazione, the family's answer
    expect(bundle.consentRequests.map((r) => r.id)).toEqual(await rows("consent_requests"));
    expect(bundle.paperConsents.map((p) => p.id)).toEqual([ids.paper]);
    expect(bundle.consentExceptions.map((e) => e.id)).toEqual(await rows("consent_exceptions"));
    expect(bundle.courtOrders.map((o) => o.id)).toEqual([ids.order]);
    expect(bundle.courtOrders[0]!.deadlines).toEqual([{ id: expect.any(Number), dueOn: "2026-05-01", reportSubmissionId: ids.reportId, reportLinkedAt: expect.any(String) }]);
    expect(bundle.legalHolds).toEqual([
      { reason: "Ricorso in appello pendente", setBy: expect.any(String), setAt: expect.any(String), releasedBy: expect.any(String), releasedAt: expect.any(String) },
      { reason: "Procedimento penale aperto", setBy: expect.any(String), setAt: expect.any(String), releasedBy: null, releasedAt: null },
    ]);
    expect(bundle.deletionProposals).toEqual([
      { status: "rejected", statusLabel: "respinta", dueOn: "2036-01-31", proposedBy: expect.any(String), proposedAt: expect.any(String), decidedBy: expect.any(String), decidedAt: expect.any(String) },
    ]);
    const revisions = await t.db.selectFrom("submission_revisions").select(["submission_id", "revision"]).where("submission_id", "in", bundle.submissions.map((s) => s.id)).execute();
    expect(bundle.submissions.flatMap((s) => s.revisions.map((r) => [s.id, r.revision])).sort()).toEqual(revisions.map((r) => [r.submission_id, r.revision]).sort());
    const shown = await t.db.selectFrom("audit_event_cases").select("event_id").where("case_id", "=", caseId).execute();
    for (const { event_id } of shown) expect(bundle.accessLog.find((e) => e.id === Number(event_id))?.casesShown).toBe(2);
    expect(JSON.stringify(bundle)).not.toContain("TM-ART15-2");
  });

  it("reads every revision through its form version: titles, option labels, Italian dates, computed values marked", async () => {
    const scheda = (await read())!.submissions.find((s) => s.id === ids.schedaId)!;
    expect(scheda.form).toEqual({ slug: "colloquio-famiglia", title: "Verbale di prova", kind: "report", version: 1 });
    const [first, amended] = scheda.revisions;
    expect(first!.fields.map((f) => [f.label.join(" › "), f.value, f.computed])).toEqual([
      ["Data del colloquio", "14/03/2026", false],
      ["Esito del colloquio", "Famiglia non collaborativa", false],
      ["Punteggio della madre", "3", false],
      ["Punteggio del padre", "4", false],
      ["Punteggio complessivo", "7", true],
    ]);
    expect(amended).toMatchObject({ revision: 2, reason: "Esito trascritto male", statusLabel: "Inviata", data: { esito: "collaborativo", totale: 8 } });
  });

  it("keeps the consent evidence (hash, language, address) and the purposes in words; no link credential", async () => {
    const bundle = (await read())!;
    const answered = bundle.consentRequests.find((r) => r.id === ids.answeredRequest)!;
    expect(answered).toMatchObject({ status: "completed", statusLabel: "firmata", recipient: { name: "Maria Rossi", relationshipLabel: "Madre", email: "maria.rossi@example.it" } });
    expect(answered.answer).toMatchObject({ language: "it", languageName: "italiano", clientAddress: FAMILY, textHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(answered.answer!.purposes.map((p) => p.label)).toContain("Acconsento");
    const revoked = bundle.consentRequests.find((r) => r.id === ids.revokedRequest)!;
    expect(revoked).toMatchObject({ status: "revoked", revokedBy: expect.any(String), answer: null });
    const tokens = await t.db.selectFrom("consent_requests").select("token_id").where("case_id", "=", caseId).execute();
    for (const { token_id } of tokens) expect(JSON.stringify(bundle)).not.toContain(token_id);
  });

  it("matches its JSON Schema (ADR 0025)", async () => {
    const validate = createAjv().compile(bundleSchema);
    const bundle = (await read())!;
    expect(validate(bundle) ? [] : validate.errors).toEqual([]);
    // The schema is strict: an undocumented key fails it.
    expect(validate({ ...bundle, extra: true })).toBe(false);
  });

  it("covers every table that holds case data: a new table with case_id (or pointing into one of them) fails here", async () => {
    const withCaseId = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'case_id' order by table_name`.execute(t.db);
    const covered = new Set(Object.keys(SUBJECT_ACCESS_COVERAGE));
    expect(withCaseId.rows.map((r) => r.table_name).filter((name) => !covered.has(name))).toEqual([]);
    // Tables whose rows hang off case data by a foreign key (revisions, deadlines) are case data too.
    const references = await sql<{ child: string; parent: string }>`
      select distinct tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(t.db);
    const caseData = new Set(["cases"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const { child, parent } of references.rows) {
        if (caseData.has(parent) && !caseData.has(child)) {
          caseData.add(child);
          grew = true;
        }
      }
    }
    expect([...caseData].filter((name) => !covered.has(name)).sort()).toEqual([]);
    expect(caseData.size).toBeGreaterThanOrEqual(8);
  });

  it("is for the coordinators of the case's service and comune: another comune gets undefined, the making is audited", async () => {
    const meda = { ...coordinator(), scope: scopeFor([{ id: 0, role: "coordinator", service: "tutela-minori", comune: "meda" }], "report.read") };
    expect(await t.db.transaction().execute((trx) => readSubjectAccess(trx, meda, caseId, "pdf"))).toBeUndefined();
    const before = await t.db.selectFrom("audit_events").select("id").where("action", "=", "case.subject_access.exported").execute();
    const bundle = (await read())!;
    const events = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "case.subject_access.exported").execute();
    expect(events).toHaveLength(before.length + 1);
    expect(events.at(-1)).toMatchObject({ actor_user_id: users.coordinator.id, target_type: "case", target_id: String(caseId), details: { format: "json" } });
    // The copy's own making is the last event of its access log.
    expect(bundle.accessLog.at(-1)).toMatchObject({ action: "case.subject_access.exported", label: expect.stringContaining("art. 15"), actor: expect.any(String) });
  });
});

/** With ACCESS_SCREENSHOTS=DIR, keeps the downloaded PDFs there, to render and look at (pdftoppm -png -r 60). */
async function keep(response: Response, bytes: Uint8Array) {
  const dir = process.env.ACCESS_SCREENSHOTS;
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  if (dir && name) await writeFile(`${dir}/${t.kind}-${name}`, bytes);
}

const get = (path: string, cookie: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: cookie } });
const params = (id: number) => ({ params: { caseId: String(id) } });

describe("subject access downloads", () => {
  it("answers 403 to other roles and 404 outside the coordinator's comune or for another case", async () => {
    for (const loader of [jsonLoader, pdfLoader, accessPdfLoader]) {
      expect((await callRoute(loader, get(`/casi/${caseId}/x`, users.meda.cookie), params(caseId))).status).toBe(404);
      expect((await callRoute(loader, get(`/casi/${caseId}/x`, users.viewer.cookie), params(caseId))).status).toBe(403);
      expect((await callRoute(loader, get(`/casi/${caseId}/x`, users.worker.cookie), params(caseId))).status).toBe(403);
      expect((await callRoute(loader, get(`/casi/999999/x`, users.coordinator.cookie), params(999999))).status).toBe(404);
    }
  });

  it("downloads the JSON bundle", async () => {
    const response = await jsonLoader({ request: get(`/casi/${caseId}/copia-dati.json`, users.coordinator.cookie), ...params(caseId), context: {} });
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="copia-dati-TM-ART15-1.json"');
    const bundle = (await response.json()) as SubjectAccessBundle;
    expect(bundle).toMatchObject({ format: "schedario/subject-access", formatVersion: 1, case: { code: "TM-ART15-1" } });
  });

  it("downloads the PDF a family can read: Italian headings, field titles and option labels, never keys or codes", async () => {
    const response = await pdfLoader({ request: get(`/casi/${caseId}/copia-dati.pdf`, users.coordinator.cookie), ...params(caseId), context: {} });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    await keep(response, bytes);
    // Lines wrap where the table's columns end: read the text as one run of words.
    const text = (await pdfText(bytes)).replace(/\s+/g, " ");
    for (const expected of [
      "Copia dei dati della cartella TM-ART15-1",
      "Le schede",
      "Data del colloquio",
      "14/03/2026",
      "Famiglia non collaborativa",
      "Famiglia collaborativa",
      "Punteggio complessivo",
      "Motivo della rettifica: Esito trascritto male",
      "Le richieste di consenso inviate alla famiglia",
      "Maria Rossi",
      "I consensi firmati su carta",
      "Paolo Rossi (Padre)",
      "Eccezioni dichiarate sul consenso dei genitori",
      "Provvedimenti dell'autorità giudiziaria e scadenze",
      "Tribunale per i Minorenni",
      "Relazione da inviare entro il 1 maggio 2026",
      "Chi ha consultato la cartella",
      "pagina 1 di",
    ]) {
      expect(text).toContain(expected);
    }
    for (const code of ["oppositivo", "dataColloquio", "punteggioA", "tribunale-minorenni", "affidamento-servizio", "TM-ART15-2"]) expect(text).not.toContain(code);
  });

  it("downloads the access report as a PDF: every event with who, role and what; other cases a list showed only counted", async () => {
    const response = await accessPdfLoader({ request: get(`/casi/${caseId}/accessi.pdf`, users.coordinator.cookie), ...params(caseId), context: {} });
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="accessi-TM-ART15-1.pdf"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    await keep(response, bytes);
    // Lines wrap where the table's columns end: read the text as one run of words.
    const text = (await pdfText(bytes)).replace(/\s+/g, " ");
    for (const expected of [
      "Chi ha consultato la cartella TM-ART15-1",
      "Servizio Tutela Minori (équipe territoriale) · Seregno",
      "Periodo: dal",
      "Elenco delle cartelle consultato",
      "Mostrata insieme a un'altra cartella (il suo codice non è riportato)",
      "Scheda modificata",
      "Coordinatore",
      "Operatore",
      "Registro degli accessi alla cartella scaricato in PDF",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("TM-ART15-2");
    expect(text).not.toContain("198.51.100");
    const events = await t.db.selectFrom("audit_events").select("details").where("action", "=", "case.accesses.downloaded").execute();
    expect(events.map((e) => e.details)).toEqual([{ format: "pdf" }]);
  });
});
