import type { ActionFunctionArgs } from "@remix-run/node";
import { auditContext, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { readJsonObject, requireMethod } from "~/http/api-request.server";
import { answeringApiErrors } from "~/http/api-errors.server";
import { parseCreateSubmissionBody } from "~/submissions/api-input";
import { createSubmission } from "~/submissions/submissions.server";

/**
 * POST /api/v1/forms/:slug/submissions `{"data","status","service","comune"?,"case"?,"formVersion"?}`
 * → 201 `{"id","formVersion","revision","status"}`, pinned to `formVersion` (the version the
 * client showed) or else to the latest published version.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.write");
  requireMethod(request, "POST");
  const submission = await answeringApiErrors(async () => {
    const input = parseCreateSubmissionBody(await readJsonObject(request));
    const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
    // One statement writes the submission, its revision and its audit event: no transaction needed.
    return createSubmission(getDb(), caller, params.slug ?? "", input);
  });
  const { id, formVersion, revision, status } = submission;
  return Response.json({ id, formVersion, revision, status }, { status: 201, headers: { Location: `/api/v1/submissions/${id}` } });
}
