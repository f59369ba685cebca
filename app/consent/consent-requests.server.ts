import { sql, type Kysely } from "kysely";
import { NotFoundError, StateNotAllowedError } from "~/lib/errors";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { appOrigin } from "~/auth/origin.server";
import { scopeCovers, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { comuneExists } from "~/organisation/organisation.server";
import type { Database } from "~/db/schema";
import { findForm, findFormVersion } from "~/forms/versions/registry.server";
import { purposeAnswers, signedRelationship } from "./consent-form";
import { DEFAULT_EXPIRY_DAYS, STATUS_WORDS, type ConsentStatus } from "./consent-status";
import { generateConsentToken, hashConsentSecret } from "./consent-token.server";
import { consentVersions } from "./consent-versions.server";
import { ConsentValidationError } from "./errors";
import type { Purpose, PurposeAnswer } from "./consent-form";

/** A consent request as workers and the API see it. Never the token: only its holder has it. */
export interface ConsentRequest {
  id: number;
  form: string;
  formTitle: string;
  formVersion: number;
  service: string;
  comune: string | null;
  /** The case id and code, when the request belongs to a case. */
  caseId: number | null;
  case: string | null;
  recipient: { name: string; relationship: string | null; email: string | null };
  status: ConsentStatus;
  expiresAt: Date;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  /** The request this one replaced ("send again"). */
  replacesId: number | null;
  /** The purposes its form version asks about (questions answered "acconsento" / "non acconsento"). */
  purposes: Purpose[];
  /** The family's answer, once given. */
  answer: {
    submissionId: number;
    answeredAt: Date;
    /** SHA-256 of the Italian original's text. */
    textHash: string;
    /** The language the family read and signed in ("it": the original), and the translation's own hash. */
    language: string;
    translationHash: string | null;
    /** Who signed and as what, from the answer itself. */
    signer: string | null;
    relationship: string | null;
    /** The answer to each purpose: a refusal of one purpose is in a "completed" answer too. */
    purposes: PurposeAnswer[];
  } | null;
}

/** Who is acting on requests: their scope (case.write to change, case.read to read) and the audit context. */
export interface ConsentCaller {
  scope: Scope;
  userId: number;
  audit: AuditContext;
}

export interface CreateConsentRequestInput {
  form: string;
  /** A published version; the latest when omitted. */
  version?: number;
  service: string;
  comune: string | null;
  /** The case by id (pages) or by code (the API), or none. */
  case: { id: number } | { code: string } | null;
  recipient: { name: string; relationship: string | null; email: string | null };
  expiresInDays: number;
}

/** A new request and, once, its link: the token is in the URL and nowhere else. */
export interface CreatedConsentRequest {
  request: ConsentRequest;
  url: string;
}

/** The link a family opens. */
export function consentUrl(token: string): string {
  return `${appOrigin()}/c/${token}`;
}

/**
 * Creates a consent request for a published version of a consent form, in a
 * service × comune the caller writes in (and a case there, if given), with a
 * `consent.created` audit event. Returns the link once. Pass a transaction.
 */
export async function createConsentRequest(
  trx: Kysely<Database>,
  caller: ConsentCaller,
  input: CreateConsentRequestInput,
  replacesId: number | null = null,
  now = new Date()
): Promise<CreatedConsentRequest> {
  if (!scopeCovers(caller.scope, { service: input.service, comune: input.comune })) {
    throw new NotFoundError(`servizio "${input.service}" fuori portata`);
  }
  const form = await findForm(trx, input.form);
  const version = form?.kind === "consent" ? await findFormVersion(trx, input.form, input.version) : undefined;
  if (!form || !version || version.status !== "published") {
    throw new ConsentValidationError([{ path: "/form", message: `modulo: "${input.form}" non è un modulo di consenso pubblicato` }]);
  }
  if (!form.services.includes(input.service)) {
    throw new ConsentValidationError([{ path: "/service", message: `servizio: il modulo non è offerto al servizio "${input.service}"` }]);
  }
  // Checked here: the foreign key would refuse it with a database error (a 500), as submissions answer 422.
  if (input.comune && !(await comuneExists(trx, input.comune))) {
    throw new ConsentValidationError([{ path: "/comune", message: `comune: "${input.comune}" non esiste` }]);
  }
  const caseId = input.case ? await caseIdInTarget(trx, caller.scope, input) : null;

  const token = generateConsentToken();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000);
  const { id } = await trx
    .insertInto("consent_requests")
    .values({
      token_id: token.id,
      secret_hash: hashConsentSecret(token.secret),
      form_version_id: version.id,
      service_code: input.service,
      comune_code: input.comune,
      case_id: caseId,
      recipient_name: input.recipient.name,
      recipient_relationship: input.recipient.relationship,
      recipient_email: input.recipient.email,
      expires_at: expiresAt,
      created_by: caller.userId,
      replaces_id: replacesId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordConsentEvent(trx, caller.audit, "consent.created", { id, service: input.service, comune: input.comune }, {
    form: input.form,
    formVersion: version.version,
    case: caseId,
    expiresAt: expiresAt.toISOString(),
    replaces: replacesId,
  });
  return { request: (await selectConsentRequests(trx, caller.scope, { id }, now))[0]!, url: consentUrl(token.token) };
}

/** The request with this id when the scope covers it (undefined otherwise), with a `consent.read` audit event. */
export async function findConsentRequest(
  db: Kysely<Database>,
  caller: Omit<ConsentCaller, "userId">,
  id: number,
  now = new Date()
): Promise<ConsentRequest | undefined> {
  const [request] = await selectConsentRequests(db, caller.scope, { id }, now);
  if (request) await recordConsentEvent(db, caller.audit, "consent.read", request, {});
  return request;
}

/** Every request of a case in scope, newest first. */
export async function listCaseConsentRequests(db: Kysely<Database>, scope: Scope, caseId: number, now = new Date()): Promise<ConsentRequest[]> {
  return selectConsentRequests(db, scope, { caseId }, now);
}

/**
 * Revokes a pending (or expired, unanswered) request: its link stops working
 * at once. An answered request cannot be revoked: the family keeps the link
 * to see the receipt and to withdraw. Audited as `consent.revoked`.
 */
export async function revokeConsentRequest(trx: Kysely<Database>, caller: ConsentCaller, id: number, now = new Date()): Promise<ConsentRequest> {
  const current = await lockConsentRequest(trx, caller.scope, id, now);
  if (current.status !== "pending" && current.status !== "expired") {
    throw new StateNotAllowedError(`la richiesta è già ${STATUS_WORDS[current.status]}: non si può revocare`);
  }
  await trx.updateTable("consent_requests").set({ revoked_at: now, revoked_by: caller.userId }).where("id", "=", id).execute();
  await recordConsentEvent(trx, caller.audit, "consent.revoked", current, {});
  return (await selectConsentRequests(trx, caller.scope, { id }, now))[0]!;
}

/**
 * "Send again": revokes the old link (if still open) and makes a new one for
 * the same form version, recipient and case, with a fresh expiry.
 */
export async function resendConsentRequest(
  trx: Kysely<Database>,
  caller: ConsentCaller,
  id: number,
  expiresInDays = DEFAULT_EXPIRY_DAYS,
  now = new Date()
): Promise<CreatedConsentRequest> {
  const current = await lockConsentRequest(trx, caller.scope, id, now);
  if (current.status === "pending" || current.status === "expired") await revokeConsentRequest(trx, caller, id, now);
  else if (current.status !== "revoked") throw new StateNotAllowedError(`la richiesta è già ${STATUS_WORDS[current.status]}`);
  const input = {
    form: current.form,
    version: current.formVersion,
    service: current.service,
    comune: current.comune,
    case: current.caseId === null ? null : { id: current.caseId },
    recipient: current.recipient,
    expiresInDays,
  };
  return createConsentRequest(trx, caller, input, id, now);
}

async function lockConsentRequest(trx: Kysely<Database>, scope: Scope, id: number, now: Date): Promise<ConsentRequest> {
  // FOR UPDATE: a revoke racing a family's answer waits for it, then sees it.
  const locked = await trx
    .selectFrom("consent_requests")
    .select("id")
    .where("id", "=", id)
    .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
    .forUpdate()
    .executeTakeFirst();
  const [current] = locked ? await selectConsentRequests(trx, scope, { id }, now) : [];
  if (!current) throw new NotFoundError(`richiesta di consenso ${id} fuori portata`);
  return current;
}

/** The id of the input's case when it is in the input's service and comune and in scope; else a 422. */
async function caseIdInTarget(db: Kysely<Database>, scope: Scope, input: CreateConsentRequestInput): Promise<number> {
  const ref = input.case!;
  const row = await db
    .selectFrom("cases")
    .select("id")
    .where((eb) => ("id" in ref ? eb("id", "=", ref.id) : eb("code", "=", ref.code)))
    .where("service_code", "=", input.service)
    .where(sql<boolean>`comune_code is not distinct from ${input.comune}`)
    .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
    .executeTakeFirst();
  if (!row) throw new ConsentValidationError([{ path: "/case", message: "cartella: non esiste in questo servizio e comune" }]);
  return row.id;
}

async function selectConsentRequests(
  db: Kysely<Database>,
  scope: Scope,
  where: { id: number } | { caseId: number },
  now: Date
): Promise<ConsentRequest[]> {
  let query = db
    .selectFrom("consent_requests as r")
    .innerJoin("users as u", "u.id", "r.created_by")
    .leftJoin("cases as c", "c.id", "r.case_id")
    .leftJoin("submissions as s", "s.consent_request_id", "r.id")
    .leftJoin("submission_revisions as first", (join) =>
      join.onRef("first.submission_id", "=", "s.id").on("first.revision", "=", 1)
    )
    .select([
      "r.id",
      "r.form_version_id",
      "r.service_code",
      "r.comune_code",
      "r.case_id",
      "c.code as case_code",
      "r.recipient_name",
      "r.recipient_relationship",
      "r.recipient_email",
      "r.expires_at",
      "r.created_at",
      "u.display_name",
      "r.revoked_at",
      "r.replaces_id",
      "r.answered_at",
      "r.answered_text_hash",
      "r.answered_language",
      "r.answered_translation_hash",
      "s.id as submission_id",
      "s.status as submission_status",
      "first.data as answer_data",
    ])
    .where((eb) => inScope(eb, scope, { service: "r.service_code", comune: "r.comune_code" }))
    .orderBy("r.id", "desc");
  query = "id" in where ? query.where("r.id", "=", where.id) : query.where("r.case_id", "=", where.caseId);
  const rows = await query.execute();
  const versions = await consentVersions(db, rows.map((r) => r.form_version_id));
  return rows.map((r) => {
    const { form, formTitle, version, questions, purposes } = versions.get(r.form_version_id)!;
    return {
      id: r.id,
      form,
      formTitle,
      formVersion: version,
      service: r.service_code,
      comune: r.comune_code,
      caseId: r.case_id,
      case: r.case_code,
      recipient: { name: r.recipient_name, relationship: r.recipient_relationship, email: r.recipient_email },
      status: consentStatus(r, now),
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      createdBy: r.display_name,
      revokedAt: r.revoked_at,
      replacesId: r.replaces_id,
      purposes,
      answer:
        r.submission_id !== null && r.answered_at && r.answered_text_hash
          ? {
              submissionId: r.submission_id,
              answeredAt: r.answered_at,
              textHash: r.answered_text_hash,
              language: r.answered_language ?? "it",
              translationHash: r.answered_translation_hash,
              signer: typeof r.answer_data?.firma === "string" ? r.answer_data.firma : null,
              relationship: signedRelationship(r.answer_data),
              purposes: purposeAnswers(questions, r.answer_data ?? {}),
            }
          : null,
    };
  });
}

/** The status of a request: its answer's, else revoked, else expired by the clock, else pending. */
export function consentStatus(
  r: { submission_status: string | null; revoked_at: Date | null; expires_at: Date },
  now: Date
): ConsentStatus {
  if (r.submission_status === "submitted") return "completed";
  if (r.submission_status === "declined" || r.submission_status === "withdrawn") return r.submission_status;
  if (r.revoked_at) return "revoked";
  return r.expires_at.getTime() <= now.getTime() ? "expired" : "pending";
}

export type ConsentAction = "consent.created" | "consent.read" | "consent.revoked" | "consent.viewed" | "consent.completed" | "consent.declined" | "consent.withdrawn";

/** One audit event about one consent request, filed under its service and comune. */
export function recordConsentEvent(
  db: Kysely<Database>,
  audit: AuditContext,
  action: ConsentAction,
  r: { id: number; service: string; comune: string | null },
  details: Record<string, unknown>
): Promise<void> {
  return recordAuditEvent(db, { ...audit, action, target: { type: "consent_request", id: r.id }, service: r.service, comune: r.comune, details });
}
