import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { groupBy } from "~/lib/group-by";
import { NotFoundError } from "~/lib/errors";
import { recordAuditEvent } from "~/audit/audit.server";
import { findCase, type CaseSummary } from "~/cases/cases.server";
import type { Database } from "~/db/schema";
import type { Scope } from "~/auth/policy";
import { inScope, scopeKey } from "~/auth/scoped-query.server";
import { preparedStatement } from "~/db/prepared.server";
import { consentStatus, type ConsentCaller } from "./consent-requests.server";
import { purposeAnswers, signedRelationship } from "./consent-form";
import { EXCEPTION_KINDS, type ExceptionKind } from "./consent-status";
import { ConsentValidationError } from "./errors";
import { consentVersions } from "./consent-versions.server";
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

/**
 * The matrix's rows of the cases (`= any` of one array, so that the statement
 * keeps its shape whatever the number of cases): prepared once per scope.
 */
const consentRowsOfCases = preparedStatement(scopeKey, (db, scope: Scope, v: { caseIds: readonly number[] }) =>
  db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("consent_requests as r")
          .leftJoin("submissions as s", "s.consent_request_id", "r.id")
          .leftJoin("submission_revisions as first", (join) => join.onRef("first.submission_id", "=", "s.id").on("first.revision", "=", 1))
          .select(["r.case_id", "r.form_version_id", "r.recipient_relationship", "r.created_at", "r.expires_at", "r.revoked_at", "r.answered_at", "s.status as submission_status", "first.data"])
          .where((eb) => eb("r.case_id", "=", eb.fn.any(eb.val(v.caseIds))))
          .where((eb) => inScope(eb, scope, { service: "r.service_code", comune: "r.comune_code" }))
          .orderBy("r.id", "desc")
      ).as("links"),
      jsonArrayFrom(
        eb
          .selectFrom("paper_consents as p")
          .innerJoin("cases as c", "c.id", "p.case_id")
          .select(["p.case_id", "p.form_version_id", "p.relationship", "p.recorded_at", "p.answers"])
          .where((eb) => eb("p.case_id", "=", eb.fn.any(eb.val(v.caseIds))))
          .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
          .orderBy("p.id", "desc")
      ).as("papers"),
      jsonArrayFrom(eb.selectFrom("consent_exceptions").select(["case_id", "kind"]).where((eb) => eb("case_id", "=", eb.fn.any(eb.val(v.caseIds))))).as("exceptions"),
    ])
);

/**
 * The purpose matrices of several cases within the scope, by case id (cases
 * outside it get none). One statement whatever the cases hold: the links with
 * their answers, the paper consents and the declared exceptions, each as a
 * JSON list of only what the matrix reads, newest first as the lists of
 * requests and of paper consents (which read the rest); a second for the
 * consent forms' versions, once per version, when there is any answer.
 */
export async function consentMatricesOfCases(db: Kysely<Database>, scope: Scope, caseIds: readonly number[], now = new Date()): Promise<Map<number, FormMatrix[]>> {
  if (!caseIds.length) return new Map();
  const { links, papers, exceptions } = (await consentRowsOfCases(db, scope, { caseIds }))[0]!;
  const versions = await consentVersions(db, [...links.map((l) => l.form_version_id), ...papers.map((p) => p.form_version_id)]);
  // A pending link, or a link's answer in force or withdrawn; revoked and expired links count for nothing.
  const fromLinks = links.flatMap((l): (HolderAnswer & { caseId: number })[] => {
    const status = consentStatus({ submission_status: l.submission_status, revoked_at: l.revoked_at ? new Date(l.revoked_at) : null, expires_at: new Date(l.expires_at) }, now);
    const { form, formTitle, questions, purposes } = versions.get(l.form_version_id)!;
    const base = { caseId: l.case_id!, form, formTitle, purposes, source: "link" as const };
    if (status === "pending") return [{ ...base, relationship: l.recipient_relationship ?? "altro", state: "pending", at: new Date(l.created_at), answers: [] }];
    if (!l.answered_at || !l.data || (status !== "completed" && status !== "declined" && status !== "withdrawn")) return [];
    return [
      {
        ...base,
        relationship: signedRelationship(l.data) ?? l.recipient_relationship ?? "altro",
        state: status === "withdrawn" ? "withdrawn" : "answered",
        at: new Date(l.answered_at),
        answers: purposeAnswers(questions, l.data),
      },
    ];
  });
  const fromPaper = papers.map((p): HolderAnswer & { caseId: number } => {
    const { form, formTitle, questions, purposes } = versions.get(p.form_version_id)!;
    return { caseId: p.case_id, form, formTitle, purposes, source: "paper", relationship: p.relationship, state: "answered", at: new Date(p.recorded_at), answers: purposeAnswers(questions, p.answers) };
  });
  // Grouped by case first: filtering every list once per case is quadratic, and a report asks for a year of cases.
  const answersOf = groupBy([...fromLinks, ...fromPaper], (a) => a.caseId);
  const exceptionsOf = groupBy(exceptions, (e) => e.case_id);
  return new Map(caseIds.map((id) => [id, purposeMatrix(answersOf.get(id) ?? [], (exceptionsOf.get(id) ?? []).map((e) => e.kind))]));
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
