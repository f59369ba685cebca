import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { action as compilaAction, loader as compilaLoader } from "~/routes/moduli.$slug.compila";
import { loader as modulesLoader } from "~/routes/moduli._index";
import { loader as validatorLoader } from "~/routes/moduli.$slug.versioni.$version.validatore[.]js";
import { action as amendAction } from "~/routes/schede.$id.rettifica";
import { action as draftAction, loader as submissionLoader } from "~/routes/schede.$id._index";
import { createTestUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The form pages without JavaScript: ordinary HTML posts rebuilt by the
 * version's schema, saved through the domain module (scoped, audited, with
 * the revision check). The JavaScript path uses the JSON API, tested in
 * submissions-api.test.ts, and both in the browser by tests/e2e/fill.test.ts.
 */

const FORM = "verbale-pagine";
const COMPILA = `/moduli/${FORM}/compila?servizio=tutela-minori&comune=seregno`;
const schema = simpleSchema({
  presenti: { type: "integer", title: "Persone presenti", minimum: 1 },
  partecipanti: {
    type: "array",
    title: "Partecipanti",
    items: { type: "object", title: "Partecipante", properties: { nome: { type: "string", title: "Nome" } } },
  },
});

let t: TestDatabase;
const cookies = {} as Record<"seregno" | "meda" | "viewer", string>;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  await createPublishedForm(t.db, FORM, schema, ["tutela-minori"]);
  const users = {
    seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "worker", service: "tutela-minori", comune: "meda" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
  } as const;
  for (const [name, membership] of Object.entries(users) as [keyof typeof cookies, (typeof users)[keyof typeof users]][]) {
    const user = await createTestUser(t.db, membership);
    cookies[name] = `schedario_session=${(await createSession(t.db, user.id)).token}`;
  }
});
afterAll(() => t.destroy());

const as = (who: keyof typeof cookies) => ({ Cookie: cookies[who] });
const get = (path: string, who: keyof typeof cookies) => new Request(`${TEST_ORIGIN}${path}`, { headers: as(who) });

async function createDraft(fields: Record<string, string>) {
  const result = await callRoute(compilaAction, formPost(COMPILA, fields, as("seregno")), { params: { slug: FORM } });
  expect(result.status).toBe(302);
  const id = /^\/schede\/(\d+)\?salvata=bozza$/.exec(result.headers.get("Location") ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}

async function readPage(id: string, who: keyof typeof cookies = "seregno") {
  return callRoute(submissionLoader, get(`/schede/${id}`, who), { params: { id } });
}

describe("/moduli", () => {
  it("lists the published forms offered to my services with a Compila link for my service and comune", async () => {
    const { body } = await callRoute(modulesLoader, get("/moduli", "seregno"));
    const form = (body as { forms: { slug: string; fill: { url: string }[] }[] }).forms.find((f) => f.slug === FORM);
    expect(form?.fill.map((f) => f.url)).toEqual([COMPILA]);
  });

  it("offers a viewer the form without a Compila link", async () => {
    const { body } = await callRoute(modulesLoader, get("/moduli", "viewer"));
    expect((body as { forms: { slug: string; fill: unknown[] }[] }).forms.find((f) => f.slug === FORM)?.fill).toEqual([]);
  });
});

describe("the validator module route", () => {
  it("serves the version's standalone code as JavaScript, cached as immutable", async () => {
    const result = await callRoute(validatorLoader, get(`/moduli/${FORM}/versioni/1/validatore.js`, "meda"), { params: { slug: FORM, version: "1" } });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(result.headers.get("Cache-Control")).toContain("immutable");
    expect(String(result.body)).toMatch(/export default/);
  });

  it("answers 404 for a version that does not exist", async () => {
    const result = await callRoute(validatorLoader, get(`/moduli/${FORM}/versioni/9/validatore.js`, "seregno"), { params: { slug: FORM, version: "9" } });
    expect(result.status).toBe(404);
  });
});

describe("filling a form without JavaScript", () => {
  it("renders the latest version with the target, and rejects a comune outside my scope (404)", async () => {
    const ok = await callRoute(compilaLoader, get(COMPILA, "seregno"), { params: { slug: FORM } });
    expect(ok.body).toMatchObject({ target: { service: "tutela-minori", comune: "seregno", caseCode: null }, version: { slug: FORM, version: 1 } });
    const other = await callRoute(compilaLoader, get(COMPILA, "meda"), { params: { slug: FORM } });
    expect(other.status).toBe(404);
  });

  it("adds and removes rows without saving, keeping every input", async () => {
    const added = await callRoute(
      compilaAction,
      formPost(COMPILA, { "/presenti": "tre", "_righe:/partecipanti": "1", "/partecipanti/0/nome": "Ada", _azione: "aggiungi:/partecipanti" }, as("seregno")),
      { params: { slug: FORM } }
    );
    expect(added).toMatchObject({ status: 200, body: { data: { presenti: "tre", partecipanti: [{ nome: "Ada" }, {}] }, errors: [] } });
    const count = await t.db.selectFrom("submissions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("comes back with the posted data and the Italian errors when Invia does not validate", async () => {
    const result = await callRoute(compilaAction, formPost(COMPILA, { "/presenti": "0", _stato: "submitted" }, as("seregno")), { params: { slug: FORM } });
    expect(result.body).toEqual({
      data: { presenti: 0 },
      errors: expect.arrayContaining([
        { path: "/dataIncontro", message: "Data dell'incontro: campo obbligatorio" },
        expect.objectContaining({ path: "/presenti" }),
      ]),
      // The page comes back on the version it showed; none newer exists here.
      version: expect.objectContaining({ slug: FORM, version: 1 }),
      newerVersion: null,
    });
  });

  it("refuses a tampered post with a clear error and saves nothing", async () => {
    const result = await callRoute(compilaAction, formPost(COMPILA, { "/__proto__/x": "1", _stato: "draft" }, as("seregno")), { params: { slug: FORM } });
    expect(result.body).toEqual({
      data: {},
      errors: [expect.objectContaining({ message: expect.stringMatching(/campo non previsto/) })],
      version: expect.objectContaining({ slug: FORM, version: 1 }),
      newerVersion: null,
    });
  });

  it("saves a draft, resumes it, submits it, and amends it only with a reason", async () => {
    const id = await createDraft({ "/dataIncontro": "2026-11-20", "/presenti": "2" });
    const draft = await readPage(id);
    expect(draft.body).toMatchObject({ page: { submission: { status: "draft", revision: 1, data: { dataIncontro: "2026-11-20", presenti: 2 } }, canWrite: true } });

    const submitted = await callRoute(
      draftAction,
      formPost(`/schede/${id}`, { "/dataIncontro": "2026-11-21", "/presenti": "2", _revisione: "1", _stato: "submitted" }, as("seregno")),
      { params: { id } }
    );
    expect(submitted.headers.get("Location")).toBe(`/schede/${id}?salvata=inviata`);

    const amendPath = `/schede/${id}/rettifica`;
    const noReason = await callRoute(amendAction, formPost(amendPath, { "/dataIncontro": "2026-11-22", _revisione: "2" }, as("seregno")), { params: { id } });
    // Plain Italian, for the worker who forgot it (issue 13): the summary links it to the field.
    expect(noReason.body).toMatchObject({
      data: { dataIncontro: "2026-11-22" },
      errors: [{ path: "/reason", message: "Scrivi il motivo della rettifica (per esempio: errore di battitura nella data)." }],
    });
    const amended = await callRoute(
      amendAction,
      formPost(amendPath, { "/dataIncontro": "2026-11-22", _revisione: "2", _motivo: "Data errata" }, as("seregno")),
      { params: { id } }
    );
    expect(amended.headers.get("Location")).toBe(`/schede/${id}?salvata=rettificata`);
    const revisions = await t.db.selectFrom("submission_revisions").select(["revision", "status", "reason"]).where("submission_id", "=", Number(id)).orderBy("revision").execute();
    expect(revisions).toEqual([
      { revision: 1, status: "draft", reason: null },
      { revision: 2, status: "submitted", reason: null },
      { revision: 3, status: "submitted", reason: "Data errata" },
    ]);
  });

  it("shows a conflict beside the posted data when someone saved in between, and writes nothing", async () => {
    const id = await createDraft({ "/dataIncontro": "2026-11-20" });
    const first = formPost(`/schede/${id}`, { "/dataIncontro": "2026-11-23", _revisione: "1", _stato: "draft" }, as("seregno"));
    expect((await callRoute(draftAction, first, { params: { id } })).status).toBe(302);
    const stale = formPost(`/schede/${id}`, { "/dataIncontro": "2026-11-24", "/presenti": "4", _revisione: "1", _stato: "draft" }, as("seregno"));
    const result = await callRoute(draftAction, stale, { params: { id } });
    expect(result.body).toMatchObject({
      data: { dataIncontro: "2026-11-24", presenti: 4 },
      conflict: { revision: 2, status: "draft", data: { dataIncontro: "2026-11-23" } },
    });
    const head = await t.db.selectFrom("submissions").select("revision").where("id", "=", Number(id)).executeTakeFirstOrThrow();
    expect(head.revision).toBe(2);
  });

  it("answers 404 to another comune's worker, for reading and for saving", async () => {
    const id = await createDraft({ "/dataIncontro": "2026-11-20" });
    expect((await readPage(id, "meda")).status).toBe(404);
    const post = formPost(`/schede/${id}`, { "/dataIncontro": "2026-11-25", _revisione: "1" }, as("meda"));
    expect((await callRoute(draftAction, post, { params: { id } })).status).toBe(404);
  });

  it("lets a viewer read a scheda but not save it (403)", async () => {
    const id = await createDraft({ "/dataIncontro": "2026-11-20" });
    expect(await readPage(id, "viewer")).toMatchObject({ status: 200, body: { page: { canWrite: false } } });
    const post = formPost(`/schede/${id}`, { "/dataIncontro": "2026-11-25", _revisione: "1" }, as("viewer"));
    expect((await callRoute(draftAction, post, { params: { id } })).status).toBe(403);
  });
});
