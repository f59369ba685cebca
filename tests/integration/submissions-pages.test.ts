import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { scopeFor } from "~/auth/policy";
import { createSession } from "~/auth/session.server";
import { addMappingRule, publishDraft } from "~/forms/versions/publish.server";
import { createDraftVersion } from "~/forms/versions/registry.server";
import { loader as exportLoader } from "~/routes/api.v1.export";
import { loader as apiListLoader } from "~/routes/api.v1.submissions._index";
import { loader as historyLoader } from "~/routes/schede.$id_.storico";
import { loader as listLoader } from "~/routes/schede._index";
import { SUBMISSION_DATA_LIMITS } from "~/submissions/data-bounds";
import { updateSubmission } from "~/submissions/submissions.server";
import { createTestCase } from "../support/cases";
import { createTestUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const FORM = "verbale-elenco";
const schema = simpleSchema({
  esito: {
    type: "string",
    title: "Esito dell'incontro",
    oneOf: [
      { const: "positivo", title: "Positivo" },
      { const: "critico", title: "Critico" },
    ],
  },
  presenti: { type: "array", title: "Presenti", items: { type: "object", properties: { nome: { type: "string", title: "Ruolo" } } } },
});

let t: TestDatabase;
const cookies = {} as Record<"seregno" | "meda" | "coordinator", string>;
const ids = {} as Record<"seregno" | "meda" | "withCase" | "submitted", number>;
let seregnoId = 0;
let medaId = 0;
let token = "";

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  await createPublishedForm(t.db, FORM, schema, ["tutela-minori"]);
  await createPublishedForm(t.db, "altro-modulo", simpleSchema(), ["tutela-minori"]);
  const memberships = {
    seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "worker", service: "tutela-minori", comune: "meda" },
    coordinator: { role: "coordinator", service: "tutela-minori" },
  } as const;
  const userIds = {} as Record<keyof typeof cookies, number>;
  for (const [name, m] of Object.entries(memberships) as [keyof typeof cookies, (typeof memberships)[keyof typeof memberships]][]) {
    userIds[name] = (await createTestUser(t.db, m)).id;
    cookies[name] = `schedario_session=${(await createSession(t.db, userIds[name])).token}`;
  }
  seregnoId = userIds.seregno;
  medaId = userIds.meda;
  token = (await createApiToken(t.db, userIds.coordinator, "test")).token;
  const seregno = { userId: seregnoId, form: FORM, service: "tutela-minori", comune: "seregno" };
  await createTestCase(t.db, { userId: seregnoId, code: "TM-ELENCO-1", service: "tutela-minori", comune: "seregno" });
  // 26 older drafts to page through, then the ones the filters look for.
  for (let i = 0; i < 26; i++) await createTestSubmission(t.db, { ...seregno, form: "altro-modulo" });
  ids.seregno = (await createTestSubmission(t.db, seregno)).id;
  ids.meda = (await createTestSubmission(t.db, { ...seregno, userId: userIds.meda, comune: "meda" })).id;
  ids.withCase = (await createTestSubmission(t.db, { ...seregno, caseCode: "TM-ELENCO-1" })).id;
  ids.submitted = (await createTestSubmission(t.db, { ...seregno, data: { dataIncontro: "2026-03-01", esito: "positivo" }, status: "submitted" })).id;
}, 120_000);
afterAll(() => t.destroy());

async function listPage(who: keyof typeof cookies, query: string) {
  const r = await callRoute(listLoader, new Request(`${TEST_ORIGIN}/schede?${query}`, { headers: { Cookie: cookies[who] } }));
  expect(r.status).toBe(200);
  return r.body as { submissions: { id: number; formTitle: string; comuneName: string | null }[]; nextPage?: string; isFirstPage: boolean };
}

describe("/schede", () => {
  it("filters by form, comune, case code, status and day range, within scope", async () => {
    const idsOf = async (who: keyof typeof cookies, query: string) => (await listPage(who, query)).submissions.map((s) => s.id);
    expect(await idsOf("coordinator", `modulo=${FORM}`)).toEqual([ids.submitted, ids.withCase, ids.meda, ids.seregno]);
    expect(await idsOf("seregno", `modulo=${FORM}`)).toEqual([ids.submitted, ids.withCase, ids.seregno]);
    expect(await idsOf("coordinator", `modulo=${FORM}&comune=meda`)).toEqual([ids.meda]);
    expect(await idsOf("coordinator", "cartella=tm-elenco-1")).toEqual([ids.withCase]);
    expect(await idsOf("coordinator", `modulo=${FORM}&stato=submitted`)).toEqual([ids.submitted]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await idsOf("coordinator", `modulo=${FORM}&dal=${today}&al=${today}`)).toHaveLength(4);
    expect(await idsOf("coordinator", `modulo=${FORM}&al=2000-01-01`)).toEqual([]);
    // The meda worker does not see Seregno's case, whatever the filter says.
    expect(await idsOf("meda", "cartella=TM-ELENCO-1&comune=seregno")).toEqual([]);
  });

  it("pages with plain links, 25 a page, and ignores a cursor that is not ours", async () => {
    const first = await listPage("seregno", "");
    expect(first.submissions).toHaveLength(25);
    expect(first.isFirstPage).toBe(true);
    const second = await listPage("seregno", first.nextPage!.slice(1));
    expect(second.isFirstPage).toBe(false);
    expect(second.submissions).toHaveLength(29 - 25);
    expect(second.nextPage).toBeUndefined();
    expect(new Set([...first.submissions, ...second.submissions].map((s) => s.id)).size).toBe(29);
    expect((await listPage("seregno", "cursore=rotto")).isFirstPage).toBe(true);
    expect(first.submissions[0]).toMatchObject({ formTitle: "Verbale di prova", comuneName: "Seregno" });
  });

  it("offers coordinators the export of what they see, with the same filters", async () => {
    const page = async (who: keyof typeof cookies, query: string) =>
      (await callRoute(listLoader, new Request(`${TEST_ORIGIN}/schede?${query}`, { headers: { Cookie: cookies[who] } }))).body as {
        exportLinks: { csv: string; ndjson: string } | null;
        exportHint: boolean;
      };
    const coordinator = await page("coordinator", `modulo=${FORM}&comune=meda&dal=2026-01-01`);
    expect(coordinator.exportLinks).toEqual({
      csv: `/api/v1/export?form=${FORM}&from=2026-01-01T00%3A00%3A00.000Z&comune=meda&format=csv`,
      ndjson: `/api/v1/export?form=${FORM}&from=2026-01-01T00%3A00%3A00.000Z&comune=meda&format=ndjson`,
    });
    const exported = await callRoute(exportLoader, new Request(`${TEST_ORIGIN}${coordinator.exportLinks!.ndjson}`, { headers: { Cookie: cookies.coordinator } }));
    expect((exported.body as { id: number }).id).toBe(ids.meda);
    expect(await page("coordinator", "")).toMatchObject({ exportLinks: null, exportHint: true });
    expect(await page("seregno", `modulo=${FORM}`)).toMatchObject({ exportLinks: null, exportHint: false });
  });

  it("and the API list takes the same comune and case filters", async () => {
    const r = await callRoute(
      apiListLoader,
      new Request(`${TEST_ORIGIN}/api/v1/submissions?case=TM-ELENCO-1&comune=seregno`, { headers: { Authorization: `Bearer ${token}` } })
    );
    expect((r.body as { submissions: { id: number }[] }).submissions.map((s) => s.id)).toEqual([ids.withCase]);
  });
});

describe("/schede filtered by one form: its first fields in the newest version's shape (ADR 0012)", () => {
  const MAPPED = "colloquio-mappato";
  const clima = (codes: string[]) => ({ type: "string", title: "Clima", oneOf: codes.map((c) => ({ const: c, title: c.toUpperCase() })) });
  const ids = { old: 0, new: 0, meda: 0 };
  beforeAll(async () => {
    const note = { type: "string", title: "Note" };
    const { form } = await createPublishedForm(
      t.db,
      MAPPED,
      { type: "object", properties: { durata: { type: "integer", title: "Durata (minuti)" }, clima: clima(["sereno", "teso"]), note } },
      ["tutela-minori"]
    );
    const seregno = { userId: seregnoId, form: MAPPED, service: "tutela-minori", comune: "seregno" };
    ids.old = (await createTestSubmission(t.db, { ...seregno, data: { durata: 45, clima: "teso" } })).id;
    ids.meda = (await createTestSubmission(t.db, { ...seregno, userId: medaId, comune: "meda", data: { note: "riservato-meda" } })).id;
    // v2 renames durata and recodes clima, declared and published the way the publish page does it.
    const audit = { actor: { kind: "cli" as const } };
    await t.db.transaction().execute(async (trx) => {
      await createDraftVersion(trx, form.id, {
        schema: { type: "object", properties: { durataMinuti: { type: "integer", title: "Durata in minuti" }, clima: clima(["sereno", "difficile"]), note } },
      });
      await addMappingRule(trx, form, { from: "/durata", to: "/durataMinuti", recode: "" }, audit);
      await addMappingRule(trx, form, { from: "/clima", to: "/clima", recode: "teso = difficile" }, audit);
      await publishDraft(trx, form, audit);
    });
    ids.new = (await createTestSubmission(t.db, { ...seregno, data: { durataMinuti: 60, clima: "sereno", note: "ok" } })).id;
  });

  type Page = { fieldTitles: string[]; submissions: { id: number; formVersion: number; fields: string[] }[] };
  const pageOf = async (who: keyof typeof cookies, query: string) => {
    const r = await callRoute(listLoader, new Request(`${TEST_ORIGIN}/schede?${query}`, { headers: { Cookie: cookies[who] } }));
    expect(r.status).toBe(200);
    return r.body as Page;
  };

  it("shows a v1 and a v2 submission in the same columns, under the new titles, renamed and recoded", async () => {
    const page = await pageOf("seregno", `modulo=${MAPPED}`);
    expect(page.fieldTitles).toEqual(["Durata in minuti", "Clima", "Note"]);
    expect(page.submissions.map(({ id, formVersion, fields }) => ({ id, formVersion, fields }))).toEqual([
      { id: ids.new, formVersion: 2, fields: ["60", "SERENO", "ok"] },
      { id: ids.old, formVersion: 1, fields: ["45", "DIFFICILE", "—"] },
    ]);
    // Presentation only: the revision stays as it was written.
    const stored = await t.db.selectFrom("submission_revisions").select("data").where("submission_id", "=", ids.old).executeTakeFirstOrThrow();
    expect(stored.data).toEqual({ durata: 45, clima: "teso" });
  });

  it("reads no data outside the caller's scope, and audits which columns it showed, not their values", async () => {
    const seregno = await pageOf("seregno", `modulo=${MAPPED}`);
    expect(JSON.stringify(seregno)).not.toContain("riservato-meda");
    const meda = await pageOf("meda", `modulo=${MAPPED}`);
    expect(meda.submissions).toEqual([expect.objectContaining({ id: ids.meda, fields: ["—", "—", "riservato-meda"] })]);
    expect(JSON.stringify(meda)).not.toMatch(/"45"|"60"|DIFFICILE|SERENO/);
    const [event] = await t.db
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "submission.listed")
      .orderBy("id", "desc")
      .limit(1)
      .execute();
    expect(event!.details).toEqual({
      filters: { form: MAPPED },
      cursor: null,
      count: 1,
      fields: [
        { pointer: "/durataMinuti", title: "Durata in minuti" },
        { pointer: "/clima", title: "Clima" },
        { pointer: "/note", title: "Note" },
      ],
    });
  });

  it("keeps the metadata columns only without a form filter", async () => {
    const page = await pageOf("seregno", "");
    expect(page.fieldTitles).toEqual([]);
    expect(page.submissions.every((s) => s.fields.length === 0)).toBe(true);
  });
});

describe("/schede/:id/storico", () => {
  let id = 0;
  beforeAll(async () => {
    id = (await createTestSubmission(t.db, { userId: seregnoId, form: FORM, service: "tutela-minori", comune: "seregno", data: { esito: "critico" } })).id;
    const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
    const caller = { scope, userId: seregnoId, audit: { actor: { kind: "user" as const, userId: seregnoId } } };
    const save = (revision: number, data: Record<string, unknown>, reason: string | null = null) =>
      t.db.transaction().execute((trx) => updateSubmission(trx, caller, id, { data, status: "submitted", revision, reason }));
    await save(1, { esito: "positivo", dataIncontro: "2026-03-01", presenti: [{ nome: "Madre" }] });
    await save(2, { esito: "positivo", dataIncontro: "2026-03-02", presenti: [{ nome: "Madre" }, { nome: "Padre" }] }, "Data sbagliata");
  });

  const history = (who: keyof typeof cookies, query = "", target = id) =>
    callRoute(historyLoader, new Request(`${TEST_ORIGIN}/schede/${target}/storico${query}`, { headers: { Cookie: cookies[who] } }), {
      params: { id: String(target) },
    });

  it("lists every revision, newest first, with the fields each one changed, by title and readable value", async () => {
    const r = await history("seregno");
    expect(r.status).toBe(200);
    const body = r.body as {
      revisions: { revision: number; status: string; reason: string | null; author: string; changes: { list: { label: string[]; before: string | null; after: string | null }[]; more: number } }[];
      comparison: unknown;
    };
    expect(body.revisions.map((x) => [x.revision, x.status, x.reason])).toEqual([
      [3, "submitted", "Data sbagliata"],
      [2, "submitted", null],
      [1, "draft", null],
    ]);
    expect(body.revisions[0]!.changes.list).toEqual([
      { pointer: "/dataIncontro", label: ["Data dell'incontro"], change: "changed", before: "01/03/2026", after: "02/03/2026" },
      { pointer: "/presenti/1/nome", label: ["Presenti", "riga 2", "Ruolo"], change: "added", before: null, after: "Padre" },
    ]);
    expect(body.revisions[2]!.changes.list).toEqual([
      { pointer: "/esito", label: ["Esito dell'incontro"], change: "added", before: null, after: "Critico" },
    ]);
    expect(body.comparison).toBeNull();
  });

  it("compares any two revisions", async () => {
    const r = await history("coordinator", "?da=1&a=3");
    expect((r.body as { comparison: unknown }).comparison).toEqual({
      from: 1,
      to: 3,
      changes: { more: 0, list: [
        expect.objectContaining({ pointer: "/dataIncontro", change: "added" }),
        expect.objectContaining({ pointer: "/esito", before: "Critico", after: "Positivo" }),
        expect.objectContaining({ pointer: "/presenti/0/nome" }),
        expect.objectContaining({ pointer: "/presenti/1/nome" }),
      ] },
    });
  });

  it("shows ten revisions a page, newest first, each with at most 200 changes, and the next page by a plain link", async () => {
    // A draft of 12 revisions, each rewriting 250 fields the form does not declare (shown by name).
    const draft = (await createTestSubmission(t.db, { userId: seregnoId, form: FORM, service: "tutela-minori", comune: "seregno", status: "draft", data: {} })).id;
    const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
    const caller = { scope, userId: seregnoId, audit: { actor: { kind: "user" as const, userId: seregnoId } } };
    for (let revision = 1; revision < 12; revision++) {
      const data = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`campo${i}`, `valore ${revision}`]));
      await t.db.transaction().execute((trx) => updateSubmission(trx, caller, draft, { data, status: "draft", revision, reason: null }));
    }
    type Page = { revisions: { revision: number; changes: { list: unknown[]; more: number } }[]; nextPage?: string; isFirstPage: boolean };
    const first = (await history("seregno", "", draft)).body as Page;
    expect(first.revisions.map((r) => r.revision)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(first.revisions.map((r) => [r.changes.list.length, r.changes.more])).toEqual(Array(10).fill([200, 50]));
    expect(first.isFirstPage).toBe(true);
    const second = (await history("seregno", first.nextPage!, draft)).body as Page;
    expect(second.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(second.revisions[1]!.changes.list).toEqual([]);
    expect(second).toMatchObject({ isFirstPage: false, nextPage: undefined });
  });

  it("renders data nested to the deepest level a submission may hold", async () => {
    let deep: Record<string, unknown> = { nota: "in fondo" };
    for (let level = 2; level < SUBMISSION_DATA_LIMITS.maxDepth; level++) deep = { livello: deep };
    const deepId = (await createTestSubmission(t.db, { userId: seregnoId, form: FORM, service: "tutela-minori", comune: "seregno", status: "draft", data: { esito: "critico" } })).id;
    const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
    const caller = { scope, userId: seregnoId, audit: { actor: { kind: "user" as const, userId: seregnoId } } };
    await t.db.transaction().execute((trx) => updateSubmission(trx, caller, deepId, { data: { esito: "critico", deep }, status: "draft", revision: 1, reason: null }));
    const r = await history("seregno", "", deepId);
    expect(r.status).toBe(200);
    expect((r.body as { revisions: { changes: { list: { pointer: string }[] } }[] }).revisions[0]!.changes.list).toHaveLength(1);
  });

  it("answers 404 out of scope and for unknown ids, and audits the reading", async () => {
    expect((await history("meda")).status).toBe(404);
    expect((await history("seregno", "", 999_999)).status).toBe(404);
    const events = await t.db
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "submission.read")
      .where("target_id", "=", String(id))
      .execute();
    expect(events.map((e) => e.details)).toEqual([
      { view: "history", revision: 3 },
      { view: "history", revision: 3 },
    ]);
  });
});
