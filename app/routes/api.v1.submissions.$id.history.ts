import type { LoaderFunctionArgs } from "@remix-run/node";
import { MalformedRequestError } from "~/lib/errors";
import { NOT_FOUND_MESSAGE, apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { decodeKeysetCursor, encodeKeysetCursor } from "~/db/keyset-cursor";
import { getDb } from "~/db/instance.server";
import { answeringApiErrors, apiIdParam } from "~/http/api-errors.server";
import { HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE_SIZE, parseSubmissionPage } from "~/submissions/api-input";
import { listSubmissionHistory } from "~/submissions/submissions.server";

/**
 * GET /api/v1/submissions/:id/history?cursor=&limit=: the revisions, oldest
 * first, with author and reason, `limit` (1–25, default 10) a page; follow
 * `nextCursor` until it is null.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.read");
  const id = apiIdParam(params.id);
  const caller = { scope, audit: auditContext(user, request, context) };
  const page = await answeringApiErrors(async () => {
    const { cursor, limit = HISTORY_PAGE_SIZE } = parseSubmissionPage(new URL(request.url).searchParams, MAX_HISTORY_PAGE_SIZE);
    const after = cursor === undefined ? undefined : decodeKeysetCursor(cursor);
    if (cursor !== undefined && after === undefined) {
      throw new MalformedRequestError([{ path: "/cursor", message: "cursore non valido: usare nextCursor della pagina precedente" }]);
    }
    const history = await getDb()
      .transaction()
      .execute((trx) => listSubmissionHistory(trx, caller, id, { order: "oldest-first", after, limit: limit + 1 }));
    return history && { ...history, limit };
  });
  if (!page) throw apiError(404, NOT_FOUND_MESSAGE);
  const { submission, revisions, limit } = page;
  const last = revisions[limit - 1];
  return Response.json({
    id,
    form: submission.form,
    formVersion: submission.formVersion,
    revisions: revisions.slice(0, limit),
    nextCursor: revisions.length > limit && last ? encodeKeysetCursor(last.revision) : null,
  });
}
