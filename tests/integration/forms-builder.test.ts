import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDraftImpact } from "~/forms/mapping/impact.server";
import { presentInVersion } from "~/forms/mapping/mapping";
import { findDraftVersion, findForm, getFormVersion, listFormVersions } from "~/forms/versions/registry.server";
import { formVersionSchemaId } from "~/forms/validation/validators.server";
import { listMappedVersions } from "~/forms/versions/version-history.server";
import { action as versionsAction, loader as versionsLoader } from "~/routes/admin.moduli.$slug._index";
import { loader as exportLoader } from "~/routes/admin.moduli.$slug.esporta";
import { action as publishAction, loader as publishLoader } from "~/routes/admin.moduli.$slug.pubblica";
import { loader as listLoader } from "~/routes/admin.moduli._index";
import { action as newFormAction } from "~/routes/admin.moduli.nuovo";
import { createSignedInUser, createTestUser } from "../support/factories";
import { callRoute, TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof createSignedInUser>>;
let workerId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  admin = await createSignedInUser(t.db, { role: "admin" });
  workerId = (await createTestUser(t.db, { role: "worker", service: "spazio-neutro" })).id;
});
afterAll(() => t.destroy());

const post = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    headers: { Origin: TEST_ORIGIN, Cookie: admin.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
};
const get = (path: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: admin.cookie } });
/** A multipart upload as a browser sends the import form. */
const upload = (path: string, fileText: string, fields: Record<string, string> = {}) => {
  const body = new FormData();
  body.set("intent", "import");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("bundle", new File([fileText], "modulo.json", { type: "application/json" }));
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", headers: { Origin: TEST_ORIGIN, Cookie: admin.cookie }, body });
};

const audit = async (action: string) =>
  t.db.selectFrom("audit_events").select(["action", "actor_user_id", "details", "ip"]).where("action", "=", action).orderBy("id").execute();
const counts = async () => {
  const [forms, versions, events] = await Promise.all(
    (["forms", "form_versions", "audit_events"] as const).map((table) =>
      t.db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
    ),
  );
  return { forms: forms!.n, versions: versions!.n, events: events!.n };
};

const schemaV1 = {
  type: "object",
  title: "Verbale di incontro",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    durata: { type: "integer", title: "Durata (minuti)", minimum: 0 },
    clima: { type: "string", title: "Clima dell'incontro", oneOf: [{ const: "sereno", title: "Sereno" }, { const: "teso", title: "Teso" }] },
  },
};
// v2 renames durata → durataMinuti (now at most 240) and recodes clima "teso" → "difficile".
const schemaV2 = {
  type: "object",
  title: "Verbale di incontro",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    durataMinuti: { type: "integer", title: "Durata in minuti", minimum: 0, maximum: 240 },
    clima: { type: "string", title: "Clima dell'incontro", oneOf: [{ const: "sereno", title: "Sereno" }, { const: "difficile", title: "Difficile" }] },
  },
  additionalProperties: false,
};
const bundle = (schema: object) => JSON.stringify({ slug: "altro", title: "Ignorato", kind: "other", schema, uiSchema: {} });

describe("new form", () => {
  it("creates the form with an empty lint-clean draft, audited, and redirects to its editor", async () => {
    const r = await callRoute(
      newFormAction,
      post("/admin/moduli/nuovo", { slug: "verbale-prova", title: "Verbale di prova", kind: "report", services: ["spazio-neutro", "affidi"] }),
    );
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/admin/moduli/verbale-prova/bozza?creato=1");
    const form = await findForm(t.db, "verbale-prova");
    expect(form).toMatchObject({ kind: "report", title: "Verbale di prova", services: ["affidi", "spazio-neutro"] });
    expect((await findDraftVersion(t.db, form!.id))?.schema).toEqual({ type: "object", title: "Verbale di prova", properties: {} });
    const [event] = await audit("forms.created");
    expect(event).toMatchObject({ actor_user_id: admin.id, ip: "192.0.2.1", details: { slug: "verbale-prova", services: ["affidi", "spazio-neutro"] } });
  });

  it("answers 400 with Italian field errors and saves nothing", async () => {
    const before = await counts();
    const duplicate = await callRoute(newFormAction, post("/admin/moduli/nuovo", { slug: "verbale-prova", title: "X", kind: "report", services: "affidi" }));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ errors: { slug: "Esiste già un modulo con lo slug «verbale-prova»." } });
    const bad = await callRoute(newFormAction, post("/admin/moduli/nuovo", { slug: "Non Valido", title: " ", kind: "altro" }));
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { errors: object }).errors).sort()).toEqual(["kind", "services", "slug", "title"]);
    const reserved = await callRoute(newFormAction, post("/admin/moduli/nuovo", { slug: "nuovo", title: "N", kind: "other", services: "affidi" }));
    expect(reserved.body).toMatchObject({ errors: { slug: "«nuovo» è riservato: scegli un altro slug." } });
    const unknownService = await callRoute(newFormAction, post("/admin/moduli/nuovo", { slug: "ok-slug", title: "N", kind: "other", services: "marte" }));
    expect(unknownService.body).toMatchObject({ errors: { services: "Uno dei servizi scelti non esiste." } });
    expect(await counts()).toEqual(before);
  });

  it("lists the form with kind, services, version and draft", async () => {
    const r = await callRoute(listLoader, get("/admin/moduli"));
    const forms = (r.body as { forms: { slug: string }[] }).forms;
    expect(forms.find((f) => f.slug === "verbale-prova")).toEqual({
      slug: "verbale-prova",
      title: "Verbale di prova",
      kind: "Relazione",
      services: ["Servizio Associato Affidi", "Spazio Neutro"],
      latestVersion: null,
      hasDraft: true,
    });
  });
});

describe("versions page actions", () => {
  const page = "/admin/moduli/verbale-prova";
  const params = { slug: "verbale-prova" };

  it("updates title and kind, audited with before and after; refuses a bad kind", async () => {
    const r = await callRoute(versionsAction, post(page, { intent: "meta", title: "Verbale d'incontro", kind: "other" }), { params });
    expect(r.body).toMatchObject({ done: "Titolo e tipo aggiornati." });
    expect((await audit("forms.updated")).at(-1)?.details).toEqual({
      slug: "verbale-prova",
      before: { kind: "report", title: "Verbale di prova" },
      after: { kind: "other", title: "Verbale d'incontro" },
    });
    const before = await counts();
    const bad = await callRoute(versionsAction, post(page, { intent: "meta", title: "", kind: "x" }), { params });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ intent: "meta", errors: { title: "Indica il titolo del modulo.", kind: "Scegli il tipo di modulo." } });
    expect(await counts()).toEqual(before);
    expect((await findForm(t.db, "verbale-prova"))?.title).toBe("Verbale d'incontro");
  });

  it("replaces the offered services, audited; refuses none", async () => {
    const r = await callRoute(versionsAction, post(page, { intent: "services", services: ["spazio-neutro", "tutela-minori"] }), { params });
    expect(r.status).toBe(200);
    expect((await findForm(t.db, "verbale-prova"))?.services).toEqual(["spazio-neutro", "tutela-minori"]);
    expect((await audit("forms.services.updated")).at(-1)?.details).toMatchObject({ before: ["affidi", "spazio-neutro"], after: ["spazio-neutro", "tutela-minori"] });
    const before = await counts();
    const none = await callRoute(versionsAction, post(page, { intent: "services" }), { params });
    expect(none.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown intent, also one named like a property every object has", async () => {
    for (const intent of ["", "pubblica", "toString", "constructor"]) {
      const r = await callRoute(versionsAction, post(page, { intent }), { params });
      expect(r.status, intent).toBe(400);
      expect(r.body, intent).toMatchObject({ intent, errors: { form: "Operazione sconosciuta." } });
    }
  });

  it("imports a bundle into the draft only when asked to replace it, and saves nothing on bad JSON or lint problems", async () => {
    const before = await counts();
    const notConfirmed = await callRoute(versionsAction, upload(page, bundle(schemaV1)), { params });
    expect(notConfirmed.body).toMatchObject({ intent: "import", errors: { replaceDraft: expect.stringMatching(/già una bozza/) } });
    const badJson = await callRoute(versionsAction, upload(page, '{"schema": {', { replaceDraft: "si" }), { params });
    expect(badJson.body).toMatchObject({ errors: { bundle: expect.stringMatching(/^Il file non è JSON valido: alla riga 1/) } });
    const notBundle = await callRoute(versionsAction, upload(page, "[1, 2]", { replaceDraft: "si" }), { params });
    expect(notBundle.body).toMatchObject({ errors: { bundle: expect.stringMatching(/non è un pacchetto/) } });
    const lintFails = await callRoute(
      versionsAction,
      upload(page, bundle({ type: "object", properties: { a: { type: "string" } } }), { replaceDraft: "si" }),
      { params },
    );
    expect(lintFails.status).toBe(400);
    expect(lintFails.body).toMatchObject({
      errors: { bundle: "Il modulo ha un problema: nulla è stato salvato. Dettagli sotto." },
      lint: [{ source: "schema", path: "/properties/a", message: 'il campo "a" non ha un titolo ("title")' }],
    });
    expect(await counts()).toEqual(before);

    const ok = await callRoute(versionsAction, upload(page, bundle(schemaV1), { replaceDraft: "si" }), { params });
    expect(ok.body).toMatchObject({ done: "Pacchetto «modulo.json» importato nella bozza." });
    const form = await findForm(t.db, "verbale-prova");
    expect((await findDraftVersion(t.db, form!.id))?.schema).toEqual(schemaV1);
    // The form keeps its own slug, title and kind.
    expect(form).toMatchObject({ slug: "verbale-prova", title: "Verbale d'incontro", kind: "other" });
    expect((await audit("forms.imported")).at(-1)).toMatchObject({ actor_user_id: admin.id, details: { slug: "verbale-prova", file: "modulo.json" } });
  });

  it("imports with titles from the keys when asked, and says which titles it filled", async () => {
    const untitled = { type: "object", title: "Da altrove", properties: { dataNascita: { type: "string", title: "Data di nascita" }, luogo_nascita: { type: "string" } } };
    const r = await callRoute(versionsAction, upload(page, bundle(untitled), { replaceDraft: "si", titlesFromKeys: "si" }), { params });
    expect(r.body).toMatchObject({ done: "Pacchetto «modulo.json» importato nella bozza. Titoli presi dal nome del campo, da rivedere nell'editor: «Luogo nascita»." });
    const form = await findForm(t.db, "verbale-prova");
    expect((await findDraftVersion(t.db, form!.id))?.schema).toMatchObject({ properties: { luogo_nascita: { type: "string", title: "Luogo nascita" } } });
    expect((await audit("forms.imported")).at(-1)).toMatchObject({ details: { titlesFromKeys: ["/properties/luogo_nascita"] } });
    // Back to the draft the next tests publish.
    await callRoute(versionsAction, upload(page, bundle(schemaV1), { replaceDraft: "si" }), { params });
  });

  it("refuses an upload over the size limit without reading it all", async () => {
    const big = `{"schema": {"title": "${"x".repeat(2_100_000)}"}}`;
    const r = await callRoute(versionsAction, upload(page, big, { replaceDraft: "si" }), { params });
    expect(r.body).toMatchObject({ intent: "import", errors: { bundle: "Il file supera il limite di 2 MB." } });
  });
});

describe("publish, impact check and declared mappings", () => {
  const page = "/admin/moduli/verbale-prova/pubblica";
  const params = { slug: "verbale-prova" };
  type Preview = {
    preview: {
      nextVersion: number;
      lint: unknown[];
      changes: { path: string; change: string }[];
      mappingProblems: unknown[];
      impact: { drafts: number; noLongerValid: number; versions: { version: number; noLongerValid: number; stillValid: number; problems: { message: string }[] }[] };
    };
  };
  const preview = async () => ((await callRoute(publishLoader, get(page), { params })).body as Preview).preview;

  it("publishes the first version: lint clean, every field added, no earlier drafts", async () => {
    const p = await preview();
    expect(p).toMatchObject({ nextVersion: 1, lint: [], mappingProblems: [], impact: { drafts: 0, versions: [] } });
    expect(p.changes.map((c) => `${c.change} ${c.path}`)).toEqual(["added /clima", "added /dataIncontro", "added /durata"]);
    const r = await callRoute(publishAction, post(page, { intent: "publish" }), { params });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/admin/moduli/verbale-prova?pubblicata=1");
    expect((await audit("forms.version.published")).at(-1)).toMatchObject({ actor_user_id: admin.id, details: { slug: "verbale-prova", version: 1, mapping: null } });
  });

  it("counts drafts of v1 that v2 would break, per version, and audits the check", async () => {
    const draft = (data: Record<string, unknown>) =>
      createTestSubmission(t.db, { userId: workerId, form: "verbale-prova", service: "spazio-neutro", data, status: "draft" });
    await draft({ durata: 60, clima: "sereno" });
    await draft({ durata: 300, clima: "teso" });
    await draft({ clima: "teso" });
    await draft({ durata: "tanto" }); // already invalid in v1
    await createTestSubmission(t.db, { userId: workerId, form: "verbale-prova", service: "spazio-neutro", data: { dataIncontro: "2026-01-10", durata: 500 }, status: "submitted" });

    const imported = await callRoute(versionsAction, upload("/admin/moduli/verbale-prova", bundle(schemaV2)), { params });
    expect(imported.status).toBe(200);
    const p = await preview();
    expect(p.changes.map((c) => `${c.change} ${c.path}`)).toEqual(["changed /clima", "removed /durata", "added /durataMinuti"]);
    // Without a mapping, every draft with durata fails (additionalProperties) and "teso" is no option any more.
    expect(p.impact).toMatchObject({ drafts: 4, noLongerValid: 3, versions: [{ version: 1, stillValid: 0, noLongerValid: 3 }] });
    // Two drafts each; a field the new version lacks is named by its key.
    expect(p.impact.versions[0]!.problems).toEqual([
      { message: "Clima dell'incontro: scegliere una delle opzioni previste", drafts: 2 },
      { message: "durata: campo non previsto dal modulo", drafts: 2 },
    ]);
    expect((await audit("forms.impact.checked")).at(-1)?.details).toMatchObject({ slug: "verbale-prova", drafts: 4, noLongerValid: 3 });
  });

  it("declares a rename and a recoding; a bad rule is refused inline and changes nothing", async () => {
    const form = await findForm(t.db, "verbale-prova");
    const bad = await callRoute(publishAction, post(page, { intent: "add-rule", from: "/durataa", to: "/durataMinuti", recode: "" }), { params });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: { from: 'Il campo di partenza "/durataa" non esiste nella versione precedente.' } });
    const badCode = await callRoute(publishAction, post(page, { intent: "add-rule", from: "/clima", to: "/clima", recode: "teso = pessimo" }), { params });
    expect(badCode.body).toMatchObject({ errors: { recode: expect.stringMatching(/"pessimo" non è un'opzione di «Clima dell'incontro» nella nuova versione/) } });
    const badSyntax = await callRoute(publishAction, post(page, { intent: "add-rule", from: "/clima", to: "/clima", recode: "teso" }), { params });
    expect(badSyntax.body).toMatchObject({ errors: { recode: expect.stringMatching(/^Ricodifica, riga 1/) } });
    expect((await findDraftVersion(t.db, form!.id))?.mapping).toBeNull();

    for (const rule of [
      { from: "/durata", to: "/durataMinuti", recode: "" },
      { from: "/clima", to: "/clima", recode: "teso = difficile" },
    ]) {
      expect((await callRoute(publishAction, post(page, { intent: "add-rule", ...rule }), { params })).status).toBe(200);
    }
    expect((await findDraftVersion(t.db, form!.id))?.mapping).toEqual({
      fromVersion: 1,
      rules: [
        { from: "/durata", to: "/durataMinuti" },
        { from: "/clima", to: "/clima", recode: [{ from: "teso", to: "difficile" }] },
      ],
    });
    expect(await audit("forms.mapping.updated")).toHaveLength(2);
    // With the mapping, only the 300-minute draft breaks (maximum 240).
    const p = await preview();
    expect(p.impact).toMatchObject({ drafts: 4, noLongerValid: 1 });
    expect(p.impact.versions[0]!.problems.map((x) => x.message)).toEqual(["Durata in minuti: deve essere <= 240"]);
  });

  it("publishes v2 with its mapping, which the database then refuses to change", async () => {
    const r = await callRoute(publishAction, post(page, { intent: "publish" }), { params });
    expect(r.headers.get("Location")).toBe("/admin/moduli/verbale-prova?pubblicata=2");
    const v2 = await getFormVersion(t.db, "verbale-prova", 2);
    expect(v2.mapping?.rules).toHaveLength(2);
    expect((await audit("forms.version.published")).at(-1)?.details).toMatchObject({ version: 2, mapping: { fromVersion: 1 } });
    await expect(t.db.updateTable("form_versions").set({ mapping: null }).where("id", "=", v2.id).execute()).rejects.toThrow(/immutable/);

    // An old submission is presented in v2's shape; the stored data is untouched.
    const versions = await listMappedVersions(t.db, "verbale-prova");
    expect(presentInVersion({ durata: 45, clima: "teso", dataIncontro: "2026-01-10" }, 1, 2, versions)).toEqual({
      durataMinuti: 45,
      clima: "difficile",
      dataIncontro: "2026-01-10",
    });
  });

  it("refuses to publish while lint or a declared rule fails, and saves nothing", async () => {
    const form = await findForm(t.db, "verbale-prova");
    // A v3 draft that drops durataMinuti, with a rule declared while it still existed.
    await callRoute(versionsAction, upload("/admin/moduli/verbale-prova", bundle(schemaV2)), { params });
    expect((await callRoute(publishAction, post(page, { intent: "add-rule", from: "/durataMinuti", to: "/durataMinuti", recode: "" }), { params })).status).toBe(200);
    const withoutField = { ...schemaV2, properties: { dataIncontro: schemaV2.properties.dataIncontro } };
    await callRoute(versionsAction, upload("/admin/moduli/verbale-prova", bundle(withoutField), { replaceDraft: "si" }), { params });
    expect((await preview()).mappingProblems).toEqual([
      { rule: 0, field: "to", message: 'il campo di arrivo "/durataMinuti" non esiste nella nuova versione' },
    ]);
    const before = await counts();
    const r = await callRoute(publishAction, post(page, { intent: "publish" }), { params });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errors: { form: expect.stringMatching(/corrispondenze dichiarate hanno 1 problemi/) } });
    expect(await counts()).toEqual(before);
    expect((await findDraftVersion(t.db, form!.id))?.status).toBe("draft");
    // Removing the rule unblocks it.
    expect((await callRoute(publishAction, post(page, { intent: "remove-rule", index: "0" }), { params })).status).toBe(200);
    expect((await findDraftVersion(t.db, form!.id))?.mapping).toBeNull();
    expect((await preview()).mappingProblems).toEqual([]);
  });

  it("counts the same in small batches as in one", async () => {
    const versions = await listFormVersions(t.db, "verbale-prova");
    const form = await findForm(t.db, "verbale-prova");
    const draft = (await findDraftVersion(t.db, form!.id))!;
    const input = {
      earlier: versions.map((v) => ({ id: v.id, version: v.version!, mapping: v.mapping, schema: v.schema, schemaId: v.schemaId })),
      next: { version: 3, mapping: null, schema: draft.schema, schemaId: formVersionSchemaId("verbale-prova", "draft") },
    };
    const whole = await checkDraftImpact(t.db, input);
    const batched = await checkDraftImpact(t.db, { ...input, batchSize: 1 });
    expect(batched.versions).toEqual(whole.versions);
    expect(whole.drafts).toBe(4);
  });
});

describe("retire, duplicate, export", () => {
  const page = "/admin/moduli/verbale-prova";
  const params = { slug: "verbale-prova" };

  it("retires a published version only when confirmed, audited", async () => {
    const before = await counts();
    const unconfirmed = await callRoute(versionsAction, post(page, { intent: "retire", version: "1" }), { params });
    expect(unconfirmed.status).toBe(400);
    expect(await counts()).toEqual(before);
    const r = await callRoute(versionsAction, post(page, { intent: "retire", version: "1", confirm: "si" }), { params });
    expect(r.headers.get("Location")).toBe("/admin/moduli/verbale-prova?ritirata=1");
    expect((await getFormVersion(t.db, "verbale-prova", 1)).status).toBe("retired");
    expect((await audit("forms.version.retired")).at(-1)).toMatchObject({ actor_user_id: admin.id, ip: "192.0.2.1", details: { version: 1 } });
    const again = await callRoute(versionsAction, post(page, { intent: "retire", version: "1", confirm: "si" }), { params });
    expect(again.body).toMatchObject({ errors: { form: expect.stringMatching(/non è pubblicata/) } });
  });

  it("shows the versions with author, and a diff between two of them with field titles", async () => {
    const r = await callRoute(versionsLoader, get(`${page}?da=1&a=2`), { params });
    const body = r.body as { history: { version: number | null; status: string; author: string | null }[]; comparison: { changes: { title: string }[] } };
    expect(body.history.map((v) => `${v.version ?? "bozza"} ${v.status}`)).toEqual(["bozza draft", "2 published", "1 retired"]);
    expect(body.history[1]!.author).toBeTruthy();
    expect(body.comparison.changes.map((c) => c.title)).toEqual(["Clima dell'incontro", "Durata (minuti)", "Durata in minuti"]);
  });

  it("duplicates a form from a chosen version, audited; refuses a taken slug", async () => {
    const before = await counts();
    const taken = await callRoute(versionsAction, post(page, { intent: "duplicate", version: "2", slug: "verbale-prova", title: "Copia" }), { params });
    expect(taken.body).toMatchObject({ intent: "duplicate", errors: { slug: expect.stringMatching(/Esiste già/) } });
    expect(await counts()).toEqual(before);
    const r = await callRoute(versionsAction, post(page, { intent: "duplicate", version: "2", slug: "verbale-copia", title: "Verbale (copia)" }), { params });
    expect(r.headers.get("Location")).toBe("/admin/moduli/verbale-copia?duplicato=1");
    const copy = await findForm(t.db, "verbale-copia");
    expect(copy).toMatchObject({ kind: "other", title: "Verbale (copia)", services: ["spazio-neutro", "tutela-minori"] });
    expect((await findDraftVersion(t.db, copy!.id))?.schema).toEqual(schemaV2);
    expect((await audit("forms.duplicated")).at(-1)?.details).toMatchObject({ slug: "verbale-copia", from: { slug: "verbale-prova", version: 2 } });
  });

  it("exports a version as a bundle download that imports back", async () => {
    const r = await callRoute(exportLoader, get("/admin/moduli/verbale-prova/esporta?versione=2"), { params });
    expect(r.headers.get("Content-Disposition")).toBe('attachment; filename="verbale-prova-v2.json"');
    expect(r.body).toMatchObject({ slug: "verbale-prova", kind: "other", version: 2, schema: schemaV2, uiSchema: {} });
    const missing = await callRoute(exportLoader, get("/admin/moduli/verbale-prova/esporta?versione=9"), { params });
    expect(missing.status).toBe(404);
  });
});
