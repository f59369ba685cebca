import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormDocument } from "~/forms/builder/document";
import { readFieldTree } from "~/forms/builder/field-tree";
import { pushHistory, startHistory, undoHistory } from "~/forms/builder/history";
import { addField } from "~/forms/builder/operations";
import { syncBuiltinForms } from "~/forms/versions/builtin.server";
import { findDraftVersion, getForm, getFormVersion } from "~/forms/versions/registry.server";
import { action, loader } from "~/routes/admin.moduli.$slug.bozza";
import { createSignedInUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  admin = await createSignedInUser(t.db, { role: "admin" });
  await createPublishedForm(t.db, "bozza-prova", simpleSchema({ note: { type: "string", title: "Note", maxLength: 100 } }));
});
afterAll(() => t.destroy());

const path = (slug: string) => `/admin/moduli/${slug}/bozza`;
const getPage = (slug: string) => callRoute(loader, new Request(`${TEST_ORIGIN}${path(slug)}`, { headers: { Cookie: admin.cookie } }), { params: { slug } });
const postJson = (slug: string, body: unknown) =>
  callRoute(
    action,
    new Request(`${TEST_ORIGIN}${path(slug)}`, {
      method: "POST",
      headers: { Origin: TEST_ORIGIN, Cookie: admin.cookie, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: { slug } }
  );
const startDraft = (slug: string) => callRoute(action, formPost(path(slug), { intent: "crea" }, { Cookie: admin.cookie }), { params: { slug } });
const auditCount = async (action: string) =>
  Number((await t.db.selectFrom("audit_events").select((eb) => eb.fn.countAll().as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n);
/** What the editor has in hand: the loader's JSON, as the browser receives it. */
const openDraft = async (slug: string) => {
  const page = JSON.parse(JSON.stringify((await getPage(slug)).body)) as { draft: (FormDocument & { contentHash: string }) | null };
  return page.draft!;
};
const storedDraft = async (slug: string) => findDraftVersion(t.db, (await getForm(t.db, slug)).id);

describe("the draft editor's actions", () => {
  it("starts a draft as a copy of the latest version, audited", async () => {
    expect((await getPage("bozza-prova")).body).toMatchObject({ draft: null, latestVersion: 1 });
    const r = await startDraft("bozza-prova");
    expect(r.status).toBe(302);
    const draft = await openDraft("bozza-prova");
    const published = await getFormVersion(t.db, "bozza-prova", 1);
    expect(draft.schema).toEqual(published.schema);
    expect(await auditCount("forms.draft.created")).toBe(1);
    expect((await startDraft("bozza-prova")).status).toBe(409);
  });

  it("checks a draft: lint problems, and preview data validated with Italian messages", async () => {
    const draft = await openDraft("bozza-prova");
    const r = await postJson("bozza-prova", { intent: "controlla", schema: draft.schema, uiSchema: draft.uiSchema, data: { note: 3 } });
    expect(r.body).toEqual({
      problems: [],
      errors: [
        { path: "/dataIncontro", message: "Data dell'incontro: campo obbligatorio" },
        { path: "/note", message: expect.stringMatching(/^Note: /) },
      ],
    });
    const bad = await postJson("bozza-prova", { intent: "controlla", schema: { ...draft.schema, properties: { x: { type: "string", title: "X", pattern: "(a+)+$" } } }, uiSchema: {}, data: {} });
    expect(bad.body).toMatchObject({ problems: [{ path: "/properties/x/pattern", message: expect.stringContaining("ReDoS") }], errors: null });
  });

  it("saves an edit made with the builder, with its audit event", async () => {
    const draft = await openDraft("bozza-prova");
    const edited = addField(draft, [], "rating").doc;
    const before = await auditCount("forms.draft.saved");
    const r = await postJson("bozza-prova", { intent: "salva", expectedHash: draft.contentHash, ...edited });
    expect(r.status).toBe(200);
    const stored = await storedDraft("bozza-prova");
    expect(stored!.schema).toEqual(edited.schema);
    expect(r.body).toEqual({ saved: true, contentHash: stored!.contentHash });
    expect(await auditCount("forms.draft.saved")).toBe(before + 1);
  });

  it("refuses a save over someone else's save (409, nothing lost) and a broken draft (422, nothing saved)", async () => {
    const draft = await openDraft("bozza-prova");
    const mine = addField(draft, [], "date").doc;
    const theirs = addField(draft, [], "email").doc;
    expect((await postJson("bozza-prova", { intent: "salva", expectedHash: draft.contentHash, ...theirs })).status).toBe(200);
    const afterTheirs = await storedDraft("bozza-prova");
    const conflict = await postJson("bozza-prova", { intent: "salva", expectedHash: draft.contentHash, ...mine });
    expect(conflict).toMatchObject({ status: 409, body: { conflict: true, currentHash: afterTheirs!.contentHash } });
    expect((await storedDraft("bozza-prova"))!.schema).toEqual(theirs.schema);

    const saves = await auditCount("forms.draft.saved");
    for (const broken of [
      { schema: { ...mine.schema, properties: { x: { type: "string", title: "X", pattern: "(a+)+$" } } }, uiSchema: {} },
      { schema: mine.schema, uiSchema: { campoInesistente: { "ui:widget": "textarea" } } },
      { schema: "non è uno schema", uiSchema: {} },
    ]) {
      const r = await postJson("bozza-prova", { intent: "salva", expectedHash: afterTheirs!.contentHash, ...broken });
      expect(r.status).toBe(422);
      expect((r.body as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
    }
    expect((await storedDraft("bozza-prova"))!.contentHash).toBe(afterTheirs!.contentHash);
    expect(await auditCount("forms.draft.saved")).toBe(saves);

    // The editor's "overwrite" sends the hash the conflict reported.
    const overwrite = await postJson("bozza-prova", { intent: "salva", expectedHash: afterTheirs!.contentHash, ...mine });
    expect(overwrite.status).toBe(200);
  });

  it("lets only one of two simultaneous saves of the same draft through", async () => {
    const draft = await openDraft("bozza-prova");
    const [a, b] = await Promise.all([
      postJson("bozza-prova", { intent: "salva", expectedHash: draft.contentHash, ...addField(draft, [], "integer").doc }),
      postJson("bozza-prova", { intent: "salva", expectedHash: draft.contentHash, ...addField(draft, [], "phone").doc }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it("answers 404 for an unknown form and 400 for an unknown request", async () => {
    expect((await getPage("non-esiste")).status).toBe(404);
    expect((await postJson("bozza-prova", { intent: "boh" })).status).toBe(400);
  });
});

describe("round trip of the built-in forms", () => {
  it("opening every built-in form in the editor and saving it unchanged stores byte-identical JSON", async () => {
    const lines = await t.db.transaction().execute((trx) => syncBuiltinForms(trx));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      const slug = line.split(" ")[0]!;
      await startDraft(slug);
      const draft = await openDraft(slug);
      // The editor model: field tree for the visual tab, history for undo; an edit undone leaves no trace.
      expect(readFieldTree(draft).length).toBeGreaterThan(0);
      let history = startHistory<FormDocument>({ schema: draft.schema, uiSchema: draft.uiSchema });
      history = undoHistory(pushHistory(history, addField(history.present, [], "shortText").doc));
      const r = await postJson(slug, { intent: "salva", expectedHash: draft.contentHash, ...history.present });
      expect(r.status, slug).toBe(200);
      const published = await getFormVersion(t.db, slug);
      const saved = await storedDraft(slug);
      expect(JSON.stringify(saved!.schema), slug).toBe(JSON.stringify(published.schema));
      expect(JSON.stringify(saved!.uiSchema), slug).toBe(JSON.stringify(published.uiSchema));
    }
  }, 180_000); // every built-in form is published, then opened and saved in the editor: minutes under load
});
