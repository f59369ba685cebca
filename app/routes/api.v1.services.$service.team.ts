import type { LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, requireApiPermission } from "~/auth/guard.server";
import { findService, listServiceTeam } from "~/organisation/organisation.server";
import { scopeFor } from "~/auth/policy";
import { getDb } from "~/db/instance.server";

/** GET /api/v1/services/:service/team: members of a service within the caller's scope; another service is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.service ?? "";
  const user = await requireApiPermission(request, "team.read", { service: code });
  const service = await findService(getDb(), code);
  if (!service) throw apiError(404, NOT_FOUND_MESSAGE);
  return Response.json({
    service: service.code,
    members: await listServiceTeam(getDb(), scopeFor(user.memberships, "team.read"), code),
  });
}
