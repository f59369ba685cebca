import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "~/auth/policy";
import { createApiToken } from "~/auth/tokens.server";
import { listCaseConsentAttention } from "~/consent/case-consent.server";
import type { FormMatrix } from "~/consent/purpose-matrix";
import { loader as caseLoader } from "~/routes/casi.$caseId";
import { action as consentsAction, loader as consentsLoader } from "~/routes/casi.$caseId_.consensi";
import { loader as readLoader } from "~/routes/api.v1.consent-requests.$id._index";
import { action as createAction } from "~/routes/api.v1.consent-requests._index";
import { action as revokeAction } from "~/routes/api.v1.consent-requests.$id.revoke";
import { action as submitAction } from "~/routes/api.v1.forms.$slug.submissions";
import { action as familyAction, loader as familyLoader } from "~/routes/c.$token";
import { loader as workLoader } from "~/routes/lavoro";
import { loader as fillLoader } from "~/routes/moduli.$slug.compila";
import { loader as formsLoader } from "~/routes/moduli._index";
import { createTestCase } from "../support/cases";
import { consentAnswers, publishBuiltinConsentForm } from "../support/consent";
import { createSignedInUser } from "../support/factories";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
type Who = "seregno" | "meda" | "viewer";
const users = {} as Record<Who, { id: number; cookie: string; token: string }>;
const caseIds = {} as Record<"refusal" | "paper" | "meda", number>;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  await publishBuiltinConsentForm(t.db);
  const memberships = {
    seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "worker", service: "tutela-minori", comune: "meda" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
  } as const;
  for (const who of Object.keys(memberships) as Who[]) {
    const user = await createSignedInUser(t.db, memberships[who]);
    users[who] = { id: user.id, cookie: user.cookie, token: (await createApiToken(t.db, user.id, "test")).token };
  }
  const seregno = { userId: users.seregno.id, service: "tutela-minori", comune: "seregno" };
  caseIds.refusal = (await createTestCase(t.db, { ...seregno, code: "TM-RIFIUTO" })).id;
  caseIds.paper = (await createTestCase(t.db, { ...seregno, code: "TM-CARTA" })).id;
  caseIds.meda = (await createTestCase(t.db, { userId: users.meda.id, service: "tutela-minori", comune: "meda", code: "TM-MEDA" })).id;
});
afterAll(() => t.destroy());

const api = (who: Who, method: string, path: string, body?: unknown) =>
  new Request(`${TEST_ORIGIN}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${users[who].token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const page = (who: Who, path: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: users[who].cookie } });

/** A link for one parent of a case, not answered yet: its id and token. */
async function sentLink(caseCode: string, relationship: "madre" | "padre") {
  const created = await callRoute(
    createAction,
    api("seregno", "POST", "/consent-requests", {
      form: "consenso-intervento",
      service: "tutela-minori",
      comune: "seregno",
      case: caseCode,
      recipient: { name: relationship === "madre" ? "Maria Rossi" : "Paolo Rossi", relationship },
    })
  );
  const { id, url } = created.body as { id: number; url: string };
  return { id, token: new URL(url).pathname.slice(3) };
}

/** What the family posts on the link's page. */
const familyPost = (token: string, fields: Record<string, string>) =>
  callRoute(familyAction, formPost(`/c/${token}`, fields), { params: { token }, clientAddress: "198.51.100.9" });

/** A link for one parent of a case, answered by the family with these answers. */
async function signedLink(caseCode: string, relationship: "madre" | "padre", overrides: Record<string, string>) {
  const { id, token } = await sentLink(caseCode, relationship);
  expect((await familyPost(token, consentAnswers({ relazione: relationship, ...overrides }))).status).toBe(302);
  return id;
}

const cellsOf = (m: FormMatrix) => Object.fromEntries(m.purposes.map((p) => [p.name, Object.fromEntries(p.cells.map((c) => [c.holder, c.state]))]));

describe("status per purpose", () => {
  it("shows one parent's refusal of one purpose as a refusal: not «completo», visible on both pages and in the API", async () => {
    await signedLink("TM-RIFIUTO", "padre", {});
    const motherRequest = await signedLink("TM-RIFIUTO", "madre", { consensoPsicologo: "non-acconsento" });

    const consents = await callRoute(consentsLoader, page("viewer", `/casi/${caseIds.refusal}/consensi`), { params: { caseId: String(caseIds.refusal) } });
    expect(consents.status).toBe(200);
    const [matrix] = (consents.body as { matrices: FormMatrix[] }).matrices;
    expect(matrix!.outcome).toBe("refused");
    expect(cellsOf(matrix!)).toEqual({
      consensoIntervento: { madre: "agreed", padre: "agreed" },
      consensoPsicologo: { madre: "refused", padre: "agreed" },
    });

    const casePage = await callRoute(caseLoader, page("seregno", `/casi/${caseIds.refusal}`), { params: { caseId: String(caseIds.refusal) } });
    expect((casePage.body as { consents: FormMatrix[] }).consents[0]!.outcome).toBe("refused");

    const read = await callRoute(readLoader, api("viewer", "GET", `/consent-requests/${motherRequest}`), { params: { id: String(motherRequest) } });
    expect(read.body).toMatchObject({
      status: "completed",
      purposes: [
        { name: "consensoIntervento", title: "Consenso all'intervento del servizio" },
        { name: "consensoPsicologo", title: "Consenso all'intervento dello psicologo" },
      ],
      answer: {
        purposes: [
          { purpose: "consensoIntervento", value: "acconsento", label: "Acconsento" },
          { purpose: "consensoPsicologo", value: "non-acconsento", label: "Non acconsento" },
        ],
      },
    });
  });

  it("lists refusals and pending consents for a set of cases, only within the caller's scope", async () => {
    const scope = (who: Who) => scopeFor([{ id: 1, role: "worker", service: "tutela-minori", comune: who === "meda" ? "meda" : "seregno" }], "case.read");
    const all = [caseIds.refusal, caseIds.paper, caseIds.meda];
    const seen = await listCaseConsentAttention(t.db, scope("seregno"), all);
    expect(seen).toEqual([
      {
        caseId: caseIds.refusal,
        caseCode: "TM-RIFIUTO",
        form: "consenso-intervento",
        formTitle: "Consenso informato all'intervento",
        outcome: "refused",
        refused: [{ purpose: "Consenso all'intervento dello psicologo", holders: ["madre"] }],
        waiting: [],
      },
    ]);
    expect(await listCaseConsentAttention(t.db, scope("meda"), all)).toEqual([]);
    expect(await listCaseConsentAttention(t.db, scope("meda"), [])).toEqual([]);
  });

  it("brings the refusal of one purpose to Il mio lavoro, though the mother's link reads «completed»", async () => {
    type Work = { cases: { refusals: { caseCode: string; refused: { purpose: string; holders: string[] }[] }[] } };
    const seregno = (await callRoute(workLoader, page("seregno", "/lavoro"))).body as Work;
    expect(seregno.cases.refusals).toEqual([
      expect.objectContaining({ caseCode: "TM-RIFIUTO", refused: [{ purpose: "Consenso all'intervento dello psicologo", holders: ["madre"] }] }),
    ]);
    const meda = (await callRoute(workLoader, page("meda", "/lavoro"))).body as Work;
    expect(meda.cases.refusals).toEqual([]);
  });
});

describe("links in the matrix", () => {
  const matrixOf = async (caseId: number) => {
    const casePage = await callRoute(caseLoader, page("seregno", `/casi/${caseId}`), { params: { caseId: String(caseId) } });
    expect(casePage.status).toBe(200);
    return (casePage.body as { consents: FormMatrix[] }).consents;
  };

  it("counts a link not answered yet as pending and a revoked one as nothing", async () => {
    const { id } = await createTestCase(t.db, { userId: users.seregno.id, service: "tutela-minori", comune: "seregno", code: "TM-ATTESA" });
    await sentLink("TM-ATTESA", "padre");
    const revoked = await sentLink("TM-ATTESA", "madre");
    expect((await callRoute(revokeAction, api("seregno", "POST", `/consent-requests/${revoked.id}/revoke`), { params: { id: String(revoked.id) } })).status).toBe(200);

    const [matrix] = await matrixOf(id);
    expect(matrix!.outcome).toBe("incomplete");
    expect(cellsOf(matrix!)).toEqual({
      consensoIntervento: { madre: "missing", padre: "pending" },
      consensoPsicologo: { madre: "missing", padre: "pending" },
    });
  });

  it("files an answer under the holder the family named, and a withdrawn one as withdrawn", async () => {
    const { id } = await createTestCase(t.db, { userId: users.seregno.id, service: "tutela-minori", comune: "seregno", code: "TM-RITIRO" });
    // Sent to the father; the mother opened it and signed as the mother.
    const { token } = await sentLink("TM-RITIRO", "padre");
    expect((await familyPost(token, consentAnswers({ relazione: "madre" }))).status).toBe(302);
    expect(cellsOf((await matrixOf(id))[0]!)).toEqual({
      consensoIntervento: { madre: "agreed", padre: "missing" },
      consensoPsicologo: { madre: "agreed", padre: "missing" },
    });

    expect((await familyPost(token, { intent: "withdraw", "withdraw-confirm": "true" })).status).toBe(302);
    expect(cellsOf((await matrixOf(id))[0]!)).toEqual({
      consensoIntervento: { madre: "withdrawn", padre: "missing" },
      consensoPsicologo: { madre: "withdrawn", padre: "missing" },
    });
  });
});

describe("paper consents", () => {
  const post = (who: Who, fields: Record<string, string>, caseId = caseIds.paper) =>
    callRoute(consentsAction, formPost(`/casi/${caseId}/consensi`, fields, { Cookie: users[who].cookie }), { params: { caseId: String(caseId) } });
  const paper = (overrides: Record<string, string> = {}) => ({
    intent: "paper",
    paperFormVersion: "consenso-intervento@1",
    signerName: "Anna Bianchi",
    paperRelationship: "madre",
    signedOn: "2026-11-20",
    witnessId: String(users.seregno.id),
    "scopo:consensoIntervento": "acconsento",
    "scopo:consensoPsicologo": "acconsento",
    paperNote: "Firmato al colloquio",
    ...overrides,
  });

  it("records who signed, when, which purposes and the witness; audited; counts in the matrix as paper", async () => {
    const r = await post("seregno", paper());
    expect(r.status).toBe(200);
    const consents = await callRoute(consentsLoader, page("seregno", `/casi/${caseIds.paper}/consensi`), { params: { caseId: String(caseIds.paper) } });
    const body = consents.body as { matrices: FormMatrix[]; papers: { signerName: string; signedOn: string; witness: string; answers: { value: string }[] }[] };
    expect(body.papers).toMatchObject([{ signerName: "Anna Bianchi", signedOn: "2026-11-20", answers: [{ value: "acconsento" }, { value: "acconsento" }] }]);
    expect(body.matrices[0]!.purposes[0]!.cells).toEqual([
      { holder: "madre", state: "agreed", source: "paper" },
      { holder: "padre", state: "missing", source: null },
    ]);
    const audit = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "consent.paper.recorded").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: users.seregno.id, target_type: "case", target_id: String(caseIds.paper) });
    expect(JSON.stringify(audit[0]!.details)).not.toContain("Anna Bianchi");

    // The father refuses one purpose on paper: the form is refused, with the source shown.
    await post("seregno", paper({ signerName: "Marco Bianchi", paperRelationship: "padre", "scopo:consensoPsicologo": "non-acconsento", "scopo:consensoIntervento": "acconsento" }));
    const again = await callRoute(consentsLoader, page("seregno", `/casi/${caseIds.paper}/consensi`), { params: { caseId: String(caseIds.paper) } });
    const [matrix] = (again.body as { matrices: FormMatrix[] }).matrices;
    expect(matrix!.outcome).toBe("refused");
    expect(cellsOf(matrix!).consensoPsicologo).toEqual({ madre: "agreed", padre: "refused" });
  });

  it("refuses incomplete or wrong input with a message per field and writes nothing", async () => {
    const before = await t.db.selectFrom("paper_consents").select("id").execute();
    const r = await post(
      "seregno",
      paper({ signerName: " ", paperRelationship: "zio", signedOn: "2999-01-01", witnessId: String(users.meda.id), "scopo:consensoIntervento": "", "scopo:consensoPsicologo": "forse" })
    );
    expect(r.status).toBe(400);
    expect(Object.keys((r.body as { errors: Record<string, string> }).errors).sort()).toEqual(["paperAnswers", "paperRelationship", "signedOn", "signerName", "witnessId"]);
    const noPurpose = await post("seregno", paper({ "scopo:consensoIntervento": "", "scopo:consensoPsicologo": "" }));
    expect((noPurpose.body as { errors: Record<string, string> }).errors).toEqual({ paperAnswers: expect.stringContaining("almeno una") });
    expect(await t.db.selectFrom("paper_consents").select("id").execute()).toEqual(before);
  });

  it("is for workers in the case's scope only: 403 to a viewer, 404 out of scope", async () => {
    expect((await post("viewer", paper())).status).toBe(403);
    expect((await post("meda", paper())).status).toBe(404);
  });
});

describe("workers cannot fill a consent form as a scheda", () => {
  it("offers no «Compila» for consent forms on /moduli, and the fill page and the API refuse them", async () => {
    const forms = await callRoute(formsLoader, page("seregno", "/moduli"));
    const consent = (forms.body as { forms: { slug: string; fill: unknown[]; consent: boolean }[] }).forms.find((f) => f.slug === "consenso-intervento");
    expect(consent).toMatchObject({ consent: true, fill: [] });
    const fill = await callRoute(fillLoader, page("seregno", "/moduli/consenso-intervento/compila?servizio=tutela-minori&comune=seregno"), {
      params: { slug: "consenso-intervento" },
    });
    expect(fill.status).toBe(404);
    const viaApi = await callRoute(
      submitAction,
      api("seregno", "POST", "/forms/consenso-intervento/submissions", { data: {}, status: "draft", service: "tutela-minori", comune: "seregno" }),
      { params: { slug: "consenso-intervento" } }
    );
    expect(viaApi.status).toBe(422);
    expect(JSON.stringify(viaApi.body)).toContain("collegamento");
  });
});

describe("what the worker entered is carried to the family page", () => {
  it("shows the recipient's name and relationship and fills them in; the signature stays empty", async () => {
    const created = await callRoute(
      createAction,
      api("seregno", "POST", "/consent-requests", {
        form: "consenso-intervento",
        service: "tutela-minori",
        comune: "seregno",
        recipient: { name: "Paolo Verdi", relationship: "padre" },
      })
    );
    const token = new URL((created.body as { url: string }).url).pathname.slice(3);
    const opened = await callRoute(familyLoader, new Request(`${TEST_ORIGIN}/c/${token}`), { params: { token }, clientAddress: "198.51.100.10" });
    expect(opened.body).toMatchObject({ recipientName: "Paolo Verdi", recipientRelationship: "Padre", carried: { nomeCognome: "Paolo Verdi", relazione: "padre" } });
    expect((opened.body as { carried: Record<string, unknown> }).carried).not.toHaveProperty("firma");
  });
});
