import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { auditContext, pageError, requirePageScope, type CurrentUser } from "~/auth/guard.server";
import { scopeCovers, scopeFor, type Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { SubmissionPageData } from "~/components/submission-header";
import { getDb } from "~/db/instance.server";
import type { Database } from "~/db/schema";
import { findForm, findFormVersion } from "~/forms/versions/registry.server";
import type { ConflictTheirs } from "~/components/conflict-panel";
import { answeringSchemaFormErrors } from "~/http/page-errors.server";
import { ConflictError, type FieldError } from "~/lib/errors";
import { parseIdParam } from "~/lib/id-param";
import { editorVersion, findNewerVersion, readPostedSubmission } from "./fill-form.server";
import { findSubmission, updateSubmission } from "~/submissions/submissions.server";

/**
 * The scheda of a page, read through the domain (scoped, audited as
 * `submission.read`), with its own pinned version's schema. Unknown and out
 * of scope are the same 404; a role that reads no case data is a 403.
 */
export async function loadSubmissionPage(
  request: Request,
  context: AppLoadContext,
  idParam: string | undefined
): Promise<{ user: CurrentUser; page: SubmissionPageData }> {
  const { user, scope } = await requirePageScope(request, "case.read");
  const id = parseIdParam(idParam);
  // Anything but a numeric id is a 404 page, never a database error.
  if (id === undefined) throw pageError(404);
  const db = getDb();
  const caller = { scope, audit: auditContext(user, request, context) };
  const submission = await db.transaction().execute((trx) => findSubmission(trx, caller, id));
  if (!submission) throw pageError(404);
  const [form, version] = await Promise.all([findForm(db, submission.form), findFormVersion(db, submission.form, submission.formVersion)]);
  // A pinned version is never deleted; its absence is a broken database, not a 404.
  if (!form || !version) throw new Error(`scheda ${id}: versione ${submission.form}@${submission.formVersion} mancante`);
  return {
    user,
    page: {
      submission: {
        ...submission,
        createdAt: submission.createdAt.toISOString(),
        updatedAt: submission.updatedAt.toISOString(),
        caseId: await findCaseIdOf(db, scope, id),
      },
      version: await editorVersion(db, form, version),
      canWrite: scopeCovers(scopeFor(user.memberships, "case.write"), { service: submission.service, comune: submission.comune }),
      newerVersion: await findNewerVersion(db, submission.form, submission.formVersion),
    },
  };
}

/** The id of a submission's case (for the link to its page), within scope. */
async function findCaseIdOf(db: Kysely<Database>, scope: Scope, submissionId: number): Promise<number | null> {
  const row = await db
    .selectFrom("submissions")
    .select("case_id")
    .where("id", "=", submissionId)
    .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
    .executeTakeFirst();
  return row?.case_id ?? null;
}

/** What a form page shows after a post without JavaScript that saved nothing. */
export type PostedPageResult = { data: Record<string, unknown>; errors: FieldError[]; conflict?: ConflictTheirs; reason?: string | null };

/**
 * Saves a post of /schede/:id (a draft: "Salva bozza" or "Invia") or of
 * /schede/:id/rettifica (an amendment with its reason) made without
 * JavaScript. Row buttons and errors come back with the posted data; a
 * revision that is no longer the current one is a conflict: nothing is
 * written, and the page shows the stored version beside the posted one.
 */
export async function savePostedSubmission(
  request: Request,
  context: AppLoadContext,
  idParam: string | undefined,
  mode: "draft" | "amend"
): Promise<Response | PostedPageResult> {
  const { user, page } = await loadSubmissionPage(request, context, idParam);
  if (!page.canWrite) throw pageError(canWriteSomewhere(user) ? 404 : 403);
  const posted = await readPostedSubmission(request, page.version.schema);
  const reason = mode === "amend" ? posted.reason : null;
  if (posted.errors.length || posted.rowAction) return { data: posted.data, errors: posted.errors, reason };
  const id = page.submission.id;
  const caller = { scope: scopeFor(user.memberships, "case.write"), userId: user.id, audit: auditContext(user, request, context) };
  const input = { data: posted.data, status: mode === "amend" ? ("submitted" as const) : posted.status, revision: posted.revision ?? 0, reason };
  try {
    const saved = await answeringSchemaFormErrors(posted.data, () =>
      getDb()
        .transaction()
        .execute((trx) => updateSubmission(trx, caller, id, input))
    );
    if ("errors" in saved) return { ...saved, reason };
    return redirect(`/schede/${id}?salvata=${mode === "amend" ? "rettificata" : saved.status === "submitted" ? "inviata" : "bozza"}`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const current = page.submission;
    // The page loaded before the other save: `current` is what loadSubmissionPage just read, i.e. the stored head.
    return {
      data: posted.data,
      errors: [],
      reason,
      conflict: { revision: current.revision, status: current.status, data: current.data, updatedAt: current.updatedAt },
    };
  }
}

function canWriteSomewhere(user: CurrentUser): boolean {
  return scopeFor(user.memberships, "case.write").grants.length > 0;
}
