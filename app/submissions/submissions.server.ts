import { sql, type Kysely } from "kysely";
import { ConflictError, InvalidInputError, MalformedRequestError, NotFoundError } from "~/lib/errors";
import { auditEventRow, recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { scopeCovers, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { toJsonb } from "~/db/db.server";
import { decodeKeysetCursor, encodeKeysetCursor } from "~/db/keyset-cursor";
import type { Database, StoredSubmissionStatus } from "~/db/schema";
export type { Submission, SubmissionSummary };
import { applyComputedValues, findComputedFields } from "~/forms/schema/computed";
import type { FieldError } from "~/lib/errors";
import { findOfferedForm } from "~/forms/versions/offered-forms.server";
import { listFormVersions, versionSchema } from "~/forms/versions/registry.server";
import { formVersionSchemaId, validateFormData } from "~/forms/validation/validators.server";
import type { CreateSubmissionInput, SubmissionFilters, SubmissionStatus, UpdateSubmissionInput } from "./api-input";
import { submissionDataProblem } from "./data-bounds";
import { listFieldsOf, listRowValues, type ListColumn } from "./list-columns";
import { caseIdsOfSubmissions, summaryQuery, toSummary, whereSubmissionFilters, withLatestData, type Submission, type SubmissionSummary } from "./submission-query.server";

/** One immutable save of a submission. */
export interface SubmissionRevision {
  revision: number;
  status: StoredSubmissionStatus;
  data: Record<string, unknown>;
  reason: string | null;
  /** The worker; id null for a family answering a consent request (displayName then says which). */
  author: { id: number | null; displayName: string };
  createdAt: Date;
}

/**
 * Who is acting: their scope for the action (case.write to change, case.read
 * to read), their user id (the author of revisions) and the audit context.
 */
export interface SubmissionCaller {
  scope: Scope;
  userId: number;
  audit: AuditContext;
}

/**
 * Creates a submission pinned to the version the worker saw (`formVersion`,
 * a published or retired one) or else to the form's latest published version,
 * with revision 1 and a `submission.created` audit event.
 * Outside the caller's write scope (or an unknown form) → NotFoundError;
 * an unknown `formVersion` or a submitted payload that does not validate → InvalidInputError.
 * Two round trips (issue 16): one query checks the form, the version, the
 * service, the comune and the case; one statement writes the submission, its
 * revision and its audit event, so they commit together without a transaction
 * of their own (a caller may still pass one).
 */
export async function createSubmission(
  db: Kysely<Database>,
  caller: SubmissionCaller,
  slug: string,
  input: CreateSubmissionInput
): Promise<Submission> {
  const target = scopeCovers(caller.scope, { service: input.service, comune: input.comune }) ? await findCreateTarget(db, caller.scope, slug, input) : undefined;
  if (!target?.has_published) {
    throw new NotFoundError(`modulo "${slug}" o servizio "${input.service}" fuori portata`);
  }
  // Never re-pinned to another shape: the version on the worker's screen, or an error.
  const { version_id: versionId, version, content_hash: contentHash } = target;
  if (versionId === null || version === null || contentHash === null) {
    throw new InvalidInputError([
      { path: "/formVersion", message: `versione del modulo: la versione ${input.formVersion} non esiste; ricarica la pagina per compilare la versione in vigore` },
    ]);
  }
  const problems: FieldError[] = [];
  if (target.kind === "consent") {
    // A family's consent is its own act: through its link, or on paper recorded from the case (issue 15).
    problems.push({ path: "/form", message: "modulo: un consenso della famiglia non si compila come scheda; inviare un collegamento o registrare il consenso su carta dalla cartella" });
  }
  if (!target.offered) {
    problems.push({ path: "/service", message: `servizio: il modulo non è offerto al servizio "${input.service}"` });
  }
  if (!target.comune_known) {
    problems.push({ path: "/comune", message: `comune: "${input.comune}" non esiste` });
  }
  if (input.caseCode && target.case_id === null) {
    problems.push({ path: "/case", message: `cartella: "${input.caseCode}" non esiste in questo servizio e comune` });
  }
  if (problems.length) throw new InvalidInputError(problems);
  const schema = await versionSchema(db, { id: versionId, contentHash });
  const data = applyComputedValues(findComputedFields(schema), input.data);
  if (input.status === "submitted") assertValid({ slug, version, schema }, data);

  const json = revisionJson(data);
  const created = await db
    .with("s", (q) =>
      q
        .insertInto("submissions")
        .values({
          form_version_id: versionId,
          service_code: input.service,
          comune_code: input.comune,
          case_id: target.case_id,
          status: input.status,
          revision: 1,
          created_by: caller.userId,
        })
        .returning(["id", "created_at", "updated_at"])
    )
    .with("r", (q) =>
      q
        .insertInto("submission_revisions")
        .values((eb) => ({ submission_id: eb.selectFrom("s").select("s.id"), revision: 1, status: input.status, data: json, reason: null, author_id: caller.userId }))
        .returning("submission_id")
    )
    .with("a", (q) =>
      q
        .insertInto("audit_events")
        .values((eb) => ({
          ...auditEventRow({
            ...caller.audit,
            action: "submission.created",
            service: input.service,
            comune: input.comune,
            details: { form: slug, formVersion: version, revision: 1, status: input.status },
          }),
          target_type: "submission",
          target_id: eb.selectFrom("s").select(sql<string>`s.id::text`.as("id")),
        }))
        .returning("id")
    )
    .selectFrom("s")
    .select(["s.id", "s.created_at", "s.updated_at"])
    .executeTakeFirstOrThrow();
  return {
    id: created.id,
    form: slug,
    formVersion: version,
    revision: 1,
    status: input.status,
    service: input.service,
    comune: input.comune,
    case: target.case_code,
    createdAt: created.created_at,
    updatedAt: created.updated_at,
    data,
  };
}

/**
 * What a create checks, in one query: the form's kind, whether it has a
 * published version, the version to pin (the requested one or the latest
 * published; null columns when there is none), whether the form is offered
 * to the service, whether the comune exists and the case in scope (nulls
 * when none). Undefined when the form does not exist.
 */
function findCreateTarget(db: Kysely<Database>, scope: Scope, slug: string, input: CreateSubmissionInput) {
  const { comune, caseCode, formVersion } = input;
  return db
    .selectFrom("forms as f")
    .leftJoinLateral(
      (eb) => {
        const versions = eb.selectFrom("form_versions as v").select(["v.id", "v.version", "v.content_hash"]).whereRef("v.form_id", "=", "f.id");
        return (formVersion === undefined ? versions.where("v.status", "=", "published").orderBy("v.version", "desc").limit(1) : versions.where("v.version", "=", formVersion)).as("pinned");
      },
      (join) => join.onTrue()
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("cases")
          .select(["cases.id", "cases.code"])
          .where("cases.service_code", "=", input.service)
          .where("cases.code", "=", caseCode ?? "")
          .where(sql<boolean>`cases.comune_code is not distinct from ${comune}`)
          .where((cases) => inScope(cases, scope, { service: "cases.service_code", comune: "cases.comune_code" }))
          .as("c"),
      (join) => join.on(sql.lit(Boolean(caseCode)))
    )
    .select((eb) => [
      "f.kind",
      "pinned.id as version_id",
      "pinned.version",
      "pinned.content_hash",
      "c.id as case_id",
      "c.code as case_code",
      eb.exists(eb.selectFrom("form_versions as p").select("p.id").whereRef("p.form_id", "=", "f.id").where("p.status", "=", "published")).as("has_published"),
      eb.exists(eb.selectFrom("form_services as fs").select("fs.form_id").whereRef("fs.form_id", "=", "f.id").where("fs.service_code", "=", input.service)).as("offered"),
      !comune ? sql<boolean>`true`.as("comune_known") : eb.exists(eb.selectFrom("comuni").select("comuni.code").where("comuni.code", "=", comune)).as("comune_known"),
    ])
    .where("f.slug", "=", slug)
    .executeTakeFirst();
}

/**
 * The submission with this id when the scope covers it (undefined otherwise:
 * unknown and out of scope look the same), recording a `submission.read`
 * audit event. Pass the transaction that returns it to the caller.
 */
export async function findSubmission(
  db: Kysely<Database>,
  caller: Omit<SubmissionCaller, "userId">,
  id: number
): Promise<Submission | undefined> {
  const submission = await selectSubmission(db, caller.scope, id);
  if (submission) await recordRead(db, caller.audit, submission, "submission");
  return submission;
}

/**
 * An amendment without a reason. One plain sentence for the page (shown beside
 * the reason field and in the summary) and the API alike: API clients have
 * the pointer `/reason` to act on; a worker needs to know what to write (issue 13).
 */
export const AMEND_REASON_REQUIRED = "Scrivi il motivo della rettifica (per esempio: errore di battitura nella data).";

/**
 * Saves a new revision of a submission. `expected` is the revision the caller
 * started from: if someone saved since, ConflictError and nothing is
 * written. A submitted one stays submitted (an amendment, `reason` required),
 * and a submitted payload must validate against the pinned version. Pass a
 * transaction: the row is locked until it commits.
 */
export async function updateSubmission(
  trx: Kysely<Database>,
  caller: SubmissionCaller,
  id: number,
  input: UpdateSubmissionInput
): Promise<Submission> {
  // FOR UPDATE: two concurrent saves of the same revision queue here, and the
  // second one sees the first one's revision number and gets its 409.
  const current = await trx
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select(["s.id", "s.status", "s.revision", "s.service_code", "s.comune_code", "s.consent_request_id", "v.version", "v.schema", "f.slug"])
    .where("s.id", "=", id)
    .where((eb) => inScope(eb, caller.scope, { service: "s.service_code", comune: "s.comune_code" }))
    .forUpdate("s")
    .executeTakeFirst();
  if (!current) throw new NotFoundError(`scheda ${id} fuori portata`);
  if (current.revision !== input.revision) throw new ConflictError(`La scheda è stata salvata da qualcun altro nel frattempo (revisione attuale ${current.revision}): nulla è stato sovrascritto.`, current.revision);
  // What a family signed through a consent link is theirs: only they can withdraw it (ADR 0010).
  if (current.consent_request_id !== null) {
    throw new InvalidInputError([{ path: "", message: "un consenso firmato dalla famiglia non può essere modificato dagli operatori" }]);
  }

  const amendment = current.status === "submitted";
  if (amendment && input.status === "draft") {
    throw new InvalidInputError([{ path: "/status", message: "stato: una scheda inviata non può tornare bozza" }]);
  }
  if (amendment && !input.reason) {
    throw new InvalidInputError([{ path: "/reason", message: AMEND_REASON_REQUIRED }]);
  }
  // Computed fields (ADR 0013) are worked out here at every save, whatever the client sent for them.
  const data = applyComputedValues(findComputedFields(current.schema), input.data);
  if (input.status === "submitted") assertValid({ slug: current.slug, version: current.version!, schema: current.schema }, data);

  const revision = current.revision + 1;
  await insertRevision(trx, id, { revision, status: input.status, data, reason: input.reason, authorId: caller.userId });
  await trx
    .updateTable("submissions")
    .set({ status: input.status, revision, updated_at: sql`now()` })
    .where("id", "=", id)
    .execute();
  await recordSubmissionEvent(trx, caller.audit, "submission.updated", { id, service: current.service_code, comune: current.comune_code }, {
    revision,
    status: input.status,
    amendment,
  });
  return (await selectSubmission(trx, caller.scope, id))!;
}

/** A page of a history, in either order; `after` (exclusive) continues after that revision number. */
export interface HistoryPage {
  order: "oldest-first" | "newest-first";
  after?: number;
  limit: number;
}

/**
 * A page of the revisions of a submission in scope (undefined when it is
 * unknown or out of scope), recording a `submission.read` audit event. Always
 * bounded: a history may hold hundreds of revisions of up to 512 KiB each
 * (SUBMISSION_DATA_LIMITS), so nobody reads it whole. Ask for one more than a
 * page to learn whether another follows.
 */
export async function listSubmissionHistory(
  db: Kysely<Database>,
  caller: Omit<SubmissionCaller, "userId">,
  id: number,
  page: HistoryPage
): Promise<{ submission: Submission; revisions: SubmissionRevision[] } | undefined> {
  const submission = await selectSubmission(db, caller.scope, id);
  if (!submission) return undefined;
  const newestFirst = page.order === "newest-first";
  let query = revisionsQuery(db, id).orderBy("r.revision", newestFirst ? "desc" : "asc").limit(page.limit);
  if (page.after !== undefined) query = query.where("r.revision", newestFirst ? "<" : ">", page.after);
  const revisions = (await query.execute()).map(toRevision);
  await recordRead(db, caller.audit, submission, "history");
  return { submission, revisions };
}

/**
 * Chosen revisions (by number, oldest first) of a submission the caller has
 * just read through listSubmissionHistory or findSubmission in the same
 * transaction: that read checked the scope and was audited.
 */
export async function listRevisionsOf(db: Kysely<Database>, submission: Submission, revisions: number[]): Promise<SubmissionRevision[]> {
  if (!revisions.length) return [];
  const rows = await revisionsQuery(db, submission.id).where("r.revision", "in", revisions).orderBy("r.revision").execute();
  return rows.map(toRevision);
}

function revisionsQuery(db: Kysely<Database>, submissionId: number) {
  return db
    .selectFrom("submission_revisions as r")
    .leftJoin("users as u", "u.id", "r.author_id")
    .select(["r.revision", "r.status", "r.data", "r.reason", "r.author_id", "r.consent_request_id", "u.display_name", "r.created_at"])
    .where("r.submission_id", "=", submissionId);
}

function toRevision(r: {
  revision: number;
  status: StoredSubmissionStatus;
  data: Record<string, unknown>;
  reason: string | null;
  author_id: number | null;
  consent_request_id: number | null;
  display_name: string | null;
  created_at: Date;
}): SubmissionRevision {
  return {
    revision: r.revision,
    status: r.status,
    data: r.data,
    reason: r.reason,
    author: { id: r.author_id, displayName: r.display_name ?? `Famiglia (richiesta di consenso ${r.consent_request_id})` },
    createdAt: r.created_at,
  };
}

/** Page size of listSubmissions when the caller does not choose. */
export const SUBMISSION_PAGE_SIZE = 50;

/**
 * A page of submissions in scope matching the filters, newest first, keyset
 * paginated by id (stable while rows are added: a new submission never shifts
 * the next page). `cursor` is the opaque `nextCursor` of the previous page.
 * Records one `submission.listed` audit event with the filters and the count.
 */
export async function listSubmissions(
  db: Kysely<Database>,
  caller: Omit<SubmissionCaller, "userId">,
  filters: SubmissionFilters,
  page: { cursor?: string; limit?: number } = {}
): Promise<{ submissions: SubmissionSummary[]; nextCursor: string | null }> {
  const limit = page.limit ?? SUBMISSION_PAGE_SIZE;
  const rows = await pageQuery(db, caller.scope, filters, page.cursor).limit(limit + 1).execute();
  const submissions = rows.slice(0, limit).map(toSummary);
  await recordListed(db, caller.audit, filters, page, submissions);
  return { submissions, nextCursor: nextCursorOf(rows, limit) };
}

/**
 * Like listSubmissions, and when the filters name one form offered to the
 * caller, each submission also brings the first few fields of its latest
 * revision (`fields`, one text per column) in the shape of the form's newest
 * version, through the declared mappings (ADR 0012): old and new submissions
 * side by side. The data is read in the same scoped query as the page, and the
 * `submission.listed` event names the columns shown (pointers and titles, never values).
 */
export async function listSubmissionsWithFields(
  db: Kysely<Database>,
  caller: Omit<SubmissionCaller, "userId">,
  filters: SubmissionFilters,
  page: { cursor?: string; limit?: number } = {}
): Promise<{ columns: ListColumn[]; submissions: (SubmissionSummary & { fields: string[] })[]; nextCursor: string | null }> {
  // The form's fields are shown only to those it is offered to, as the export and the forms API do.
  const form = filters.form ? await findOfferedForm(db, caller.scope, filters.form) : undefined;
  const fields = form && listFieldsOf(await listFormVersions(db, form.slug));
  if (!fields) {
    const { submissions, nextCursor } = await listSubmissions(db, caller, filters, page);
    return { columns: [], submissions: submissions.map((s) => ({ ...s, fields: [] })), nextCursor };
  }
  const limit = page.limit ?? SUBMISSION_PAGE_SIZE;
  const rows = await withLatestData(pageQuery(db, caller.scope, filters, page.cursor)).limit(limit + 1).execute();
  const submissions = rows.slice(0, limit).map((r) => {
    const summary = toSummary(r);
    return { ...summary, fields: listRowValues(fields, { formVersion: summary.formVersion, data: r.data }) };
  });
  await recordListed(db, caller.audit, filters, page, submissions, fields.columns);
  return { columns: fields.columns, submissions, nextCursor: nextCursorOf(rows, limit) };
}

/** The filtered submissions in scope before `cursor`, newest first; add a limit. */
function pageQuery(db: Kysely<Database>, scope: Scope, filters: SubmissionFilters, cursor: string | undefined) {
  const query = whereSubmissionFilters(summaryQuery(db, scope), filters);
  return (cursor ? query.where("s.id", "<", decodeCursor(cursor)) : query).orderBy("s.id", "desc");
}

/** The cursor of the page after one read with `limit + 1` rows, or null when there is none. */
function nextCursorOf(rows: { id: number }[], limit: number): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeKeysetCursor(last.id) : null;
}

/**
 * One `submission.listed` event: the filters, the page, how many rows and
 * which data columns (not values) were shown, and the cases they belong to
 * (each case's access report lists the view).
 */
async function recordListed(
  db: Kysely<Database>,
  audit: AuditContext,
  filters: SubmissionFilters,
  page: { cursor?: string },
  shown: readonly { id: number }[],
  fields?: ListColumn[]
): Promise<void> {
  await recordAuditEvent(db, {
    ...audit,
    action: "submission.listed",
    details: { filters: { ...filters }, cursor: page.cursor ?? null, count: shown.length, ...(fields ? { fields } : {}) },
    caseIds: await caseIdsOfSubmissions(db, shown.map((s) => s.id)),
  });
}

function decodeCursor(cursor: string): number {
  const before = decodeKeysetCursor(cursor);
  if (before !== undefined) return before;
  throw new MalformedRequestError([{ path: "/cursor", message: "cursore non valido: usare nextCursor della pagina precedente" }]);
}

function assertValid(version: { slug: string; version: number; schema: Record<string, unknown> }, data: unknown): void {
  const result = validateFormData({ schemaId: formVersionSchemaId(version.slug, version.version), schema: version.schema }, data);
  if (!result.valid) throw new InvalidInputError(result.errors);
}

async function insertRevision(
  trx: Kysely<Database>,
  submissionId: number,
  r: { revision: number; status: SubmissionStatus; data: Record<string, unknown>; reason: string | null; authorId: number }
): Promise<void> {
  await trx
    .insertInto("submission_revisions")
    .values({ submission_id: submissionId, revision: r.revision, status: r.status, data: revisionJson(r.data), reason: r.reason, author_id: r.authorId })
    .execute();
}

/**
 * The JSON of a revision's data, once it is within the bounds of what a
 * submission may hold: every revision is written through here.
 */
function revisionJson(data: Record<string, unknown>): string {
  const json = toJsonb(data);
  const problem = submissionDataProblem(data, json);
  if (problem) throw new InvalidInputError([problem]);
  return json;
}

function recordRead(db: Kysely<Database>, audit: AuditContext, s: SubmissionSummary, view: "submission" | "history") {
  return recordSubmissionEvent(db, audit, "submission.read", s, { view, revision: s.revision });
}

/** One audit event about one submission, filed under its service and comune. */
function recordSubmissionEvent(
  db: Kysely<Database>,
  audit: AuditContext,
  action: "submission.created" | "submission.read" | "submission.updated",
  s: { id: number; service: string; comune: string | null },
  details: Record<string, unknown>
): Promise<void> {
  return recordAuditEvent(db, { ...audit, action, target: { type: "submission", id: s.id }, service: s.service, comune: s.comune, details });
}

async function selectSubmission(db: Kysely<Database>, scope: Scope, id: number): Promise<Submission | undefined> {
  const row = await withLatestData(summaryQuery(db, scope)).where("s.id", "=", id).executeTakeFirst();
  return row && { ...toSummary(row), data: row.data };
}
