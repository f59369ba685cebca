import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { submissionIdParam } from "~/http/submission-errors.server";
import { listSubmissionHistory } from "~/submissions/submissions.server";

/** GET /api/v1/submissions/:id/history: every revision, oldest first, with author and reason. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.read");
  const id = submissionIdParam(params.id);
  const caller = { scope, audit: auditContext(user, request, context) };
  const history = await getDb().transaction().execute((trx) => listSubmissionHistory(trx, caller, id));
  if (!history) throw apiError(404, NOT_FOUND_MESSAGE);
  return Response.json({ id, form: history.submission.form, formVersion: history.submission.formVersion, revisions: history.revisions });
}
