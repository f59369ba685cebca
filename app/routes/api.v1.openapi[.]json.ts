import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiUser } from "~/auth/guard.server";
import { openApiDocument } from "~/http/openapi";

/** GET /api/v1/openapi.json: the OpenAPI description of this API, for any authenticated caller. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiUser(request);
  return Response.json(openApiDocument);
}
