import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { readJsonObject, requireMethod } from "~/http/api-request.server";
import { answeringApiErrors, apiIdParam } from "~/http/api-errors.server";
import { parseUpdateSubmissionBody } from "~/submissions/api-input";
import { findSubmission, updateSubmission } from "~/submissions/submissions.server";

/** GET /api/v1/submissions/:id: the submission with its latest data; unknown or out of scope is a 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.read");
  const id = apiIdParam(params.id);
  const caller = { scope, audit: auditContext(user, request, context) };
  const submission = await getDb().transaction().execute((trx) => findSubmission(trx, caller, id));
  if (!submission) throw apiError(404, NOT_FOUND_MESSAGE);
  return Response.json(submission);
}

/**
 * PUT /api/v1/submissions/:id `{"data","status","revision","reason"?}`: a new
 * revision; 409 when `revision` is not the current one (nothing written).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.write");
  requireMethod(request, "PUT");
  const id = apiIdParam(params.id);
  const submission = await answeringApiErrors(async () => {
    const input = parseUpdateSubmissionBody(await readJsonObject(request));
    const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
    return getDb().transaction().execute((trx) => updateSubmission(trx, caller, id, input));
  });
  return Response.json(submission);
}
