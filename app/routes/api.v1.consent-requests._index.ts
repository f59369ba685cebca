import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError, auditContext, requireApiScope } from "~/auth/guard.server";
import { parseCreateConsentRequestBody } from "~/consent/api-input";
import { createConsentRequest } from "~/consent/consent-requests.server";
import { getDb } from "~/db/instance.server";
import { answeringApiErrors } from "~/http/api-errors.server";
import { readJsonObject, requireMethod } from "~/http/api-request.server";

/**
 * POST /api/v1/consent-requests: a new consent link for a family. Answers
 * 201 `{"id","url","expiresAt"}`; the token is in `url` and is never shown again.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireApiScope(request, "case.write");
  requireMethod(request, "POST");
  const { input, errors } = parseCreateConsentRequestBody(await readJsonObject(request));
  if (!input) throw apiError(400, "Richiesta non valida.", errors);
  const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
  const created = await answeringApiErrors(() => getDb().transaction().execute((trx) => createConsentRequest(trx, caller, input)));
  return Response.json(
    { id: created.request.id, url: created.url, expiresAt: created.request.expiresAt },
    { status: 201, headers: { Location: `/api/v1/consent-requests/${created.request.id}` } }
  );
}
