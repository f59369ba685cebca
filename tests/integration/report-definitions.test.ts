import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditActionLabel } from "~/audit/audit-labels";
import { scopeFor, type Membership } from "~/auth/policy";
import { createDraftVersion, createForm, publishFormVersion } from "~/forms/versions/registry.server";
import { StateNotAllowedError } from "~/lib/errors";
import type { DefinitionInput } from "~/reports/definition-store.server";
import { publishReportDefinition, reportDefinitionsInForce, retireReportDefinition } from "~/reports/definition-store.server";
import { LINKS_NOTE } from "~/reports/definitions.server";
import { parsePeriod } from "~/reports/period";
import { computeReport, presentReport } from "~/reports/reports.server";
import { action as editorAction, loader as editorLoader } from "~/routes/admin.rapporti.$chiave";
import { loader as listLoader } from "~/routes/admin.rapporti._index";
import { loader as reportLoader } from "~/routes/rapporti._index";
import { createSignedInUsers } from "../support/factories";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Report definitions admins publish (issue 18 item 3, ADR 0027): each
 * publish a new immutable version, the same checks as the built-in file,
 * retirement, the figures on /rapporti read through a declared mapping,
 * and only admins. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */

let t: TestDatabase;
const MEMBERSHIPS: Record<"admin" | "snMeda" | "snSeregno" | "coordSnMeda", Omit<Membership, "id">> = {
  admin: { role: "admin", service: null, comune: null },
  snMeda: { role: "worker", service: "spazio-neutro", comune: "meda" },
  snSeregno: { role: "worker", service: "spazio-neutro", comune: "seregno" },
  coordSnMeda: { role: "coordinator", service: "spazio-neutro", comune: "meda" },
};
const users = {} as Record<keyof typeof MEMBERSHIPS, { id: number; cookie: string }>;
const TODAY = "2026-07-15";
const YEAR_2026 = parsePeriod({ periodo: "anno", anno: "2026" }, TODAY).period!;
const FORM = "incontri-prova";

const choice = (title: string, options: [string, string][]) => ({ type: "string", title, oneOf: options.map(([c, l]) => ({ const: c, title: l })) });
const V1 = {
  type: "object",
  title: "Incontri di prova",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    esito: choice("Esito", [["si", "Sì"], ["no", "No"]]),
    durata: { type: "integer", title: "Durata" },
  },
};
// Version 2 renames both fields and recodes the outcome; the mapping tells how v1 data reads in v2.
const V2 = {
  type: "object",
  title: "Incontri di prova",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    esitoIncontro: choice("Esito dell'incontro", [["svolto", "Svolto"], ["annullato", "Annullato"]]),
    durataMinuti: { type: "integer", title: "Durata (minuti)" },
    note: { type: "string", title: "Note" },
  },
};
const MAPPING = {
  fromVersion: 1,
  rules: [
    { from: "/esito", to: "/esitoIncontro", recode: [{ from: "si", to: "svolto" }, { from: "no", to: "annullato" }] },
    { from: "/durata", to: "/durataMinuti" },
  ],
};

const OUTCOME_PER_MONTH: DefinitionInput = {
  title: "Esito degli incontri di prova, per mese",
  description: "Incontri per esito e mese.",
  form: FORM,
  field: "/esitoIncontro",
  date: "/dataIncontro",
  measure: "distribution",
  groupBy: { by: "month" },
};

const editor = (who: keyof typeof MEMBERSHIPS = "admin") => ({ userId: users[who].id, audit: { actor: { kind: "user" as const, userId: users[who].id } } });
const publish = (input: DefinitionInput, key?: string) => t.db.transaction().execute((trx) => publishReportDefinition(trx, input, key, editor()));
const post = (path: string, who: keyof typeof MEMBERSHIPS, fields: Record<string, string>) => formPost(path, fields, { Cookie: users[who].cookie });
const get = (path: string, who: keyof typeof MEMBERSHIPS) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: users[who].cookie } });
const rows = () => t.db.selectFrom("report_definitions").selectAll().orderBy("id").execute();
const audits = (action: string) => t.db.selectFrom("audit_events").select(["action", "actor_user_id", "details"]).where("action", "=", action).orderBy("id").execute();
/** The editor's fields for a definition, as the page posts them. */
const editorFields = (input: DefinitionInput, intent: string) => ({
  intent,
  title: input.title,
  description: input.description,
  form: input.form,
  field: input.field,
  date: input.date ?? "",
  measure: input.measure,
  groupBy: input.groupBy.by === "field" ? `field:${input.groupBy.field}` : input.groupBy.by,
});

async function meeting(who: "snMeda" | "snSeregno", data: Record<string, unknown>) {
  await createTestSubmission(t.db, { userId: users[who].id, form: FORM, service: "spazio-neutro", comune: who === "snMeda" ? "meda" : "seregno", data, status: "submitted" });
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  const form = await t.db.transaction().execute((trx) => createForm(trx, { slug: FORM, kind: "report", title: "Incontri di prova", services: ["spazio-neutro"] }));
  const publishDraft = async (schema: Record<string, unknown>, mapping?: unknown) =>
    t.db.transaction().execute(async (trx) => {
      const draft = await createDraftVersion(trx, form.id, { schema, uiSchema: {} });
      if (mapping) await trx.updateTable("form_versions").set({ mapping: JSON.stringify(mapping) }).where("id", "=", draft.id).execute();
      await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    });
  await publishDraft(V1);
  // Filled on version 1: "si" is "svolto" in version 2's words.
  await meeting("snMeda", { dataIncontro: "2026-03-03", esito: "si", durata: 60 });
  await meeting("snMeda", { dataIncontro: "2026-03-10", esito: "no" });
  await publishDraft(V2, MAPPING);
  await meeting("snMeda", { dataIncontro: "2026-03-24", esitoIncontro: "svolto", durataMinuti: 90 });
  await meeting("snMeda", { dataIncontro: "2026-04-07", esitoIncontro: "svolto", durataMinuti: 30 });
  await meeting("snMeda", { dataIncontro: "2025-12-01", esitoIncontro: "svolto" });
  // Seregno is outside the Meda coordinator's scope.
  await meeting("snSeregno", { dataIncontro: "2026-03-05", esitoIncontro: "annullato" });
  // For the admin's preview, which reads the current year over the whole Ambito.
  await meeting("snSeregno", { dataIncontro: `${new Date().getFullYear()}-01-15`, esitoIncontro: "svolto" });
});

afterAll(async () => {
  await t?.destroy();
});

describe("publishing a report definition", () => {
  it("makes a new immutable version at each publish of a key, with who and when, audited with an Italian label", async () => {
    const res = await callRoute(editorAction, post("/admin/rapporti/nuovo", "admin", editorFields(OUTCOME_PER_MONTH, "pubblica")), { params: { chiave: "nuovo" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/rapporti?esito=pubblicato");
    const [first] = await rows();
    expect(first).toMatchObject({ key: "esito-degli-incontri-di-prova-per-mese", version: 1, published_by: users.admin.id, retired_at: null });
    expect(first!.definition).toEqual({ key: first!.key, version: 1, ...OUTCOME_PER_MONTH });

    const changed = await callRoute(
      editorAction,
      post(`/admin/rapporti/${first!.key}`, "admin", editorFields({ ...OUTCOME_PER_MONTH, groupBy: { by: "quarter" } }, "pubblica")),
      { params: { chiave: first!.key } }
    );
    expect(changed.status).toBe(302);
    expect((await rows()).map((r) => [r.key, r.version, (r.definition.groupBy as { by: string }).by])).toEqual([
      [first!.key, 1, "month"],
      [first!.key, 2, "quarter"],
    ]);
    const events = await audits("report.definition.published");
    expect(events.map((e) => [e.actor_user_id, e.details.report, e.details.reportVersion])).toEqual([
      [users.admin.id, OUTCOME_PER_MONTH.title, 1],
      [users.admin.id, OUTCOME_PER_MONTH.title, 2],
    ]);
    expect(auditActionLabel("report.definition.published")).toBe("Definizione di un report pubblicata");

    // The database itself refuses to change or delete a published version.
    await expect(t.db.updateTable("report_definitions").set({ definition: JSON.stringify({ ...first!.definition, title: "Altro" }) }).where("id", "=", first!.id).execute()).rejects.toThrow(/immutable/);
    await expect(t.db.deleteFrom("report_definitions").where("id", "=", first!.id).execute()).rejects.toThrow(/cannot be deleted/);

    // The list shows it with its newest version; the editor opens on it.
    const list = await callRoute(listLoader, get("/admin/rapporti", "admin"));
    expect((list.body as { published: { title: string; version: number }[] }).published).toEqual([expect.objectContaining({ title: OUTCOME_PER_MONTH.title, version: 2 })]);
    const opened = await callRoute(editorLoader, get(`/admin/rapporti/${first!.key}`, "admin"), { params: { chiave: first!.key } });
    expect((opened.body as { values: { groupBy: string } }).values.groupBy).toBe("quarter");
  });

  it("refuses, saving nothing, a definition that breaks the schema or does not fit its form, naming each field in Italian", async () => {
    const before = (await rows()).length;
    const bad = (fields: Record<string, string>) =>
      callRoute(editorAction, post("/admin/rapporti/nuovo", "admin", { ...editorFields(OUTCOME_PER_MONTH, "pubblica"), ...fields }), { params: { chiave: "nuovo" } });

    const empty = await bad({ title: "", measure: "", groupBy: "" });
    expect(empty.status).toBe(400);
    const emptyBody = empty.body as { errors: Record<string, string>; values: Record<string, string> };
    expect(emptyBody.errors).toEqual({ title: "Titolo: campo obbligatorio", measure: "Misura: campo obbligatorio", groupBy: "Raggruppamento: campo obbligatorio" });
    // What was typed comes back, to fill the page again.
    expect(emptyBody.values.description).toBe(OUTCOME_PER_MONTH.description);

    const errorsOf = async (fields: Record<string, string>) => ((await bad(fields)).body as { errors: Record<string, string> }).errors;
    // The pointer of version 1: the newest version no longer has it.
    expect(await errorsOf({ field: "/esito" })).toEqual({ field: "Campo: non è un campo della versione più recente del modulo che un report possa leggere." });
    expect(await errorsOf({ field: "/durataMinuti" })).toEqual({ measure: "Misura: la distribuzione per opzione vale solo per un campo a scelta, e «Durata (minuti)» non lo è." });
    expect(await errorsOf({ measure: "mean" })).toEqual({ measure: "Misura: la media vale solo per un campo numerico, e «Esito dell'incontro» non lo è." });
    expect(await errorsOf({ date: "/note" })).toEqual({ date: "Campo data: deve essere un campo data della versione più recente del modulo." });
    expect(await errorsOf({ groupBy: "field:/durataMinuti" })).toMatchObject({ groupBy: expect.stringMatching(/^Raggruppamento: /) });
    expect(await errorsOf({ form: "modulo-inesistente" })).toEqual({ form: "Modulo: non ha ancora una versione pubblicata." });
    expect(await errorsOf({ title: "x".repeat(121) })).toEqual({ title: expect.stringMatching(/^Titolo: /) });
    expect((await rows()).length).toBe(before);
    expect(await audits("report.definition.published")).toHaveLength(before);
  });

  it("keeps the built-in keys apart: a built-in definition is not changed from here, and a new title like one of theirs gets its own key", async () => {
    await expect(publish(OUTCOME_PER_MONTH, "esito-incontri-spazio-neutro")).rejects.toThrow(StateNotAllowedError);
    const twin = await publish({ ...OUTCOME_PER_MONTH, title: "Esito incontri Spazio Neutro" });
    expect(twin.key).toBe("esito-incontri-spazio-neutro-2");
    // A key published before a release added it to the file: the file's definition is the one shown.
    const builtinKey = "durata-incontri-spazio-neutro";
    await t.db
      .insertInto("report_definitions")
      .values({ key: builtinKey, version: 1, definition: JSON.stringify({ key: builtinKey, version: 1, ...OUTCOME_PER_MONTH }), published_by: users.admin.id })
      .execute();
    const inForce = await reportDefinitionsInForce(t.db);
    expect(inForce.filter((d) => d.key === builtinKey).map((d) => d.measure)).toEqual(["mean"]);
    expect(new Set(inForce.map((d) => d.key)).size).toBe(inForce.length);
    await t.db.transaction().execute((trx) => retireReportDefinition(trx, builtinKey, editor()));
    await t.db.transaction().execute((trx) => retireReportDefinition(trx, twin.key, editor()));
  });

  it("retires a key: it leaves the report until a new version is published", async () => {
    const def = await publish({ ...OUTCOME_PER_MONTH, title: "Da ritirare" });
    const res = await callRoute(editorAction, post(`/admin/rapporti/${def.key}`, "admin", { intent: "ritira" }), { params: { chiave: def.key } });
    expect(res.headers.get("Location")).toBe("/admin/rapporti?esito=ritirato");
    expect((await reportDefinitionsInForce(t.db)).map((d) => d.key)).not.toContain(def.key);
    const again = await callRoute(editorAction, post(`/admin/rapporti/${def.key}`, "admin", { intent: "ritira" }), { params: { chiave: def.key } });
    expect(again.status).toBe(409);
    expect((await audits("report.definition.retired")).at(-1)!.details).toMatchObject({ report: "Da ritirare", reportVersion: 1 });
    const revived = await publish({ ...OUTCOME_PER_MONTH, title: "Da ritirare" }, def.key);
    expect(revived.version).toBe(2);
    expect((await reportDefinitionsInForce(t.db)).map((d) => d.key)).toContain(def.key);
    await t.db.transaction().execute((trx) => retireReportDefinition(trx, def.key, editor()));
  });
});

describe("a published definition on /rapporti", () => {
  it("counts in the coordinator's scope, reading schede of version 1 through the declared mapping, with small counts suppressed", async () => {
    const def = await publish({ ...OUTCOME_PER_MONTH, title: "Esito per mese (prova)" });
    const scope = scopeFor([{ id: 0, ...MEMBERSHIPS.coordSnMeda }], "report.read");
    const report = await computeReport(t.db, scope, { period: YEAR_2026 }, TODAY, 1);
    const table = presentReport(report, 1).find((x) => x.key === `def-${def.key}`)!;
    expect(table.columns).toEqual(["Svolto", "Annullato", "Non indicato"]);
    // March: the v1 "si" and the v2 "svolto" are both Svolto, the v1 "no" is Annullato; Seregno's meeting is not counted.
    expect(table.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)])).toEqual([
      ["marzo 2026", "2", "1", "0"],
      ["aprile 2026", "1", "0", "0"],
    ]);
    expect(presentReport(report, 5).find((x) => x.key === `def-${def.key}`)!.rows[0]!.cells.map((c) => c.text)).toEqual(["< 5", "< 5", "0"]);

    // A mean over the v1 "durata" and the v2 "durataMinuti", per quarter.
    const mean = await publish({ ...OUTCOME_PER_MONTH, title: "Durata media (prova)", field: "/durataMinuti", measure: "mean", groupBy: { by: "quarter" } });
    const meanTable = presentReport(await computeReport(t.db, scope, { period: YEAR_2026 }, TODAY, 1), 1).find((x) => x.key === `def-${mean.key}`)!;
    expect(meanTable.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)])).toEqual([
      ["1º trimestre 2026", "2", "75"],
      ["2º trimestre 2026", "1", "30"],
    ]);

    // The page shows it to the coordinator like the built-in tables.
    const page = await callRoute(reportLoader, get("/rapporti?periodo=anno&anno=2026", "coordSnMeda"));
    const titles = (page.body as { report: { tables: { title: string }[] } }).report.tables.map((x) => x.title);
    expect(titles).toContain("Esito per mese (prova)");
    expect(titles).toContain("Esito degli incontri di Spazio Neutro, per mese");
  });

  it("previews the table over the whole Ambito for the admin, without links to case lists, and audits the preview", async () => {
    const res = await callRoute(editorAction, post("/admin/rapporti/nuovo", "admin", editorFields(OUTCOME_PER_MONTH, "anteprima")), { params: { chiave: "nuovo" } });
    expect(res.status).toBe(200);
    const { preview } = res.body as { preview: { period: string; table: { notes: string[]; rows: { label: string; cells: { text: string; href?: string }[] }[] } } };
    expect(preview.period).toBe(`anno ${new Date().getFullYear()}`);
    expect(preview.table.rows.length).toBeGreaterThan(0);
    expect(preview.table.rows.flatMap((r) => r.cells).every((c) => c.href === undefined)).toBe(true);
    expect(preview.table.notes).not.toContain(LINKS_NOTE);
    expect((await audits("report.definition.previewed")).at(-1)).toMatchObject({ actor_user_id: users.admin.id, details: { report: OUTCOME_PER_MONTH.title, form: FORM } });
  });
});

describe("who may declare reports", () => {
  it("answers 403 to anyone but an admin, and saves nothing", async () => {
    const before = (await rows()).length;
    for (const who of ["coordSnMeda", "snMeda"] as const) {
      const res = await callRoute(editorAction, post("/admin/rapporti/nuovo", who, editorFields(OUTCOME_PER_MONTH, "pubblica")), { params: { chiave: "nuovo" } });
      expect(res.status).toBe(403);
      expect((await callRoute(listLoader, get("/admin/rapporti", who))).status).toBe(403);
    }
    expect((await rows()).length).toBe(before);
  });
});
