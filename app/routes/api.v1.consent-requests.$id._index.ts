import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { findConsentRequest } from "~/consent/consent-requests.server";
import { getDb } from "~/db/instance.server";
import { apiIdParam } from "~/http/api-errors.server";

/** GET /api/v1/consent-requests/:id: the request and its status; unknown or out of scope is a 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.read");
  const id = apiIdParam(params.id);
  const caller = { scope, audit: auditContext(user, request, context) };
  const found = await getDb().transaction().execute((trx) => findConsentRequest(trx, caller, id));
  if (!found) throw apiError(404, NOT_FOUND_MESSAGE);
  return Response.json(found);
}
