import { sql, type Kysely, type Selectable } from "kysely";
import { preparedStatement } from "~/db/prepared.server";
import { recordAuditEvent, type AuditActor, type AuditContext } from "~/audit/audit.server";
import { toJsonb } from "~/db/db.server";
import type { Database, FormTable } from "~/db/schema";
import { formContentHash } from "./content-hash.server";
import type { FormKind } from "./form-kinds";
import type { JsonSchema } from "../schema/json-schema";
import { lintFormDefinition, type LintProblem } from "../validation/lint.server";
import type { VersionMapping } from "../mapping/mapping";
import { generateStandaloneValidator } from "../validation/standalone.server";
import { formVersionSchemaId, validatorCache } from "../validation/validators.server";

export type FormVersionStatus = "draft" | "published" | "retired";

export interface Form {
  id: number;
  slug: string;
  kind: FormKind;
  title: string;
  /** Codes of the services the form is offered to. */
  services: string[];
}

export interface FormVersion {
  id: number;
  formId: number;
  slug: string;
  /** null while a draft. */
  version: number | null;
  status: FormVersionStatus;
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  contentHash: string;
  publishedAt: Date | null;
  publishedBy: number | null;
  retiredAt: Date | null;
  /** How data of the version before is shown in this one's shape (ADR 0012); frozen at publish. */
  mapping: VersionMapping | null;
  /** The `$id` this version's validator is compiled and cached under. */
  schemaId: string;
}

export interface FormSummary extends Form {
  /** Highest published (not retired) version, if any. */
  latestVersion: number | null;
  hasDraft: boolean;
}

/** A request the registry refuses; the message is Italian and fit for the person who made it. */
export class FormRegistryError extends Error {
  override name = "FormRegistryError";
}

/** The form or version does not exist (a 404 for routes). */
export class FormNotFoundError extends FormRegistryError {
  override name = "FormNotFoundError";
}

/** A definition refused by lint; `problems` lists every reason with its pointer. */
export class FormLintError extends FormRegistryError {
  override name = "FormLintError";
  constructor(readonly problems: LintProblem[]) {
    super(`il modulo ha ${problems.length} problemi`);
  }
}

export interface FormContent {
  schema: unknown;
  uiSchema?: unknown;
}

/** Creates a form; `services` defaults to every service (DESIGN §3). */
export async function createForm(
  db: Kysely<Database>,
  input: { slug: string; kind: FormKind; title: string; services?: string[] },
): Promise<Form> {
  if (await findForm(db, input.slug)) throw new FormRegistryError(`esiste già un modulo "${input.slug}"`);
  const row = await db
    .insertInto("forms")
    .values({ slug: input.slug, kind: input.kind, title: input.title })
    .returningAll()
    .executeTakeFirstOrThrow();
  await setFormServices(db, row.id, input.services);
  return { ...toForm(row), services: await formServices(db, row.id) };
}

/** Updates a form's title and kind (not versioned: they do not change what data is valid). */
export async function updateForm(db: Kysely<Database>, formId: number, input: { kind: FormKind; title: string }): Promise<void> {
  await db.updateTable("forms").set({ kind: input.kind, title: input.title, updated_at: sql`now()` }).where("id", "=", formId).execute();
}

/** Replaces the services a form is offered to; undefined means every service. */
export async function setFormServices(db: Kysely<Database>, formId: number, services?: string[]): Promise<void> {
  const known = (await db.selectFrom("services").select("code").execute()).map((r) => r.code);
  const unknown = (services ?? []).filter((s) => !known.includes(s));
  if (unknown.length) throw new FormRegistryError(`servizi sconosciuti: ${unknown.join(", ")} (noti: ${known.join(", ")})`);
  await db.deleteFrom("form_services").where("form_id", "=", formId).execute();
  const codes = services ?? known;
  if (codes.length) await db.insertInto("form_services").values(codes.map((service_code) => ({ form_id: formId, service_code }))).execute();
}

/** The form with this slug, or undefined. */
export async function findForm(db: Kysely<Database>, slug: string): Promise<Form | undefined> {
  const row = await db.selectFrom("forms").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && { ...toForm(row), services: await formServices(db, row.id) };
}

/** The form with this slug; throws FormNotFoundError. */
export async function getForm(db: Kysely<Database>, slug: string): Promise<Form> {
  const form = await findForm(db, slug);
  if (!form) throw new FormNotFoundError(`modulo "${slug}" inesistente`);
  return form;
}

/** Every form, by slug, with its latest published version number. */
export async function listForms(db: Kysely<Database>): Promise<FormSummary[]> {
  const rows = await db
    .selectFrom("forms")
    .selectAll("forms")
    .select((eb) => [
      eb
        .selectFrom("form_versions")
        .select((sub) => sub.fn.max("form_versions.version").as("v"))
        .whereRef("form_versions.form_id", "=", "forms.id")
        .where("status", "=", "published")
        .as("latest_version"),
      eb
        .exists(eb.selectFrom("form_versions").select("id").whereRef("form_versions.form_id", "=", "forms.id").where("status", "=", "draft"))
        .as("has_draft"),
    ])
    .orderBy("slug")
    .execute();
  const services = await db.selectFrom("form_services").selectAll().orderBy("service_code").execute();
  return rows.map((row) => ({
    ...toForm(row),
    services: services.filter((s) => s.form_id === row.id).map((s) => s.service_code),
    latestVersion: row.latest_version ?? null,
    hasDraft: Boolean(row.has_draft),
  }));
}

/** Starts a draft version of a form; a form has at most one draft at a time. */
export async function createDraftVersion(db: Kysely<Database>, formId: number, content: FormContent): Promise<FormVersion> {
  const checked = await lintedContent(content);
  const existing = await db.selectFrom("form_versions").select("id").where("form_id", "=", formId).where("status", "=", "draft").executeTakeFirst();
  if (existing) throw new FormRegistryError("il modulo ha già una bozza: modificarla invece di crearne un'altra");
  const row = await db
    .insertInto("form_versions")
    .values({ form_id: formId, schema: toJsonb(checked.schema), ui_schema: toJsonb(checked.uiSchema), content_hash: formContentHash(checked) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return getFormVersionById(db, row.id);
}

/** Replaces the content of a draft version; a published one cannot change. */
export async function updateDraftVersion(db: Kysely<Database>, versionId: number, content: FormContent): Promise<FormVersion> {
  const checked = await lintedContent(content);
  const result = await db
    .updateTable("form_versions")
    .set({ schema: toJsonb(checked.schema), ui_schema: toJsonb(checked.uiSchema), content_hash: formContentHash(checked), updated_at: sql`now()` })
    .where("id", "=", versionId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new FormRegistryError("solo una bozza può essere modificata");
  return getFormVersionById(db, versionId);
}

/** The draft version of a form, if there is one. */
export async function findDraftVersion(db: Kysely<Database>, formId: number): Promise<FormVersion | undefined> {
  const row = await versionQuery(db).where("form_versions.form_id", "=", formId).where("status", "=", "draft").executeTakeFirst();
  return row && toFormVersion(row);
}

/**
 * A numbered version of a form; without a number, the latest published one.
 * Retired versions are found by number only (old submissions still point at them).
 */
export async function findFormVersion(db: Kysely<Database>, slug: string, version?: number): Promise<FormVersion | undefined> {
  let query = versionQuery(db).where("forms.slug", "=", slug);
  query =
    version === undefined
      ? query.where("status", "=", "published").orderBy("version", "desc").limit(1)
      : query.where("version", "=", version);
  const row = await query.executeTakeFirst();
  return row && toFormVersion(row);
}

/** Like findFormVersion; throws FormNotFoundError. */
export async function getFormVersion(db: Kysely<Database>, slug: string, version?: number): Promise<FormVersion> {
  const found = await findFormVersion(db, slug, version);
  if (!found) {
    throw new FormNotFoundError(version === undefined ? `il modulo "${slug}" non ha versioni pubblicate` : `il modulo "${slug}" non ha la versione ${version}`);
  }
  return found;
}

/**
 * Schemas by the hash of their version's content. The hash is of the content
 * itself (and the database refuses changing either once published), so an
 * entry is never stale; only pinned versions come here, so it holds at most
 * the registry's published versions, as the validator cache does.
 */
const schemasByContent = new Map<string, JsonSchema>();

/**
 * The schema of a version, read from the database once per process and
 * content. The same object every time, so what is cached per schema object
 * (its computed fields) is kept as well.
 */
export async function versionSchema(db: Kysely<Database>, version: { id: number; contentHash: string }): Promise<JsonSchema> {
  const cached = schemasByContent.get(version.contentHash);
  if (cached) return cached;
  const { schema } = await db.selectFrom("form_versions").select("schema").where("id", "=", version.id).executeTakeFirstOrThrow();
  schemasByContent.set(version.contentHash, schema);
  return schema;
}

/**
 * The browser's precompiled validator of a version (an ES module, generated
 * at publish); undefined for a draft. Read apart from the version because it
 * weighs up to ~180 KB and only serving or loading the module needs it.
 */
export async function findStandaloneCode(db: Kysely<Database>, versionId: number): Promise<string | undefined> {
  const row = await db.selectFrom("form_versions").select("standalone_code").where("id", "=", versionId).executeTakeFirst();
  return row?.standalone_code ?? undefined;
}

/** A numbered version's place in its form's chain of mappings (ADR 0012), without its content. */
export interface VersionLink {
  version: number;
  mapping: VersionMapping | null;
  /** Names its content across databases: what caches of things derived from the schema key on. */
  contentHash: string;
}

/**
 * Every numbered version of a form, oldest first, with only what presenting
 * data across versions needs (presentInVersion): no schemas, which a page that
 * shows one version's labels reads once and keeps (a published version never
 * changes; a P.I.P.P.I. schema is tens of kilobytes).
 */
export async function listVersionChain(db: Kysely<Database>, slug: string): Promise<VersionLink[]> {
  const rows = await versionChain(db, undefined, { slug });
  return rows.map((r) => ({ version: r.version!, mapping: versionMapping(r.mapping), contentHash: r.content_hash }));
}

/** Read by every triangle: prepared once. */
const versionChain = preparedStatement(
  () => "",
  (db, _shape: undefined, v: { slug: string }) =>
    db
      .selectFrom("form_versions as v")
      .innerJoin("forms as f", "f.id", "v.form_id")
      .select(["v.version", "v.mapping", "v.content_hash"])
      .where("f.slug", "=", v.slug)
      .where("v.version", "is not", null)
      .orderBy("v.version")
);

/** Every numbered version of a form, oldest first. */
export async function listFormVersions(db: Kysely<Database>, slug: string): Promise<FormVersion[]> {
  const rows = await versionQuery(db).where("forms.slug", "=", slug).where("version", "is not", null).orderBy("version").execute();
  return rows.map(toFormVersion);
}

/**
 * Publishes a draft: next version number of its form, standalone validator,
 * publisher and time, and an audit event, all in the caller's transaction.
 * From here on the database refuses any change to the content.
 */
export async function publishFormVersion(
  trx: Kysely<Database>,
  input: { versionId: number; actor: AuditActor; client?: AuditContext["client"] },
): Promise<FormVersion> {
  const draft = await getFormVersionById(trx, input.versionId);
  if (draft.status !== "draft") throw new FormRegistryError(`la versione ${draft.version} di "${draft.slug}" è già pubblicata`);
  // Row lock on the form: two publishes of the same form cannot take the same number.
  await trx.selectFrom("forms").select("id").where("id", "=", draft.formId).forUpdate().executeTakeFirstOrThrow();
  const { next } = await trx
    .selectFrom("form_versions")
    .select(sql<number>`coalesce(max(version), 0)::int + 1`.as("next"))
    .where("form_id", "=", draft.formId)
    .executeTakeFirstOrThrow();
  const standaloneCode = await generateStandaloneValidator(draft.schema, formVersionSchemaId(draft.slug, next));
  await trx
    .updateTable("form_versions")
    .set({
      status: "published",
      version: next,
      standalone_code: standaloneCode,
      published_at: sql`now()`,
      published_by: input.actor.kind === "user" ? input.actor.userId : null,
      updated_at: sql`now()`,
    })
    .where("id", "=", draft.id)
    .execute();
  await recordAuditEvent(trx, {
    actor: input.actor,
    client: input.client,
    action: "forms.version.published",
    target: { type: "form_version", id: draft.id },
    details: { slug: draft.slug, version: next, contentHash: draft.contentHash, mapping: draft.mapping },
  });
  return getFormVersionById(trx, draft.id);
}

/** Retires a published version: no new submissions, existing ones keep pointing at it. */
export async function retireFormVersion(
  trx: Kysely<Database>,
  input: { versionId: number; actor: AuditActor; client?: AuditContext["client"] },
): Promise<FormVersion> {
  const version = await getFormVersionById(trx, input.versionId);
  if (version.status !== "published") throw new FormRegistryError("solo una versione pubblicata può essere ritirata");
  await trx
    .updateTable("form_versions")
    .set({ status: "retired", retired_at: sql`now()`, updated_at: sql`now()` })
    .where("id", "=", version.id)
    .execute();
  await recordAuditEvent(trx, {
    actor: input.actor,
    client: input.client,
    action: "forms.version.retired",
    target: { type: "form_version", id: version.id },
    details: { slug: version.slug, version: version.version },
  });
  validatorCache.evict(version.schemaId);
  return getFormVersionById(trx, version.id);
}

async function lintedContent(content: FormContent): Promise<{ schema: JsonSchema; uiSchema: Record<string, unknown> }> {
  const uiSchema = content.uiSchema ?? {};
  const problems = await lintFormDefinition({ schema: content.schema, uiSchema });
  if (problems.length) throw new FormLintError(problems);
  // Lint guarantees both are JSON objects.
  return { schema: content.schema as JsonSchema, uiSchema: uiSchema as Record<string, unknown> };
}

/** The columns a FormVersion is made of: not standalone_code (see findStandaloneCode). */
const VERSION_COLUMNS = [
  "form_versions.id",
  "form_versions.form_id",
  "form_versions.version",
  "form_versions.status",
  "form_versions.schema",
  "form_versions.ui_schema",
  "form_versions.content_hash",
  "form_versions.published_at",
  "form_versions.published_by",
  "form_versions.retired_at",
  "form_versions.mapping",
] as const;

function versionQuery(db: Kysely<Database>) {
  return db.selectFrom("form_versions").innerJoin("forms", "forms.id", "form_versions.form_id").select(VERSION_COLUMNS).select("forms.slug");
}

/** A row of versionQuery. */
type VersionRow = Awaited<ReturnType<ReturnType<typeof versionQuery>["executeTakeFirstOrThrow"]>>;

async function getFormVersionById(db: Kysely<Database>, id: number): Promise<FormVersion> {
  const row = await versionQuery(db).where("form_versions.id", "=", id).executeTakeFirst();
  if (!row) throw new FormNotFoundError(`versione ${id} inesistente`);
  return toFormVersion(row);
}

async function formServices(db: Kysely<Database>, formId: number): Promise<string[]> {
  const rows = await db.selectFrom("form_services").select("service_code").where("form_id", "=", formId).orderBy("service_code").execute();
  return rows.map((r) => r.service_code);
}

function toForm(row: Selectable<FormTable>): Omit<Form, "services"> {
  return { id: row.id, slug: row.slug, kind: row.kind, title: row.title };
}

/** A version's mapping column: written only by setDraftMapping, in this shape. */
function versionMapping(column: unknown): VersionMapping | null {
  return (column as VersionMapping | null) ?? null;
}

function toFormVersion(row: VersionRow): FormVersion {
  return {
    id: row.id,
    formId: row.form_id,
    slug: row.slug,
    version: row.version,
    status: row.status,
    schema: row.schema,
    uiSchema: row.ui_schema,
    contentHash: row.content_hash,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    retiredAt: row.retired_at,
    mapping: versionMapping(row.mapping),
    schemaId: formVersionSchemaId(row.slug, row.version ?? "draft"),
  };
}
