import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDraftVersion,
  createForm,
  findDraftVersion,
  findStandaloneCode,
  FormLintError,
  FormRegistryError,
  getFormVersion,
  listForms,
  listFormVersions,
  publishFormVersion,
  retireFormVersion,
  updateDraftVersion,
} from "~/forms/versions/registry.server";
import { importForm } from "~/forms/versions/import.server";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

describe("form registry", () => {
  it("creates a form offered to every service by default", async () => {
    const form = await createForm(t.db, { slug: "modulo-aperto", kind: "other", title: "Aperto" });
    const services = await t.db.selectFrom("services").select("code").orderBy("code").execute();
    expect(form.services).toEqual(services.map((s) => s.code));
  });

  it("refuses unknown services and duplicate slugs", async () => {
    await expect(createForm(t.db, { slug: "modulo-x", kind: "other", title: "X", services: ["nessuno"] })).rejects.toThrow(/servizi sconosciuti: nessuno/);
    await createForm(t.db, { slug: "modulo-doppio", kind: "other", title: "Doppio" });
    await expect(createForm(t.db, { slug: "modulo-doppio", kind: "other", title: "Doppio" })).rejects.toThrow(FormRegistryError);
  });

  it("numbers published versions 1, 2, 3 per form, keeps one draft, and audits each publish", async () => {
    const { form, version: v1 } = await createPublishedForm(t.db, "verbale-numerato");
    expect(v1).toMatchObject({ version: 1, status: "published", slug: "verbale-numerato" });
    expect(v1.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The validator module is read on its own: the common lookup leaves its ~180 KB out.
    expect(v1).not.toHaveProperty("standaloneCode");
    expect(await findStandaloneCode(t.db, v1.id)).toMatch(/export default/);
    expect(v1.publishedAt).toBeInstanceOf(Date);

    const draft = await createDraftVersion(t.db, form.id, { schema: simpleSchema({ note: { type: "string", title: "Note" } }) });
    expect(draft.version).toBeNull();
    expect(await findStandaloneCode(t.db, draft.id)).toBeUndefined();
    await expect(createDraftVersion(t.db, form.id, { schema: simpleSchema() })).rejects.toThrow(/già una bozza/);
    const edited = await updateDraftVersion(t.db, draft.id, { schema: simpleSchema({ luogo: { type: "string", title: "Luogo" } }) });
    expect(edited.contentHash).not.toBe(draft.contentHash);

    const v2 = await t.db.transaction().execute((trx) => publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } }));
    expect(v2.version).toBe(2);
    expect(await findDraftVersion(t.db, form.id)).toBeUndefined();
    expect((await listFormVersions(t.db, "verbale-numerato")).map((v) => v.version)).toEqual([1, 2]);
    expect((await getFormVersion(t.db, "verbale-numerato")).version).toBe(2);

    const events = await t.db.selectFrom("audit_events").select(["action", "details"]).where("action", "=", "forms.version.published").execute();
    expect(events.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ slug: "verbale-numerato", version: 1 }),
        expect.objectContaining({ slug: "verbale-numerato", version: 2 }),
      ]),
    );
    const summary = (await listForms(t.db)).find((f) => f.slug === "verbale-numerato");
    expect(summary).toMatchObject({ latestVersion: 2, hasDraft: false, services: ["spazio-neutro"] });
  });

  it("keeps the order of fields as written (json, not jsonb), which is the order on screen", async () => {
    const schema = simpleSchema({ zeta: { type: "string", title: "Zeta" }, alfa: { type: "string", title: "Alfa" }, beta: { type: "string", title: "Beta" } });
    const { version } = await createPublishedForm(t.db, "ordine-campi", schema);
    const stored = await getFormVersion(t.db, "ordine-campi", version.version!);
    expect(Object.keys(stored.schema.properties as object)).toEqual(["dataIncontro", "zeta", "alfa", "beta"]);
    expect(JSON.stringify(stored.schema)).toBe(JSON.stringify(schema));
  });

  it("refuses a draft that does not pass lint, listing every problem", async () => {
    const form = await createForm(t.db, { slug: "modulo-rotto", kind: "other", title: "Rotto" });
    const error = await createDraftVersion(t.db, form.id, { schema: { type: "object", properties: { a: { type: "string" } } } }).catch((e) => e);
    expect(error).toBeInstanceOf(FormLintError);
    expect(error.problems).toEqual([{ source: "schema", path: "/properties/a", message: 'il campo "a" non ha un titolo ("title")' }]);
  });

  it("publishes a consent form from a file only if the family page can render every field (import --publish, built-in sync)", async () => {
    const schema = {
      type: "object",
      title: "Consenso",
      properties: { sito: { type: "string", title: "Sito web", format: "uri" }, firma: { type: "string", title: "Firma" } },
      required: ["sito"],
    };
    const source = { slug: "consenso-non-mostrabile", title: "Consenso", kind: "consent" as const, services: ["tutela-minori"], schema, uiSchema: {} };
    const publish = () => t.db.transaction().execute((trx) => importForm(trx, source, { publish: true, actor: { kind: "cli" } }));
    const refused = await publish().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormLintError);
    expect((refused as FormLintError).problems).toEqual([
      { source: "schema", path: "/properties/sito", message: expect.stringContaining("«Sito web»") },
    ]);
    expect(await t.db.selectFrom("forms").select("id").where("slug", "=", source.slug).executeTakeFirst()).toBeUndefined();
    // A draft stays free, as in the builder: the publish page checks it again.
    const draft = await t.db.transaction().execute((trx) => importForm(trx, source, { publish: false, actor: { kind: "cli" } }));
    expect(draft.outcome).toBe("draft");
    // The same form as an assessment renders on workers' pages, which show every kind.
    const assessment = await t.db.transaction().execute((trx) => importForm(trx, { ...source, slug: "valutazione-con-sito", kind: "assessment" }, { publish: true, actor: { kind: "cli" } }));
    expect(assessment.outcome).toBe("published");
  });

  it("retires a published version (audited); the latest published one is then the previous", async () => {
    const { form } = await createPublishedForm(t.db, "verbale-ritirato");
    const draft = await createDraftVersion(t.db, form.id, { schema: simpleSchema({ note: { type: "string", title: "Note" } }) });
    const v2 = await t.db.transaction().execute((trx) => publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } }));
    const retired = await t.db.transaction().execute((trx) => retireFormVersion(trx, { versionId: v2.id, actor: { kind: "cli" } }));
    expect(retired).toMatchObject({ status: "retired", version: 2 });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect((await getFormVersion(t.db, "verbale-ritirato")).version).toBe(1);
    expect((await getFormVersion(t.db, "verbale-ritirato", 2)).status).toBe("retired");
    const event = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "forms.version.retired").where("target_id", "=", String(v2.id)).executeTakeFirst();
    expect(event?.actor_kind).toBe("cli");
  });
});

describe(`published versions are immutable in the database (${process.env.TEST_DB_KIND})`, () => {
  it.each(["schema", "ui_schema", "content_hash", "standalone_code", "version"] as const)("raw SQL cannot change %s", async (column) => {
    const { version } = await createPublishedForm(t.db, `immutabile-${column.replace("_", "-")}`);
    const statements = {
      schema: sql`update form_versions set schema = '{"type":"object","title":"Altro"}'::json where id = ${version.id}`,
      ui_schema: sql`update form_versions set ui_schema = '{"ui:order":["*"]}'::json where id = ${version.id}`,
      content_hash: sql`update form_versions set content_hash = 'forged' where id = ${version.id}`,
      standalone_code: sql`update form_versions set standalone_code = 'export default () => true' where id = ${version.id}`,
      version: sql`update form_versions set version = 99 where id = ${version.id}`,
    };
    await expect(statements[column].execute(t.db)).rejects.toThrow(/is published and immutable/);
    const after = await getFormVersion(t.db, version.slug, 1);
    expect(after.contentHash).toBe(version.contentHash);
    expect(after.schema).toEqual(version.schema);
  });

  it("raw SQL cannot delete a published version nor turn it back into a draft", async () => {
    const { version } = await createPublishedForm(t.db, "immutabile-stato");
    await expect(sql`delete from form_versions where id = ${version.id}`.execute(t.db)).rejects.toThrow(/cannot be deleted/);
    await expect(sql`update form_versions set status = 'draft', version = null where id = ${version.id}`.execute(t.db)).rejects.toThrow(
      /immutable|cannot go from published back to draft/,
    );
  });

  it("retiring by SQL is allowed, and a retired version cannot come back", async () => {
    const { version } = await createPublishedForm(t.db, "immutabile-ritiro");
    await sql`update form_versions set status = 'retired', retired_at = now() where id = ${version.id}`.execute(t.db);
    await expect(sql`update form_versions set status = 'published', retired_at = null where id = ${version.id}`.execute(t.db)).rejects.toThrow(
      /cannot go from retired back to published/,
    );
  });

  it("a draft can still be edited and deleted", async () => {
    const form = await createForm(t.db, { slug: "bozza-libera", kind: "other", title: "Bozza" });
    const draft = await createDraftVersion(t.db, form.id, { schema: simpleSchema() });
    await sql`update form_versions set content_hash = 'x' where id = ${draft.id}`.execute(t.db);
    await sql`delete from form_versions where id = ${draft.id}`.execute(t.db);
    expect(await findDraftVersion(t.db, form.id)).toBeUndefined();
  });
});
