import { sql, type Kysely } from "kysely";
import { NotFoundError, StateNotAllowedError } from "~/lib/errors";
import type { AuditContext } from "~/audit/audit.server";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { formVersionSchemaId, validateFormData } from "~/forms/validation/validators.server";
import { consentOutcome, consentQuestions, type ConsentQuestion } from "./consent-form";
import { consentStatus, recordConsentEvent } from "./consent-requests.server";
import { consentTextHash, consentTextOf } from "./consent-text.server";
import { translateSchema } from "./consent-translation";
import { approvedTranslations, getConsentTranslation, type ConsentTranslation } from "./consent-translations.server";
import { consentSecretMatches, parseConsentToken } from "./consent-token.server";
import { ConsentValidationError } from "./errors";

/**
 * The family's side of a consent request, reached only through the token of
 * its link (no account, no session). Every function here starts from the
 * token: an unknown token, a wrong secret, a revoked request or an expired
 * unanswered one all read as "not found", the same way.
 */
export interface FamilyConsent {
  requestId: number;
  service: string;
  comune: string | null;
  recipientName: string;
  recipientRelationship: string | null;
  /** Revoked and expired-unanswered requests never get this far. */
  status: "pending" | "completed" | "declined" | "withdrawn";
  /** The form's title in the document's language, and in Italian. */
  formTitle: string;
  italianFormTitle: string;
  formVersion: number;
  /** The Markdown text shown (the translation's, when one is), and the hash of exactly that text. */
  text: string;
  textHash: string;
  /** The questions shown, in the document's language. */
  questions: ConsentQuestion[];
  /** The Italian original: its text's hash, and its questions (the PDF receipt is in Italian). */
  italianTextHash: string;
  italianText: string;
  italianQuestions: ConsentQuestion[];
  /** The language of the document shown: "it", or the translation's. */
  documentLanguage: string;
  /** The approved translation shown (once answered: the one signed), or null for the Italian original. */
  translation: { id: number; language: string; version: number; textHash: string } | null;
  /** Languages with an approved translation of this form version, in the order of languages.json. */
  translatedLanguages: string[];
  expiresAt: Date;
  answer: {
    data: Record<string, unknown>;
    answeredAt: Date;
    /** The Italian original's hash, stored when the family answered. */
    textHash: string;
    /** The language signed in, and the hash of the translation signed (null: the Italian original). */
    language: string;
    translationHash: string | null;
    withdrawnAt: Date | null;
  } | null;
}

/** Which translation the family asks for: a language, and (from the page they answer) the translation they were shown. */
export interface DocumentChoice {
  language?: string;
  translationId?: number;
}

/** The consent request of a token, or undefined (unknown, wrong secret, revoked, expired without an answer). */
export async function openFamilyConsent(
  db: Kysely<Database>,
  token: string,
  now = new Date(),
  choice: DocumentChoice = {}
): Promise<FamilyConsent | undefined> {
  const parsed = parseConsentToken(token);
  if (!parsed) return undefined;
  const row = await consentQuery(db).where("r.token_id", "=", parsed.id).executeTakeFirst();
  // The id alone finds a row; only the secret proves the link (constant-time compare).
  if (!row || !consentSecretMatches(row.secret_hash, parsed.secret)) return undefined;
  const status = consentStatus(row, now);
  if (status === "revoked" || status === "expired") return undefined;
  const italianText = consentTextOf(row.schema);
  const offered = await approvedTranslations(db, row.form_version_id);
  // Once answered, the document is the one signed; before, the chosen language's newest approved translation
  // (or the one the page showed, when it is still an approved translation of this version in that language).
  const translation: ConsentTranslation | undefined = row.answered_at
    ? row.answered_translation_id
      ? await getConsentTranslation(db, row.answered_translation_id)
      : undefined
    : await chosenTranslation(db, offered, choice);
  const schema = translation ? translateSchema(row.schema, translation.strings) : row.schema;
  const text = consentTextOf(schema);
  const withdrawal = row.submission_id
    ? await db
        .selectFrom("submission_revisions")
        .select("created_at")
        .where("submission_id", "=", row.submission_id)
        .where("status", "=", "withdrawn")
        .executeTakeFirst()
    : undefined;
  return {
    requestId: row.id,
    service: row.service_code,
    comune: row.comune_code,
    recipientName: row.recipient_name,
    recipientRelationship: row.recipient_relationship,
    status,
    formTitle: translation && typeof schema.title === "string" ? schema.title : row.title,
    italianFormTitle: row.title,
    formVersion: row.version!,
    text,
    textHash: translation?.textHash ?? consentTextHash(text),
    questions: consentQuestions(schema, row.ui_schema),
    italianTextHash: consentTextHash(italianText),
    italianText,
    italianQuestions: translation ? consentQuestions(row.schema, row.ui_schema) : consentQuestions(schema, row.ui_schema),
    documentLanguage: translation?.language ?? "it",
    translation: translation ? { id: translation.id, language: translation.language, version: translation.version, textHash: translation.textHash } : null,
    translatedLanguages: offered.map((t) => t.language),
    expiresAt: row.expires_at,
    answer:
      row.answer_data && row.answered_at && row.answered_text_hash
        ? {
            data: row.answer_data,
            answeredAt: row.answered_at,
            textHash: row.answered_text_hash,
            language: row.answered_language ?? "it",
            translationHash: row.answered_translation_hash,
            withdrawnAt: withdrawal?.created_at ?? null,
          }
        : null,
  };
}

/** The translation to show for a choice: only ever an approved one of this form version in the chosen language. */
async function chosenTranslation(db: Kysely<Database>, offered: readonly ConsentTranslation[], choice: DocumentChoice): Promise<ConsentTranslation | undefined> {
  const newest = offered.find((t) => t.language === choice.language);
  if (!newest || choice.translationId === undefined || choice.translationId === newest.id) return newest;
  // A newer translation was approved while the family read the page: they sign what they read.
  const shown = await db
    .selectFrom("consent_translations")
    .select("id")
    .where("id", "=", choice.translationId)
    .where("form_version_id", "=", newest.formVersionId)
    .where("language", "=", newest.language)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return shown ? getConsentTranslation(db, shown.id) : newest;
}

/** Records that the family opened the page (`consent.viewed`), with their address and browser. */
export function recordFamilyView(db: Kysely<Database>, consent: FamilyConsent, audit: AuditContext, view: "page" | "receipt-pdf"): Promise<void> {
  return recordConsentEvent(db, audit, "consent.viewed", { id: consent.requestId, service: consent.service, comune: consent.comune }, {
    view,
    status: consent.status,
  });
}

/**
 * Records the family's answer, once: a submission pinned to the request's
 * form version with revision 1 (status submitted, or declined when they
 * agreed to nothing), and on the request the hash of the text shown, the
 * time, the client address and the browser. Invalid answers throw
 * ConsentValidationError and write nothing; a second answer throws
 * StateNotAllowedError. Pass a transaction.
 */
export async function answerFamilyConsent(
  trx: Kysely<Database>,
  token: string,
  data: Record<string, unknown>,
  audit: AuditContext,
  now = new Date(),
  choice: DocumentChoice = {}
): Promise<FamilyConsent> {
  const consent = await lockFamilyConsent(trx, token, now, choice);
  if (consent.status !== "pending") throw new StateNotAllowedError("a questa richiesta è già stata data una risposta");
  const row = await trx
    .selectFrom("consent_requests as r")
    .innerJoin("form_versions as v", "v.id", "r.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select(["r.form_version_id", "r.service_code", "r.comune_code", "r.case_id", "v.schema", "v.version", "f.slug"])
    .where("r.id", "=", consent.requestId)
    .executeTakeFirstOrThrow();
  const result = validateFormData({ schemaId: formVersionSchemaId(row.slug, row.version!), schema: row.schema }, data);
  if (!result.valid) throw new ConsentValidationError(result.errors);

  const outcome = consentOutcome(consent.questions, data);
  const status = outcome === "declined" ? "declined" : "submitted";
  const { id: submissionId } = await trx
    .insertInto("submissions")
    .values({
      form_version_id: row.form_version_id,
      service_code: row.service_code,
      comune_code: row.comune_code,
      case_id: row.case_id,
      status,
      revision: 1,
      created_by: null,
      consent_request_id: consent.requestId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("submission_revisions")
    .values({ submission_id: submissionId, revision: 1, status, data: toJsonb(data), reason: null, author_id: null, consent_request_id: consent.requestId })
    .execute();
  // "answered_at is null" makes a second answer impossible even past the lock
  // (and submissions.consent_request_id is unique besides).
  const updated = await trx
    .updateTable("consent_requests")
    .set({
      answered_at: now,
      answered_text_hash: consent.italianTextHash,
      answered_language: consent.documentLanguage,
      answered_translation_id: consent.translation?.id ?? null,
      answered_translation_hash: consent.translation?.textHash ?? null,
      answered_ip: audit.client?.ip ?? null,
      answered_user_agent: audit.client?.userAgent ?? null,
    })
    .where("id", "=", consent.requestId)
    .where("answered_at", "is", null)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new StateNotAllowedError("a questa richiesta è già stata data una risposta");
  await recordConsentEvent(
    trx,
    audit,
    outcome === "declined" ? "consent.declined" : "consent.completed",
    { id: consent.requestId, service: consent.service, comune: consent.comune },
    {
      submission: submissionId,
      formVersion: consent.formVersion,
      textHash: consent.italianTextHash,
      language: consent.documentLanguage,
      ...(consent.translation ? { translation: consent.translation.id, translationHash: consent.translation.textHash } : {}),
    }
  );
  return (await openFamilyConsent(trx, token, now))!;
}

/**
 * Withdraws a given consent: a new revision with status withdrawn (same data,
 * the family as author); the signed revision stays as it was. Pass a transaction.
 */
export async function withdrawFamilyConsent(trx: Kysely<Database>, token: string, audit: AuditContext, now = new Date()): Promise<FamilyConsent> {
  const consent = await lockFamilyConsent(trx, token, now);
  if (consent.status !== "completed") throw new StateNotAllowedError("solo un consenso dato può essere ritirato");
  const submission = await trx
    .selectFrom("submissions")
    .select(["id", "revision"])
    .where("consent_request_id", "=", consent.requestId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const revision = submission.revision + 1;
  await trx
    .insertInto("submission_revisions")
    .values({
      submission_id: submission.id,
      revision,
      status: "withdrawn",
      data: toJsonb(consent.answer!.data),
      reason: "Consenso ritirato dalla famiglia con il collegamento ricevuto",
      author_id: null,
      consent_request_id: consent.requestId,
    })
    .execute();
  await trx
    .updateTable("submissions")
    .set({ status: "withdrawn", revision, updated_at: sql`now()` })
    .where("id", "=", submission.id)
    .execute();
  await recordConsentEvent(trx, audit, "consent.withdrawn", { id: consent.requestId, service: consent.service, comune: consent.comune }, {
    submission: submission.id,
    revision,
  });
  return (await openFamilyConsent(trx, token, now))!;
}

async function lockFamilyConsent(trx: Kysely<Database>, token: string, now: Date, choice: DocumentChoice = {}): Promise<FamilyConsent> {
  const parsed = parseConsentToken(token);
  // The row lock serialises two answers (or an answer and a revoke) to one request.
  if (parsed) await trx.selectFrom("consent_requests").select("id").where("token_id", "=", parsed.id).forUpdate().executeTakeFirst();
  const consent = await openFamilyConsent(trx, token, now, choice);
  if (!consent) throw new NotFoundError("collegamento sconosciuto, revocato o scaduto");
  return consent;
}

function consentQuery(db: Kysely<Database>) {
  return db
    .selectFrom("consent_requests as r")
    .innerJoin("form_versions as v", "v.id", "r.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("submissions as s", "s.consent_request_id", "r.id")
    .leftJoin("submission_revisions as first", (join) => join.onRef("first.submission_id", "=", "s.id").on("first.revision", "=", 1))
    .select([
      "r.id",
      "r.secret_hash",
      "r.service_code",
      "r.comune_code",
      "r.recipient_name",
      "r.recipient_relationship",
      "r.expires_at",
      "r.revoked_at",
      "r.answered_at",
      "r.answered_text_hash",
      "r.answered_language",
      "r.answered_translation_id",
      "r.answered_translation_hash",
      "r.form_version_id",
      "f.title",
      "v.version",
      "v.schema",
      "v.ui_schema",
      "s.id as submission_id",
      "s.status as submission_status",
      "first.data as answer_data",
    ]);
}
