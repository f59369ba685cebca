import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { NOT_FOUND_MESSAGE, apiError, requireApiUser } from "~/auth/guard.server";

/**
 * Any other /api/v1 path: JSON errors instead of an HTML page. Credentials
 * are checked first, so an anonymous caller learns nothing about which
 * endpoints exist (401 everywhere).
 */
async function notFound({ request }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> {
  await requireApiUser(request);
  return apiError(404, NOT_FOUND_MESSAGE);
}

export const loader = notFound;
export const action = notFound;
