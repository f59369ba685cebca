import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import { auditEventRow, recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { throwIfAny, type FieldMessages } from "~/lib/errors";
import { scopeCovers, type Scope } from "~/auth/policy";
import { inScope, scopeKey } from "~/auth/scoped-query.server";
import { preparedStatement } from "~/db/prepared.server";
import { comuneExists } from "~/organisation/organisation.server";
import { decodeKeysetCursor, encodeKeysetCursor } from "~/db/keyset-cursor";
import type { Database, StoredSubmissionStatus } from "~/db/schema";
import { parseCaseInput } from "./case-input";
import { timePointFields, type CasePath } from "./case-paths";
import { submissionsWithLatestRevision } from "~/submissions/submission-query.server";

/** A case (cartella) as lists show it. No names: a code and a pseudonym. */
export interface CaseSummary {
  id: number;
  code: string;
  minorRef: string;
  service: string;
  comune: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

/** A case with the names of its service and comune and who opened it. */
export interface CaseDetail extends CaseSummary {
  serviceName: string;
  comuneName: string | null;
  createdBy: string;
}

/** One submission of a case, with what the timeline needs to place it. */
export interface CaseSubmission {
  id: number;
  form: string;
  formTitle: string;
  formKind: string;
  status: StoredSubmissionStatus;
  /** The P.I.P.P.I. time point written in the data (T0/T1/T2), when the form has one. */
  timePoint: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is acting: their scope (case.write to change, case.read to read) and the audit context. */
export interface CaseCaller {
  scope: Scope;
  audit: AuditContext;
}

export interface CaseFilters {
  /** open (default on pages) · closed · undefined for both. */
  state?: "open" | "closed";
  service?: string;
  comune?: string;
  /** A code prefix, case-insensitive. */
  code?: string;
  /** Only cases with a report due to a court by this date (YYYY-MM-DD), overdue ones included. */
  reportDueBy?: string;
  /** Only these cases (the ones a report's figure counts); still within the scope. */
  ids?: readonly number[];
}

/** A case in a list, with the earliest report a court still waits for. */
export interface CaseListItem extends CaseDetail {
  /** The earliest due date (YYYY-MM-DD) of a court order's report with no relazione linked, or null. */
  nextReportDue: string | null;
}

/** Page size of listCases when the caller does not choose. */
export const CASE_PAGE_SIZE = 25;

/**
 * Opens a case in a service (and comune) the caller may write in, with a
 * `case.created` audit event. Problems come back as an InvalidInputError by field:
 * a malformed code or pseudonym, an unknown service or comune, a territorial
 * service without comune, a service × comune outside the caller's scope, a
 * code already used in the service. Pass a transaction.
 */
export async function createCase(
  trx: Kysely<Database>,
  caller: CaseCaller & { userId: number },
  values: Record<string, string | undefined>
): Promise<CaseSummary> {
  const { input, errors } = parseCaseInput(values);
  throwIfAny({ ...errors, ...(await referenceErrors(trx, caller.scope, input)) });

  // ON CONFLICT: a duplicate code (also one that two people type at the same
  // moment) becomes a field error, not a failed transaction.
  const row = await trx
    .insertInto("cases")
    .values({
      code: input.code,
      minor_ref: input.minorRef,
      service_code: input.service,
      comune_code: input.comune,
      created_by: caller.userId,
    })
    .onConflict((oc) => oc.columns(["service_code", "code"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  throwIfAny(row ? {} : { code: `Il codice ${input.code} è già usato da un'altra cartella di questo servizio: scegline un altro.` });
  const created = (await selectCase(trx, caller.scope, row!.id))!;
  await recordCaseEvent(trx, caller.audit, "case.created", created, { code: created.code });
  return created;
}

/** Field errors about the service and comune of a new case; empty when they exist and the scope covers them. */
async function referenceErrors(
  db: Kysely<Database>,
  scope: Scope,
  input: { service: string; comune: string | null }
): Promise<FieldMessages> {
  if (!input.service) return {};
  const errors: FieldMessages = {};
  const service = await db.selectFrom("services").select("is_territorial").where("code", "=", input.service).executeTakeFirst();
  if (!service) return { service: "Servizio sconosciuto." };
  if (input.comune && !(await comuneExists(db, input.comune))) {
    errors.comune = "Comune sconosciuto.";
  } else if (!input.comune && service.is_territorial) {
    errors.comune = "Scegli il comune: questo servizio lavora per comune.";
  } else if (!scopeCovers(scope, { service: input.service, comune: input.comune })) {
    errors.service = "Non sei abilitato ad aprire cartelle in questo servizio e comune.";
  }
  return errors;
}

/**
 * The case with this id when the scope covers it (undefined otherwise:
 * unknown and out of scope look the same), with a `case.read` audit event.
 */
export async function findCase(db: Kysely<Database>, caller: CaseCaller, id: number): Promise<CaseDetail | undefined> {
  const [row] = await caseReadById(db, caller.scope, { ...readEvent(caller), id });
  return row && toDetail(row);
}

/**
 * The case with this code in a service when the scope covers it (undefined
 * otherwise), with a `case.read` audit event.
 */
export async function findCaseByCode(db: Kysely<Database>, caller: CaseCaller, service: string, code: string): Promise<CaseDetail | undefined> {
  const [row] = await caseReadByCode(db, caller.scope, { ...readEvent(caller), service, code: code.toUpperCase() });
  return row && toDetail(row);
}

/** What a `case.read` event says about its reader: the values of the statements below. */
type ReadEvent = Pick<ReturnType<typeof auditEventRow>, "actor_user_id" | "actor_kind" | "ip" | "user_agent" | "details">;

function readEvent(caller: CaseCaller): ReadEvent {
  const { actor_user_id, actor_kind, ip, user_agent, details } = auditEventRow({ ...caller.audit, action: "case.read" });
  return { actor_user_id, actor_kind, ip, user_agent, details };
}

/**
 * The case `query` finds and its `case.read` event, in one statement (a
 * data-modifying CTE, issue 13): the event is written only when the case is
 * found, filed under its service and comune, as recordCaseEvent files it.
 */
function auditedRead(db: Kysely<Database>, query: ReturnType<typeof caseQuery>, event: ReadEvent) {
  return db
    .with("found", () => query)
    .with("event", (q) =>
      q
        .insertInto("audit_events")
        .columns(["actor_user_id", "actor_kind", "action", "target_type", "target_id", "service_code", "comune_code", "ip", "user_agent", "details"])
        .expression((eb) =>
          eb
            .selectFrom("found")
            .select([
              eb.val(event.actor_user_id).as("actor_user_id"),
              eb.val(event.actor_kind).as("actor_kind"),
              sql.lit("case.read").as("action"),
              sql.lit("case").as("target_type"),
              sql<string>`found.id::text`.as("target_id"),
              "found.service_code",
              "found.comune_code",
              eb.val(event.ip).as("ip"),
              eb.val(event.user_agent).as("user_agent"),
              eb.val(event.details).as("details"),
            ])
        )
        .returning("id")
    )
    .selectFrom("found")
    .selectAll();
}

// Read on every case page and every stage opened from it: prepared once per scope.
const caseReadById = preparedStatement(scopeKey, (db, scope: Scope, v: ReadEvent & { id: number }) =>
  auditedRead(db, caseQuery(db, scope).where("c.id", "=", v.id), v)
);
const caseReadByCode = preparedStatement(scopeKey, (db, scope: Scope, v: ReadEvent & { service: string; code: string }) =>
  auditedRead(db, caseQuery(db, scope).where("c.service_code", "=", v.service).where("c.code", "=", v.code), v)
);

/**
 * The submissions of a case, oldest first, within the same scope (a case
 * read by someone who covers it shows only submissions they also cover),
 * each with its time point read from the field the case's path names for
 * its form (case-paths.json).
 */
export async function listCaseSubmissions(db: Kysely<Database>, scope: Scope, caseId: number, path: CasePath): Promise<CaseSubmission[]> {
  const rows = await caseSubmissions(db, { scope, timePoints: [...timePointFields(path)] }, { caseId });
  return rows.map((r) => ({
    id: r.id,
    form: r.slug,
    formTitle: r.title,
    formKind: r.kind,
    status: r.status,
    timePoint: r.time_point,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The case page's timeline rows: prepared once per scope and path. */
const caseSubmissions = preparedStatement(
  ({ scope, timePoints }: { scope: Scope; timePoints: [form: string, field: string][] }) => `${scopeKey(scope)}|${timePoints.join(";")}`,
  (db, { scope, timePoints }, v: { caseId: number }) => {
    // Only the time point leaves the database, not the whole data.
    const timePoint = timePoints.length
      ? sql<string | null>`case f.slug ${sql.join(timePoints.map(([form, field]) => sql`when ${form} then r.data->>${field}`), sql` `)} end`
      : sql<string | null>`null`;
    return submissionsWithLatestRevision(db)
      .select(["s.id", "f.slug", "f.title", "f.kind", "s.status", "s.created_at", "s.updated_at", timePoint.as("time_point")])
      .where("s.case_id", "=", v.caseId)
      .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
      .orderBy("s.created_at")
      .orderBy("s.id");
  }
);

/**
 * A page of cases in scope matching the filters, newest first, keyset
 * paginated by id; an unknown cursor starts from the first page. Records one
 * `case.listed` audit event with the filters and the count.
 */
export async function listCases(
  db: Kysely<Database>,
  caller: CaseCaller,
  filters: CaseFilters,
  page: { cursor?: string; limit?: number } = {}
): Promise<{ cases: CaseListItem[]; nextCursor: string | null }> {
  const limit = page.limit ?? CASE_PAGE_SIZE;
  let query = caseQuery(db, caller.scope).orderBy("c.id", "desc").limit(limit + 1);
  const before = page.cursor ? decodeKeysetCursor(page.cursor) : undefined;
  if (before !== undefined) query = query.where("c.id", "<", before);
  if (filters.state === "open") query = query.where("c.closed_at", "is", null);
  if (filters.state === "closed") query = query.where("c.closed_at", "is not", null);
  if (filters.service) query = query.where("c.service_code", "=", filters.service);
  if (filters.comune) query = query.where("c.comune_code", "=", filters.comune);
  // The code is stored upper-case; escape LIKE's wildcards so a prefix stays a prefix.
  if (filters.code) query = query.where("c.code", "like", `${filters.code.toUpperCase().replace(/[\\%_]/g, "\\$&")}%`);
  if (filters.ids) query = filters.ids.length ? query.where("c.id", "in", filters.ids) : query.where(sql<boolean>`false`);
  if (filters.reportDueBy) {
    const dueBy = filters.reportDueBy;
    query = query.where((eb) => eb.exists(openReportDeadlines(eb).where("d.due_on", "<=", dueBy)));
  }
  const rows = await query
    .select((eb) => openReportDeadlines(eb).select(sql<string | null>`min(d.due_on)::text`.as("due")).as("next_report_due"))
    .execute();
  const cases = rows.slice(0, limit).map((r) => ({ ...toDetail(r), nextReportDue: r.next_report_due }));
  await recordAuditEvent(db, {
    ...caller.audit,
    action: "case.listed",
    details: { filters: { ...filters, ids: filters.ids ? filters.ids.length : undefined }, count: cases.length },
    caseIds: cases.map((c) => c.id),
  });
  const last = cases.at(-1);
  return { cases, nextCursor: rows.length > limit && last ? encodeKeysetCursor(last.id) : null };
}

/**
 * Closes (or reopens) a case in the caller's write scope, with a
 * `case.closed` / `case.reopened` audit event; undefined when it is unknown
 * or out of scope. Closing twice changes nothing and records nothing.
 */
export async function setCaseClosed(
  trx: Kysely<Database>,
  caller: CaseCaller,
  id: number,
  closed: boolean
): Promise<CaseDetail | undefined> {
  const current = await selectCase(trx, caller.scope, id);
  if (!current) return undefined;
  if ((current.closedAt !== null) === closed) return current;
  await trx
    .updateTable("cases")
    .set({ closed_at: closed ? sql`now()` : null })
    .where("id", "=", id)
    .execute();
  await recordCaseEvent(trx, caller.audit, closed ? "case.closed" : "case.reopened", current, {});
  return selectCase(trx, caller.scope, id);
}

/**
 * The forms a worker can start for a case of this service: published and
 * offered to it. Consent forms are left out: families fill them through a
 * consent request, never a worker on their behalf.
 */
export async function listStartableForms(db: Kysely<Database>, service: string): Promise<{ slug: string; title: string }[]> {
  return startableForms(db, undefined, { service });
}

const startableForms = preparedStatement(
  () => "",
  (db, _shape: undefined, v: { service: string }) =>
    db
      .selectFrom("forms as f")
      .innerJoin("form_services as fs", "fs.form_id", "f.id")
      .select(["f.slug", "f.title"])
      .where("fs.service_code", "=", v.service)
      .where("f.kind", "<>", "consent")
      .where((eb) => eb.exists(eb.selectFrom("form_versions as v").select("v.id").whereRef("v.form_id", "=", "f.id").where("v.status", "=", "published")))
      .orderBy("f.slug")
);

/** The report deadlines of the outer query's case `c` that no relazione answers yet. */
function openReportDeadlines(eb: ExpressionBuilder<Database & { c: Database["cases"] }, "c">) {
  return eb
    .selectFrom("court_order_deadlines as d")
    .innerJoin("court_orders as o", "o.id", "d.court_order_id")
    .whereRef("o.case_id", "=", "c.id")
    .where("d.report_submission_id", "is", null);
}

function caseQuery(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom("cases as c")
    .innerJoin("services as sv", "sv.code", "c.service_code")
    .leftJoin("comuni as cm", "cm.code", "c.comune_code")
    .innerJoin("users as u", "u.id", "c.created_by")
    .select([
      "c.id",
      "c.code",
      "c.minor_ref",
      "c.service_code",
      "sv.name as service_name",
      "c.comune_code",
      "cm.name as comune_name",
      "c.opened_at",
      "c.closed_at",
      "u.display_name",
    ])
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }));
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>["executeTakeFirstOrThrow"]>>;

function toDetail(r: CaseRow): CaseDetail {
  return {
    id: r.id,
    code: r.code,
    minorRef: r.minor_ref,
    service: r.service_code,
    serviceName: r.service_name,
    comune: r.comune_code,
    comuneName: r.comune_name,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    createdBy: r.display_name,
  };
}

async function selectCase(db: Kysely<Database>, scope: Scope, id: number): Promise<CaseDetail | undefined> {
  const row = await caseQuery(db, scope).where("c.id", "=", id).executeTakeFirst();
  return row && toDetail(row);
}

/** One audit event about one case, filed under its service and comune. */
function recordCaseEvent(
  db: Kysely<Database>,
  audit: AuditContext,
  action: "case.created" | "case.read" | "case.closed" | "case.reopened",
  c: CaseSummary,
  details: Record<string, unknown>
): Promise<void> {
  return recordAuditEvent(db, { ...audit, action, target: { type: "case", id: c.id }, service: c.service, comune: c.comune, details });
}
