import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { InvalidInputError, NotFoundError, StateNotAllowedError } from "~/lib/errors";
import { consentTextHash, consentTextOf } from "./consent-text.server";
import { lintTranslation, translateSchema, type TranslationStrings } from "./consent-translation";
import { LANGUAGES, isLanguage } from "./family-language";

/**
 * Translations of published consent form versions (issue 15, ADR 0023): an
 * admin imports one (a draft, version 1, 2, … per form version and language),
 * checks what it misses, and approves it; the newest approved translation of
 * a language is what families are offered from then on. Approved ones are
 * never changed (the database refuses it); the Italian version is never touched.
 */
export interface ConsentTranslation {
  id: number;
  formVersionId: number;
  /** The Italian form version's number. */
  formVersion: number;
  language: string;
  version: number;
  status: "draft" | "approved";
  textHash: string;
  strings: TranslationStrings;
  createdAt: Date;
  approvedAt: Date | null;
  approvedBy: string | null;
}

/** What an import did: a new draft, or nothing because the newest translation of the language has the same strings. */
export interface ImportedTranslation {
  translation: ConsentTranslation;
  outcome: "created" | "unchanged";
}

/** The SHA-256 of a translation's consent text (the translated root description), as consentTextHash is of the Italian. */
export function translationTextHash(schema: JsonSchema, strings: TranslationStrings): string {
  return consentTextHash(consentTextOf(translateSchema(schema, strings)));
}

/**
 * Saves a translation of a published consent form version as a draft, after
 * checking it covers every Italian string and nothing else (InvalidInputError
 * with the problems by pointer otherwise). Audited `consent.translation.imported`.
 * Pass a transaction.
 */
export async function importConsentTranslation(
  trx: Kysely<Database>,
  input: { formVersionId: number; language: string; strings: unknown },
  audit: AuditContext
): Promise<ImportedTranslation> {
  const target = await consentVersion(trx, input.formVersionId);
  if (!isLanguage(input.language) || input.language === "it") {
    throw new InvalidInputError([{ path: "/language", message: "Scegli una delle lingue dell'elenco." }]);
  }
  const problems = lintTranslation(target.schema, input.strings);
  if (problems.length) throw new InvalidInputError(problems);
  const strings = input.strings as TranslationStrings;
  // Serialise imports of one version and language, so two never take the same number.
  await sql`select pg_advisory_xact_lock(hashtext(${`consent_translation:${input.formVersionId}:${input.language}`}))`.execute(trx);
  const newest = await translationQuery(trx)
    .where("t.form_version_id", "=", input.formVersionId)
    .where("t.language", "=", input.language)
    .orderBy("t.version", "desc")
    .executeTakeFirst();
  if (newest && sameStrings(newest.strings, strings)) return { translation: toTranslation(newest), outcome: "unchanged" };
  const { id } = await trx
    .insertInto("consent_translations")
    .values({
      form_version_id: input.formVersionId,
      language: input.language,
      version: (newest?.version ?? 0) + 1,
      strings: toJsonb(strings),
      text_hash: translationTextHash(target.schema, strings),
      status: "draft",
      created_by: audit.actor.kind === "user" ? audit.actor.userId : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const translation = await getConsentTranslation(trx, id);
  await recordTranslationEvent(trx, audit, "consent.translation.imported", translation, target.slug);
  return { translation, outcome: "created" };
}

/**
 * Approves a draft translation: from now on families choosing its language
 * read it. Refused when it is already approved, or older than an approved one
 * of the same language (approving it would bring back superseded words).
 * The strings are checked again. Audited `consent.translation.approved`. Pass a transaction.
 */
export async function approveConsentTranslation(trx: Kysely<Database>, id: number, audit: AuditContext, now = new Date()): Promise<ConsentTranslation> {
  const row = await trx.selectFrom("consent_translations").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError("traduzione inesistente");
  const target = await consentVersion(trx, row.form_version_id);
  if (row.status === "approved") throw new StateNotAllowedError("questa traduzione è già approvata");
  const newer = await trx
    .selectFrom("consent_translations")
    .select("version")
    .where("form_version_id", "=", row.form_version_id)
    .where("language", "=", row.language)
    .where("status", "=", "approved")
    .where("version", ">", row.version)
    .executeTakeFirst();
  if (newer) throw new StateNotAllowedError(`è già approvata la versione ${newer.version} di questa traduzione, più recente`);
  const problems = lintTranslation(target.schema, row.strings);
  if (problems.length) throw new InvalidInputError(problems);
  await trx
    .updateTable("consent_translations")
    .set({ status: "approved", approved_at: now, approved_by: audit.actor.kind === "user" ? audit.actor.userId : null })
    .where("id", "=", id)
    .execute();
  const translation = await getConsentTranslation(trx, id);
  await recordTranslationEvent(trx, audit, "consent.translation.approved", translation, target.slug);
  return translation;
}

/** Every translation of a form's versions, newest form version first, then by language and version. */
export async function listFormTranslations(db: Kysely<Database>, formId: number): Promise<ConsentTranslation[]> {
  const rows = await translationQuery(db)
    .where("v.form_id", "=", formId)
    .orderBy("v.version", "desc")
    .orderBy("t.language")
    .orderBy("t.version", "desc")
    .execute();
  return rows.map(toTranslation);
}

/** One translation, or NotFoundError. */
export async function getConsentTranslation(db: Kysely<Database>, id: number): Promise<ConsentTranslation> {
  const row = await translationQuery(db).where("t.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("traduzione inesistente");
  return toTranslation(row);
}

/**
 * What families are offered for a form version: per language, its newest
 * approved translation (drafts and placeholders never), in the order of the
 * languages' list.
 */
export async function approvedTranslations(db: Kysely<Database>, formVersionId: number): Promise<ConsentTranslation[]> {
  const rows = await translationQuery(db)
    .where("t.form_version_id", "=", formVersionId)
    .where("t.status", "=", "approved")
    .orderBy("t.language")
    .orderBy("t.version", "desc")
    .execute();
  const newest = new Map<string, ConsentTranslation>();
  for (const row of rows) if (!newest.has(row.language)) newest.set(row.language, toTranslation(row));
  return [...newest.values()].sort((a, b) => languageOrder(a.language) - languageOrder(b.language));
}

/** A language's place in languages.json (unknown codes last). */
function languageOrder(code: string): number {
  const i = LANGUAGES.findIndex((l) => l.code === code);
  return i < 0 ? LANGUAGES.length : i;
}

/** The published (or retired) consent form version a translation belongs to; a draft or another kind of form is refused. */
async function consentVersion(db: Kysely<Database>, formVersionId: number): Promise<{ schema: JsonSchema; slug: string }> {
  const row = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select(["v.schema", "v.status", "f.kind", "f.slug"])
    .where("v.id", "=", formVersionId)
    .executeTakeFirst();
  if (!row || row.kind !== "consent") throw new NotFoundError("versione del modulo di consenso inesistente");
  if (row.status === "draft") throw new StateNotAllowedError("si traduce solo una versione pubblicata del modulo");
  return { schema: row.schema, slug: row.slug };
}

function recordTranslationEvent(
  trx: Kysely<Database>,
  audit: AuditContext,
  action: "consent.translation.imported" | "consent.translation.approved",
  t: ConsentTranslation,
  slug: string
): Promise<void> {
  return recordAuditEvent(trx, {
    ...audit,
    action,
    target: { type: "consent_translation", id: t.id },
    details: { form: slug, formVersion: t.formVersion, language: t.language, version: t.version, textHash: t.textHash },
  });
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function translationQuery(db: Kysely<Database>) {
  return db
    .selectFrom("consent_translations as t")
    .innerJoin("form_versions as v", "v.id", "t.form_version_id")
    .leftJoin("users as u", "u.id", "t.approved_by")
    .select([
      "t.id",
      "t.form_version_id",
      "v.version as form_version",
      "t.language",
      "t.version",
      "t.status",
      "t.text_hash",
      "t.strings",
      "t.created_at",
      "t.approved_at",
      "u.display_name as approved_by_name",
    ]);
}

function toTranslation(row: Awaited<ReturnType<ReturnType<typeof translationQuery>["executeTakeFirstOrThrow"]>>): ConsentTranslation {
  return {
    id: row.id,
    formVersionId: row.form_version_id,
    formVersion: row.form_version!,
    language: row.language,
    version: row.version,
    status: row.status,
    textHash: row.text_hash,
    strings: row.strings,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by_name,
  };
}
