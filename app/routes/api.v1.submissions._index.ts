import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditContext, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { answeringApiErrors } from "~/http/api-errors.server";
import { parseSubmissionFilters, parseSubmissionPage } from "~/submissions/api-input";
import { listSubmissions } from "~/submissions/submissions.server";

/**
 * GET /api/v1/submissions?form=&service=&status=&from=&to=&cursor=&limit=: submissions
 * in scope (without data), newest first; follow `nextCursor` until it is null.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.read");
  const query = new URL(request.url).searchParams;
  const caller = { scope, audit: auditContext(user, request, context) };
  const page = await answeringApiErrors(() => {
    const filters = parseSubmissionFilters(query);
    const page = parseSubmissionPage(query);
    return getDb().transaction().execute((trx) => listSubmissions(trx, caller, filters, page));
  });
  return Response.json(page);
}
