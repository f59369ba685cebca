import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/guard.server";

/** GET /api/v1/me: who the token (or session) belongs to, and their memberships. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  return Response.json({
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    memberships: user.memberships.map(({ role, service, comune }) => ({ role, service, comune })),
  });
}
