import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import { listFormVersions } from "~/forms/versions/registry.server";
import { suggestSlug } from "~/forms/versions/form-kinds";
import { InvalidInputError, NotFoundError, StateNotAllowedError, type FieldError } from "~/lib/errors";
import { checkDefinitionFields } from "./definition-fields";
import type { ReportDefinition } from "./definition-model";
import { builtinReportDefinitions, checkDefinitionShape } from "./definitions.server";

/**
 * The report definitions admins publish (ADR 0027), stored in
 * `report_definitions` with the same JSON and the same checks as the
 * built-in file: each publish of a key is a new immutable version, the
 * highest version of a key is in force unless it was retired.
 */

/** A key's newest version as the admin's pages list it. */
export interface PublishedDefinition {
  definition: ReportDefinition;
  publishedBy: string;
  publishedAt: Date;
  retiredAt: Date | null;
}

/** Who publishes or retires: the user and the audit context. */
export interface DefinitionEditor {
  userId: number;
  audit: AuditContext;
}

/** What the admin's page submits: a definition without key and version (the store gives them). */
export type DefinitionInput = Omit<ReportDefinition, "key" | "version">;

/** Keys that would read as a page of the admin's section rather than a definition. */
const RESERVED_KEYS = new Set(["nuovo"]);

function newestVersions(db: Kysely<Database>) {
  return db
    .selectFrom("report_definitions as d")
    .innerJoin("users as u", "u.id", "d.published_by")
    .select(["d.key", "d.definition", "d.published_at", "d.retired_at", "u.display_name"])
    .distinctOn("d.key")
    .orderBy("d.key")
    .orderBy("d.version", "desc");
}

function toPublished(row: { definition: Record<string, unknown>; published_at: Date; retired_at: Date | null; display_name: string }): PublishedDefinition {
  return {
    definition: row.definition as unknown as ReportDefinition,
    publishedBy: row.display_name,
    publishedAt: row.published_at,
    retiredAt: row.retired_at,
  };
}

/** The newest version of every key admins published, retired ones included. */
export async function listPublishedDefinitions(db: Kysely<Database>): Promise<PublishedDefinition[]> {
  return (await newestVersions(db).execute()).map(toPublished);
}

/** The newest version of one key; undefined when no admin published it. */
export async function findPublishedDefinition(db: Kysely<Database>, key: string): Promise<PublishedDefinition | undefined> {
  const row = await newestVersions(db).where("d.key", "=", key).executeTakeFirst();
  return row && toPublished(row);
}

/**
 * The definitions the report shows: the built-in ones, then the admins' in
 * force (newest version, not retired). Should a later release add to the
 * file a key an admin already published, the file's wins: one table per key.
 */
export async function reportDefinitionsInForce(db: Kysely<Database>): Promise<ReportDefinition[]> {
  const builtin = builtinReportDefinitions();
  const builtinKeys = new Set(builtin.map((d) => d.key));
  const published = await listPublishedDefinitions(db);
  return [...builtin, ...published.filter((p) => !p.retiredAt && !builtinKeys.has(p.definition.key)).map((p) => p.definition)];
}

/**
 * Every problem of a definition: the JSON Schema of the file, then whether
 * it fits its form's newest published version. Each problem names the
 * definition's property ("/field") and says it in Italian.
 */
export async function checkReportDefinition(db: Kysely<Database>, definition: ReportDefinition): Promise<FieldError[]> {
  const shape = checkDefinitionShape(definition);
  if (shape.length) return shape;
  const newest = (await listFormVersions(db, definition.form)).at(-1);
  return checkDefinitionFields(definition, newest?.schema);
}

/** A key for a new definition: from its title, different from every built-in and published key. */
async function newKey(db: Kysely<Database>, title: string): Promise<string> {
  const taken = new Set([...builtinReportDefinitions().map((d) => d.key), ...RESERVED_KEYS]);
  for (const row of await db.selectFrom("report_definitions").select("key").distinct().execute()) taken.add(row.key);
  const base = suggestSlug(title).slice(0, 56).replace(/-+$/, "") || "report";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  return key;
}

/**
 * Publishes a definition as the next version of its key (a new key when
 * `key` is undefined), with `report.definition.published`, in the caller's
 * transaction. Refuses, writing nothing, a definition with problems
 * (InvalidInputError by property), a built-in key, an unknown key.
 */
export async function publishReportDefinition(
  trx: Kysely<Database>,
  input: DefinitionInput,
  key: string | undefined,
  editor: DefinitionEditor
): Promise<ReportDefinition> {
  // One publish at a time: the next version number and a new key's uniqueness are read, then written.
  await sql`select pg_advisory_xact_lock(hashtext('report_definitions'))`.execute(trx);
  if (key !== undefined && builtinReportDefinitions().some((d) => d.key === key)) {
    throw new StateNotAllowedError("i report predefiniti si cambiano nel file delle definizioni, non da questa pagina");
  }
  let version = 1;
  if (key !== undefined) {
    const current = await trx.selectFrom("report_definitions").select((eb) => eb.fn.max("version").as("version")).where("key", "=", key).executeTakeFirst();
    if (current?.version === null || current?.version === undefined) throw new NotFoundError(`report definition ${key}`);
    version = Number(current.version) + 1;
  }
  // Checked before a new key is made from the title, which may be missing or wrong.
  const problems = await checkReportDefinition(trx, { key: key ?? "nuovo-report", version, ...input });
  if (problems.length) throw new InvalidInputError(problems);
  const definition: ReportDefinition = { key: key ?? (await newKey(trx, input.title)), version, ...input };
  await trx
    .insertInto("report_definitions")
    .values({ key: definition.key, version, definition: JSON.stringify(definition), published_by: editor.userId })
    .execute();
  await recordAuditEvent(trx, {
    ...editor.audit,
    action: "report.definition.published",
    details: { report: definition.title, reportVersion: version, definition },
  });
  return definition;
}

/** Retires a key's newest version (the report leaves /rapporti until a new version is published), with `report.definition.retired`. */
export async function retireReportDefinition(trx: Kysely<Database>, key: string, editor: DefinitionEditor): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('report_definitions'))`.execute(trx);
  const newest = await trx
    .selectFrom("report_definitions")
    .select(["id", "version", "definition", "retired_at"])
    .where("key", "=", key)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!newest) throw new NotFoundError(`report definition ${key}`);
  if (newest.retired_at) throw new StateNotAllowedError("il report è già ritirato");
  await trx.updateTable("report_definitions").set({ retired_at: new Date(), retired_by: editor.userId }).where("id", "=", newest.id).execute();
  await recordAuditEvent(trx, {
    ...editor.audit,
    action: "report.definition.retired",
    details: { report: String(newest.definition.title), reportVersion: newest.version },
  });
}
