import { sql, type Kysely } from "kysely";
import { NotFoundError, type FieldError } from "~/lib/errors";
import { recordAuditEvent } from "~/audit/audit.server";
import { inScope } from "~/auth/scoped-query.server";
import type { Scope } from "~/auth/policy";
import { findCase, type CaseSummary } from "~/cases/cases.server";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { consentQuestions, purposeAnswers, purposeQuestions, type ConsentQuestion } from "./consent-form";
import type { ConsentCaller } from "./consent-requests.server";
import { RELATIONSHIPS } from "./consent-status";
import { consentVersions } from "./consent-versions.server";
import { ConsentValidationError } from "./errors";
import type { Purpose, PurposeAnswer } from "./consent-form";

/**
 * Consents signed on paper (issue 15): a worker records who signed, as what,
 * when, the answer to each purpose and which worker witnessed it. They count
 * in the purpose matrix like a link's answer, marked as paper.
 */
export interface PaperConsent {
  id: number;
  caseId: number;
  form: string;
  formTitle: string;
  formVersion: number;
  purposes: Purpose[];
  signerName: string;
  relationship: string;
  /** YYYY-MM-DD */
  signedOn: string;
  answers: PurposeAnswer[];
  witness: string;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface PaperConsentInput {
  /** "slug@version" of a published consent form version offered to the case's service. */
  formVersion: string;
  signerName: string;
  relationship: string;
  signedOn: string;
  witnessId: number;
  /** Purpose name → option value; purposes the paper does not answer are left out. */
  answers: Record<string, string>;
  note: string;
}

/** A worker who may witness a paper consent on a case: a worker or coordinator of its service covering its comune. */
export interface Witness {
  id: number;
  displayName: string;
}

/** The enabled workers and coordinators whose memberships cover the case's service × comune. */
export async function listWitnesses(db: Kysely<Database>, found: Pick<CaseSummary, "service" | "comune">): Promise<Witness[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.display_name"])
    .distinct()
    .where("m.service_code", "=", found.service)
    .where("m.role", "in", ["worker", "coordinator"])
    .where((eb) => (found.comune === null ? eb("m.comune_code", "is", null) : eb.or([eb("m.comune_code", "is", null), eb("m.comune_code", "=", found.comune)])))
    .where("u.disabled_at", "is", null)
    .orderBy("u.display_name")
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** A consent form version a paper consent can be recorded against, with its purposes as choice questions. */
export interface PaperConsentVersion {
  id: number;
  slug: string;
  title: string;
  version: number;
  purposes: Extract<ConsentQuestion, { kind: "choice" }>[];
}

/** The published consent form version "slug@version" when it is offered to the service; else undefined. */
export async function findPaperConsentVersion(db: Kysely<Database>, service: string, formVersion: string): Promise<PaperConsentVersion | undefined> {
  const [slug, versionText] = formVersion.split("@");
  const row = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .innerJoin("form_services as fs", "fs.form_id", "f.id")
    .select(["v.id", "f.slug", "f.title", "v.version", "v.schema", "v.ui_schema"])
    .where("f.slug", "=", slug ?? "")
    .where("v.version", "=", Number(versionText) || 0)
    .where("f.kind", "=", "consent")
    .where("v.status", "=", "published")
    .where("fs.service_code", "=", service)
    .executeTakeFirst();
  if (!row) return undefined;
  const purposes = purposeQuestions(consentQuestions(row.schema, row.ui_schema)).filter((q) => q.kind === "choice");
  return { id: row.id, slug: row.slug, title: row.title, version: row.version!, purposes };
}

/** The paper consents of a case, when the scope covers it; newest first. */
export async function listPaperConsents(db: Kysely<Database>, scope: Scope, caseId: number): Promise<PaperConsent[]> {
  const rows = await db
    .selectFrom("paper_consents as p")
    .innerJoin("cases as c", "c.id", "p.case_id")
    .innerJoin("users as w", "w.id", "p.witnessed_by")
    .innerJoin("users as r", "r.id", "p.recorded_by")
    .select([
      "p.id",
      "p.case_id",
      "p.form_version_id",
      "p.signer_name",
      "p.relationship",
      sql<string>`to_char(p.signed_on, 'YYYY-MM-DD')`.as("signed_on"),
      "p.answers",
      "w.display_name as witness",
      "p.note",
      "r.display_name as recorded_by",
      "p.recorded_at",
    ])
    .where("p.case_id", "=", caseId)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .orderBy("p.id", "desc")
    .execute();
  const versions = await consentVersions(db, rows.map((r) => r.form_version_id));
  return rows.map((r) => {
    const { form, formTitle, version, questions, purposes } = versions.get(r.form_version_id)!;
    return {
      id: r.id,
      caseId: r.case_id,
      form,
      formTitle,
      formVersion: version,
      purposes,
      signerName: r.signer_name,
      relationship: r.relationship,
      signedOn: r.signed_on,
      answers: purposeAnswers(questions, r.answers),
      witness: r.witness,
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    };
  });
}

/**
 * Records a paper consent on a case in the caller's write scope, audited as
 * `consent.paper.recorded`. Invalid input throws ConsentValidationError with
 * one message per field (paths: /formVersion, /signerName, /relationship,
 * /signedOn, /witnessId, /answers, /note); nothing is written then.
 */
export async function recordPaperConsent(
  trx: Kysely<Database>,
  caller: ConsentCaller,
  caseId: number,
  input: PaperConsentInput,
  today = new Date()
): Promise<number> {
  const found = await findCase(trx, caller, caseId);
  if (!found) throw new NotFoundError(`cartella ${caseId} fuori portata`);
  const problems: FieldError[] = [];
  const version = await findPaperConsentVersion(trx, found.service, input.formVersion);
  if (!version) problems.push({ path: "/formVersion", message: "Scelga il modulo di consenso firmato." });
  const signerName = input.signerName.trim();
  if (!signerName) problems.push({ path: "/signerName", message: "Scriva il nome e cognome di chi ha firmato." });
  if (signerName.length > 200) problems.push({ path: "/signerName", message: "Al massimo 200 caratteri." });
  if (!RELATIONSHIPS.some((r) => r.value === input.relationship)) problems.push({ path: "/relationship", message: "Scelga il rapporto con il minore." });
  const signedOn = /^\d{4}-\d{2}-\d{2}$/.test(input.signedOn) ? new Date(`${input.signedOn}T00:00:00Z`) : undefined;
  if (!signedOn || Number.isNaN(signedOn.getTime()) || signedOn.toISOString().slice(0, 10) !== input.signedOn) {
    problems.push({ path: "/signedOn", message: "Scriva la data della firma (giorno, mese, anno)." });
  } else if (input.signedOn > today.toISOString().slice(0, 10)) {
    problems.push({ path: "/signedOn", message: "La data della firma non può essere futura: controlli la data." });
  }
  if (!(await listWitnesses(trx, found)).some((w) => w.id === input.witnessId)) {
    problems.push({ path: "/witnessId", message: "Scelga l'operatore o l'operatrice che ha assistito alla firma." });
  }
  if (input.note.length > 2000) problems.push({ path: "/note", message: "Al massimo 2000 caratteri." });
  const answers: Record<string, string> = {};
  if (version) {
    for (const q of version.purposes) {
      const value = input.answers[q.name];
      if (!value) continue;
      if (!q.options.some((o) => o.value === value)) {
        problems.push({ path: "/answers", message: `«${q.title}»: scelga una delle risposte proposte.` });
      } else answers[q.name] = value;
    }
    if (!Object.keys(answers).length && !problems.some((p) => p.path === "/answers")) {
      problems.push({ path: "/answers", message: "Indichi la risposta ad almeno una delle finalità del modulo firmato." });
    }
  }
  if (problems.length) throw new ConsentValidationError(problems);
  const { id } = await trx
    .insertInto("paper_consents")
    .values({
      case_id: caseId,
      form_version_id: version!.id,
      signer_name: signerName,
      relationship: input.relationship,
      signed_on: input.signedOn,
      answers: toJsonb(answers),
      witnessed_by: input.witnessId,
      note: input.note.trim(),
      recorded_by: caller.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "consent.paper.recorded",
    target: { type: "case", id: caseId },
    service: found.service,
    comune: found.comune,
    details: { paperConsent: id, form: version!.slug, formVersion: version!.version, relationship: input.relationship, answers, witness: input.witnessId },
  });
  return id;
}
