import type { Kysely } from "kysely";
import { findReportCase, listAllCaseAccesses, recordReportEvent, type ReportCase } from "~/audit/case-access.server";
import type { AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import { listConsentExceptions } from "~/consent/case-consent.server";
import { listCaseConsentRequests } from "~/consent/consent-requests.server";
import { EXCEPTION_KINDS, STATUS_WORDS, relationshipLabel } from "~/consent/consent-status";
import { languageInfo } from "~/consent/family-language";
import { listPaperConsents } from "~/consent/paper-consent.server";
import type { Database } from "~/db/schema";
import { findComputedFields } from "~/forms/schema/computed";
import { readableFields } from "~/submissions/data-diff";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";
import { COURT_AUTHORITIES, COURT_ORDER_TYPES, courtLabel } from "./court-order-input";
import { listCourtOrders } from "./court-orders.server";
import { DELETION_STATUS_LABELS } from "./retention-kinds";
import { readCaseRetentionHistory } from "./retention.server";

/**
 * Subject access (GDPR art. 15, issue 17 item 5): everything Schedario holds
 * about one case, for the coordinator to hand to the family — as a JSON
 * bundle (this shape, `subject-access.schema.json`, ADR 0025) and as a PDF
 * made from it. Each list is oldest first. Codes stay beside their Italian
 * words, so the bundle reads for a program and for a person.
 */
export interface SubjectAccessBundle {
  format: "schedario/subject-access";
  formatVersion: 1;
  generatedAt: string;
  /** The coordinator who made the copy. */
  generatedBy: { name: string };
  controller: string;
  case: {
    id: number;
    code: string;
    /** The minor's pseudonym (the name, when the service recorded it, is in the intake scheda). */
    minorRef: string;
    service: { code: string; name: string };
    comune: { code: string; name: string } | null;
    openedAt: string;
    openedBy: string;
    closedAt: string | null;
  };
  submissions: SubjectSubmission[];
  consentRequests: SubjectConsentRequest[];
  paperConsents: SubjectPaperConsent[];
  consentExceptions: SubjectConsentException[];
  courtOrders: SubjectCourtOrder[];
  /** Legal holds set on the case (in force or released), oldest first. */
  legalHolds: { reason: string; setBy: string; setAt: string; releasedBy: string | null; releasedAt: string | null }[];
  /** Proposals to delete the case at the end of its retention period, with the decision (ADR 0024). */
  deletionProposals: { status: string; statusLabel: string; dueOn: string; proposedBy: string; proposedAt: string; decidedBy: string | null; decidedAt: string | null }[];
  /** Who consulted the case, oldest first (the access report); other cases a list showed are only counted. */
  accessLog: SubjectAccessEvent[];
  /** Where each table holding case data is in this bundle. */
  coverage: { table: string; where: string }[];
}

export interface SubjectSubmission {
  id: number;
  form: { slug: string; title: string; kind: string; version: number };
  status: string;
  statusLabel: string;
  createdAt: string;
  updatedAt: string;
  /** The worker who created it, or the family for a consent answered through a link. */
  createdBy: string;
  consentRequestId: number | null;
  revisions: SubjectRevision[];
}

export interface SubjectRevision {
  revision: number;
  status: string;
  statusLabel: string;
  createdAt: string;
  author: string;
  /** Why an amendment was made, when it was. */
  reason: string | null;
  /** The data as stored. */
  data: Record<string, unknown>;
  /** The same data read through the form version it was made with: titles, option labels, Italian dates. */
  fields: { pointer: string; label: string[]; value: string; computed: boolean }[];
}

export interface SubjectConsentRequest {
  id: number;
  form: { slug: string; title: string; version: number };
  recipient: { name: string; relationship: string | null; relationshipLabel: string | null; email: string | null };
  status: string;
  statusLabel: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** The request this one replaced ("send again"). */
  replacesId: number | null;
  purposes: { name: string; title: string }[];
  /** The family's answer and its evidence (the receipt's), once given; the answer's data is its submission. */
  answer: {
    submissionId: number;
    answeredAt: string;
    language: string;
    languageName: string;
    /** SHA-256 of the Italian text shown, and of the translation read when it was one. */
    textHash: string;
    translationHash: string | null;
    clientAddress: string | null;
    userAgent: string | null;
    purposes: { purpose: string; title: string; value: string; label: string }[];
  } | null;
}

export interface SubjectPaperConsent {
  id: number;
  form: { slug: string; title: string; version: number };
  signerName: string;
  relationship: string;
  relationshipLabel: string;
  signedOn: string;
  answers: { purpose: string; title: string; value: string; label: string }[];
  witness: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SubjectConsentException {
  id: number;
  kind: string;
  kindLabel: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SubjectCourtOrder {
  id: number;
  authority: string;
  authorityLabel: string;
  docketNumber: string;
  issuedOn: string;
  orderType: string;
  orderTypeLabel: string;
  duties: string;
  createdAt: string;
  createdBy: string;
  deadlines: { id: number; dueOn: string; reportSubmissionId: number | null; reportLinkedAt: string | null }[];
}

export interface SubjectAccessEvent {
  id: number;
  occurredAt: string;
  action: string;
  label: string;
  actor: string;
  role: string | null;
  object: string | null;
  place: string | null;
  details: string[];
  /** How many cases the list or export that showed this one showed in all (0: not a list or an export). */
  casesShown: number;
}

/**
 * Every table that holds data of a case, and where the bundle puts it. A
 * test compares it with the database: a new table with a `case_id` column
 * (or a foreign key into one of these) fails it until it is added here and
 * to the bundle. Left out on purpose (ADR 0025): the consent links'
 * credentials (`token_id`, `secret_hash`) and the network addresses of the
 * workers in the access log.
 */
export const SUBJECT_ACCESS_COVERAGE = {
  cases: "case",
  submissions: "submissions",
  submission_revisions: "submissions[].revisions",
  consent_requests: "consentRequests",
  paper_consents: "paperConsents",
  consent_exceptions: "consentExceptions",
  court_orders: "courtOrders",
  court_order_deadlines: "courtOrders[].deadlines",
  audit_events: "accessLog",
  audit_event_cases: "accessLog[].casesShown",
  legal_holds: "legalHolds",
  case_deletions: "deletionProposals",
  case_tombstones: "nowhere: a tombstone exists only once the case is deleted, when no copy can be made",
} as const satisfies Record<string, string>;

/**
 * The subject-access bundle of a case, for a coordinator whose report scope
 * (coordinators of the case's service and comune) covers it; undefined
 * otherwise (404). Records `case.subject_access.exported` first, so the
 * copy's own making is in its access log.
 */
export async function readSubjectAccess(
  db: Kysely<Database>,
  caller: { scope: Scope; audit: AuditContext; name: string },
  caseId: number,
  format: "pdf" | "json",
  now = new Date(),
): Promise<SubjectAccessBundle | undefined> {
  const found = await findReportCase(db, caller.scope, caseId);
  if (!found) return undefined;
  await recordReportEvent(db, caller.audit, "case.subject_access.exported", found, { format });
  const [record, submissions, requests, evidence, papers, exceptions, orders, retention, accesses] = await Promise.all([
    caseRecord(db, found),
    caseSubmissions(db, found.id),
    listCaseConsentRequests(db, caller.scope, found.id, now),
    consentEvidence(db, found.id),
    listPaperConsents(db, caller.scope, found.id),
    listConsentExceptions(db, found.id),
    listCourtOrders(db, caller.scope, found.id),
    readCaseRetentionHistory(db, found.id),
    listAllCaseAccesses(db, found),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    format: "schedario/subject-access",
    formatVersion: 1,
    generatedAt: now.toISOString(),
    generatedBy: { name: caller.name },
    controller: "Ambito Territoriale di Seregno · Servizi associati per la tutela dei minori",
    case: record,
    submissions,
    consentRequests: requests.reverse().map((r) => {
      const more = evidence.get(r.id);
      return {
        id: r.id,
        form: { slug: r.form, title: r.formTitle, version: r.formVersion },
        recipient: { ...r.recipient, relationshipLabel: r.recipient.relationship ? relationshipLabel(r.recipient.relationship) : null },
        status: r.status,
        statusLabel: STATUS_WORDS[r.status],
        createdAt: r.createdAt.toISOString(),
        createdBy: r.createdBy,
        expiresAt: r.expiresAt.toISOString(),
        revokedAt: iso(r.revokedAt),
        revokedBy: more?.revokedBy ?? null,
        replacesId: r.replacesId,
        purposes: r.purposes,
        answer: r.answer && {
          submissionId: r.answer.submissionId,
          answeredAt: r.answer.answeredAt.toISOString(),
          language: r.answer.language,
          languageName: languageInfo(r.answer.language).italianName,
          textHash: r.answer.textHash,
          translationHash: r.answer.translationHash,
          clientAddress: more?.ip ?? null,
          userAgent: more?.userAgent ?? null,
          purposes: r.answer.purposes,
        },
      };
    }),
    paperConsents: papers.reverse().map((p) => ({
      id: p.id,
      form: { slug: p.form, title: p.formTitle, version: p.formVersion },
      signerName: p.signerName,
      relationship: p.relationship,
      relationshipLabel: relationshipLabel(p.relationship),
      signedOn: p.signedOn,
      answers: p.answers,
      witness: p.witness,
      note: p.note,
      recordedBy: p.recordedBy,
      recordedAt: p.recordedAt.toISOString(),
    })),
    consentExceptions: exceptions.map((e) => ({
      id: e.id,
      kind: e.kind,
      kindLabel: EXCEPTION_KINDS[e.kind] ?? e.kind,
      note: e.note,
      recordedBy: e.recordedBy,
      recordedAt: e.recordedAt.toISOString(),
    })),
    courtOrders: await withLinkTimes(db, orders),
    legalHolds: retention.legalHolds.map((h) => ({ ...h, setAt: h.setAt.toISOString(), releasedAt: iso(h.releasedAt) })),
    deletionProposals: retention.deletionProposals.map((d) => ({
      ...d,
      statusLabel: DELETION_STATUS_LABELS[d.status],
      proposedAt: d.proposedAt.toISOString(),
      decidedAt: iso(d.decidedAt),
    })),
    accessLog: accesses.reverse().map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt,
      action: e.action,
      label: e.label,
      actor: e.actor,
      role: e.role,
      object: e.object,
      place: e.place,
      details: e.details,
      casesShown: e.shownCases,
    })),
    coverage: Object.entries(SUBJECT_ACCESS_COVERAGE).map(([table, where]) => ({ table, where })),
  };
}

async function caseRecord(db: Kysely<Database>, found: ReportCase): Promise<SubjectAccessBundle["case"]> {
  const row = await db
    .selectFrom("cases as c")
    .innerJoin("users as u", "u.id", "c.created_by")
    .select(["c.minor_ref", "c.opened_at", "c.closed_at", "u.display_name"])
    .where("c.id", "=", found.id)
    .executeTakeFirstOrThrow();
  return {
    id: found.id,
    code: found.code,
    minorRef: row.minor_ref,
    service: { code: found.serviceCode, name: found.service },
    comune: found.comuneCode ? { code: found.comuneCode, name: found.comune ?? found.comuneCode } : null,
    openedAt: row.opened_at.toISOString(),
    openedBy: row.display_name,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
  };
}

/** Every submission of the case with every revision, each read through the form version it is pinned to. */
async function caseSubmissions(db: Kysely<Database>, caseId: number): Promise<SubjectSubmission[]> {
  const submissions = await db
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("users as u", "u.id", "s.created_by")
    .select([
      "s.id",
      "f.slug",
      "f.title",
      "f.kind",
      "v.version",
      "v.schema",
      "s.status",
      "s.created_at",
      "s.updated_at",
      "s.consent_request_id",
      "u.display_name",
    ])
    .where("s.case_id", "=", caseId)
    .orderBy("s.id")
    .execute();
  if (!submissions.length) return [];
  const revisions = await db
    .selectFrom("submission_revisions as r")
    .leftJoin("users as u", "u.id", "r.author_id")
    .select(["r.submission_id", "r.revision", "r.status", "r.data", "r.reason", "r.consent_request_id", "u.display_name", "r.created_at"])
    .where(
      "r.submission_id",
      "in",
      submissions.map((s) => s.id),
    )
    .orderBy("r.submission_id")
    .orderBy("r.revision")
    .execute();
  const family = (requestId: number | null) => `La famiglia, con il link della richiesta di consenso n. ${requestId}`;
  return submissions.map((s) => {
    const computed = new Set(findComputedFields(s.schema).map((f) => f.pointer));
    return {
      id: s.id,
      form: { slug: s.slug, title: s.title, kind: s.kind, version: s.version! },
      status: s.status,
      statusLabel: SUBMISSION_STATUS_LABELS[s.status],
      createdAt: s.created_at.toISOString(),
      updatedAt: s.updated_at.toISOString(),
      createdBy: s.display_name ?? family(s.consent_request_id),
      consentRequestId: s.consent_request_id,
      revisions: revisions
        .filter((r) => r.submission_id === s.id)
        .map((r) => ({
          revision: r.revision,
          status: r.status,
          statusLabel: SUBMISSION_STATUS_LABELS[r.status],
          createdAt: r.created_at.toISOString(),
          author: r.display_name ?? family(r.consent_request_id),
          reason: r.reason,
          data: r.data,
          fields: readableFields(s.schema, r.data).map((f) => ({ ...f, computed: computed.has(f.pointer) })),
        })),
    };
  });
}

/** What the consent requests hold besides what workers see: the answer's network evidence and who revoked a link. */
async function consentEvidence(db: Kysely<Database>, caseId: number) {
  const rows = await db
    .selectFrom("consent_requests as r")
    .leftJoin("users as u", "u.id", "r.revoked_by")
    .select(["r.id", "r.answered_ip", "r.answered_user_agent", "u.display_name"])
    .where("r.case_id", "=", caseId)
    .execute();
  return new Map(rows.map((r) => [r.id, { ip: r.answered_ip, userAgent: r.answered_user_agent, revokedBy: r.display_name }]));
}

/** The court orders with their labels and, for each deadline, when its relazione was linked. */
async function withLinkTimes(db: Kysely<Database>, orders: Awaited<ReturnType<typeof listCourtOrders>>): Promise<SubjectCourtOrder[]> {
  const ids = orders.flatMap((o) => o.deadlines.map((d) => d.id));
  const linked = ids.length
    ? await db
        .selectFrom("court_order_deadlines")
        .select(["id", "report_linked_at"])
        .where("id", "in", ids)
        .execute()
    : [];
  const linkedAt = new Map(linked.map((d) => [d.id, d.report_linked_at ? new Date(d.report_linked_at).toISOString() : null]));
  return orders.map((o) => ({
    id: o.id,
    authority: o.authority,
    authorityLabel: courtLabel(COURT_AUTHORITIES, o.authority),
    docketNumber: o.docketNumber,
    issuedOn: o.issuedOn,
    orderType: o.orderType,
    orderTypeLabel: courtLabel(COURT_ORDER_TYPES, o.orderType),
    duties: o.duties,
    createdAt: o.createdAt.toISOString(),
    createdBy: o.createdBy,
    deadlines: o.deadlines.map((d) => ({ id: d.id, dueOn: d.dueOn, reportSubmissionId: d.report?.id ?? null, reportLinkedAt: linkedAt.get(d.id) ?? null })),
  }));
}
