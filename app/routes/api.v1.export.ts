import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { answeringApiErrors } from "~/http/api-errors.server";
import { parseExportQuery } from "~/submissions/api-input";
import { startSubmissionExport } from "~/submissions/export.server";

/**
 * GET /api/v1/export?form=SLUG&format=csv|ndjson (+ the list's filters):
 * every submission of a form in the caller's report scope, streamed batch
 * by batch as the client reads (ADR 0009). Coordinators only.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "report.read");
  const started = await answeringApiErrors(() => {
    const input = parseExportQuery(new URL(request.url).searchParams);
    const caller = { scope, audit: auditContext(user, request, context) };
    return startSubmissionExport(getDb(), caller, input, { drained: context.responseDrained, signal: request.signal });
  });
  if (!started) throw apiError(404, NOT_FOUND_MESSAGE);
  return new Response(started.body, {
    headers: { "Content-Type": started.contentType, "Content-Disposition": `attachment; filename="${started.filename}"` },
  });
}
