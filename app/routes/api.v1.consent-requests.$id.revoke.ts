import type { ActionFunctionArgs } from "@remix-run/node";
import { auditContext, requireApiScope } from "~/auth/guard.server";
import { revokeConsentRequest } from "~/consent/consent-requests.server";
import { getDb } from "~/db/instance.server";
import { answeringApiErrors, apiIdParam } from "~/http/api-errors.server";
import { requireMethod } from "~/http/api-request.server";

/** POST /api/v1/consent-requests/:id/revoke: the link stops working; 409 once the family has answered. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.write");
  requireMethod(request, "POST");
  const id = apiIdParam(params.id);
  const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
  const revoked = await answeringApiErrors(() => getDb().transaction().execute((trx) => revokeConsentRequest(trx, caller, id)));
  return Response.json(revoked);
}
