import type { Kysely } from "kysely";
import { groupBy } from "~/lib/group-by";
import { NotFoundError } from "~/lib/errors";
import { recordAuditEvent } from "~/audit/audit.server";
import { findCase, type CaseSummary } from "~/cases/cases.server";
import type { Database } from "~/db/schema";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { listConsentRequestsOfCases, type ConsentCaller, type ConsentRequest } from "./consent-requests.server";
import { EXCEPTION_KINDS, type ExceptionKind } from "./consent-status";
import { ConsentValidationError } from "./errors";
import { listPaperConsents, type PaperConsent } from "./paper-consent.server";
import { matrixAttention, purposeMatrix, type FormMatrix, type HolderAnswer, type Outcome } from "./purpose-matrix";

export interface ConsentException {
  id: number;
  kind: ExceptionKind;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

/** Every exception declared on a case, oldest first (the caller has already found the case in scope). */
export async function listConsentExceptions(db: Kysely<Database>, caseId: number): Promise<ConsentException[]> {
  const rows = await db
    .selectFrom("consent_exceptions as e")
    .innerJoin("users as u", "u.id", "e.recorded_by")
    .select(["e.id", "e.kind", "e.note", "u.display_name", "e.recorded_at"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, note: r.note, recordedBy: r.display_name, recordedAt: r.recorded_at }));
}

/** Records a declared exception on a case in the caller's write scope, audited as `consent.exception.recorded`. */
export async function recordConsentException(
  trx: Kysely<Database>,
  caller: ConsentCaller,
  caseId: number,
  input: { kind: string; note: string }
): Promise<void> {
  const found = await findCase(trx, caller, caseId);
  if (!found) throw new NotFoundError(`cartella ${caseId} fuori portata`);
  const problems = [];
  if (!(input.kind in EXCEPTION_KINDS)) problems.push({ path: "/kind", message: "Scelga il tipo di eccezione." });
  if (!input.note.trim()) problems.push({ path: "/note", message: "Scriva gli estremi (provvedimento, dichiarazione, motivo)." });
  if (input.note.length > 2000) problems.push({ path: "/note", message: "Al massimo 2000 caratteri." });
  if (problems.length) throw new ConsentValidationError(problems);
  const { id } = await trx
    .insertInto("consent_exceptions")
    .values({ case_id: caseId, kind: input.kind as ExceptionKind, note: input.note.trim(), recorded_by: caller.userId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "consent.exception.recorded",
    target: { type: "case", id: caseId },
    service: found.service,
    comune: found.comune,
    details: { exception: id, kind: input.kind },
  });
}

/** A link's answer (or a pending link) and a paper consent as answers of a holder, for the matrix. */
export function holderAnswers(requests: readonly ConsentRequest[], papers: readonly PaperConsent[]): HolderAnswer[] {
  const fromLinks = requests.flatMap((r): HolderAnswer[] => {
    const base = { form: r.form, formTitle: r.formTitle, purposes: r.purposes, source: "link" as const };
    if (r.status === "pending") return [{ ...base, relationship: r.recipient.relationship ?? "altro", state: "pending", at: r.createdAt, answers: [] }];
    if (!r.answer || (r.status !== "completed" && r.status !== "declined" && r.status !== "withdrawn")) return [];
    return [
      {
        ...base,
        relationship: r.answer.relationship ?? r.recipient.relationship ?? "altro",
        state: r.status === "withdrawn" ? "withdrawn" : "answered",
        at: r.answer.answeredAt,
        answers: r.answer.purposes,
      },
    ];
  });
  const fromPaper = papers.map(
    (p): HolderAnswer => ({
      form: p.form,
      formTitle: p.formTitle,
      purposes: p.purposes,
      source: "paper",
      relationship: p.relationship,
      state: "answered",
      at: p.recordedAt,
      answers: p.answers,
    })
  );
  return [...fromLinks, ...fromPaper];
}

/** The purpose matrix of one case (the caller has found the case in its scope). */
export async function caseConsentMatrix(db: Kysely<Database>, scope: Scope, caseId: number): Promise<FormMatrix[]> {
  return (await consentMatricesOfCases(db, scope, [caseId])).get(caseId) ?? [];
}

/** A case whose family consent needs attention: per consent form, the purposes refused and those still waiting. */
export interface CaseConsentAttention {
  caseId: number;
  caseCode: string;
  form: string;
  formTitle: string;
  outcome: Exclude<Outcome, "complete">;
  /** Purpose titles with the holders (madre, padre, tutore) who refused them. */
  refused: { purpose: string; holders: string[] }[];
  /** Purpose titles with the holders whose answer is pending, missing or withdrawn. */
  waiting: { purpose: string; holders: string[] }[];
}

/**
 * For "Il mio lavoro" and reports: the refusals and the consents still
 * waiting on these cases, only where the scope covers them (cases outside it
 * are silently left out). One row per case × consent form that is not complete.
 */
export async function listCaseConsentAttention(db: Kysely<Database>, scope: Scope, caseIds: readonly number[]): Promise<CaseConsentAttention[]> {
  const cases = caseIds.length
    ? await db
        .selectFrom("cases")
        .select(["id", "code"])
        .where("id", "in", caseIds)
        .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
        .orderBy("code")
        .execute()
    : [];
  const matrices = await consentMatricesOfCases(
    db,
    scope,
    cases.map((c) => c.id)
  );
  return cases.flatMap((c) =>
    (matrices.get(c.id) ?? []).flatMap((m): CaseConsentAttention[] =>
      m.outcome === "complete" ? [] : [{ caseId: c.id, caseCode: c.code, form: m.form, formTitle: m.formTitle, outcome: m.outcome, ...matrixAttention(m) }]
    )
  );
}

/** The purpose matrices of several cases within the scope, by case id (cases outside it get none). */
export async function consentMatricesOfCases(db: Kysely<Database>, scope: Scope, caseIds: readonly number[]): Promise<Map<number, FormMatrix[]>> {
  if (!caseIds.length) return new Map();
  const [requests, papers, exceptions] = await Promise.all([
    listConsentRequestsOfCases(db, scope, caseIds),
    listPaperConsents(db, scope, caseIds),
    db.selectFrom("consent_exceptions").select(["case_id", "kind"]).where("case_id", "in", caseIds).execute(),
  ]);
  // Grouped by case first: filtering every list once per case is quadratic, and a report asks for a year of cases.
  const requestsOf = groupBy(requests, (r) => r.caseId);
  const papersOf = groupBy(papers, (p) => p.caseId);
  const exceptionsOf = groupBy(exceptions, (e) => e.case_id);
  return new Map(
    caseIds.map((id) => [
      id,
      purposeMatrix(
        holderAnswers(requestsOf.get(id) ?? [], papersOf.get(id) ?? []),
        (exceptionsOf.get(id) ?? []).map((e) => e.kind)
      ),
    ])
  );
}

/** Published versions of the consent forms offered to a service, newest version first per form: the choices of "new request". */
export async function listConsentFormVersions(db: Kysely<Database>, service: string): Promise<{ slug: string; title: string; version: number }[]> {
  const rows = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .innerJoin("form_services as fs", "fs.form_id", "f.id")
    .select(["f.slug", "f.title", "v.version"])
    .where("f.kind", "=", "consent")
    .where("v.status", "=", "published")
    .where("fs.service_code", "=", service)
    .orderBy("f.title")
    .orderBy("v.version", "desc")
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, version: r.version! }));
}

/** Records that a worker looked at a case's consent requests (reads are audited too: DOMAIN §4). */
export function recordConsentListRead(db: Kysely<Database>, audit: ConsentCaller["audit"], found: CaseSummary): Promise<void> {
  return recordAuditEvent(db, { ...audit, action: "consent.listed", target: { type: "case", id: found.id }, service: found.service, comune: found.comune });
}
