import type { AppLoadContext } from "@remix-run/node";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { parseIdParam } from "~/lib/id-param";
import { findCase } from "./cases.server";

/**
 * The guard of a case's sub-pages: the signed-in caller, their scope for the
 * action and the case (a `case.read` audit event). 403 when the role can
 * never do it, 404 when the case is unknown or outside the scope.
 */
export async function requireCase(request: Request, context: AppLoadContext, caseIdParam: string | undefined, action: "case.read" | "case.write") {
  const { user, scope } = await requirePageScope(request, action);
  const caseId = parseIdParam(caseIdParam);
  const audit = auditContext(user, request, context);
  const found = caseId && (await findCase(getDb(), { scope, audit }, caseId));
  if (!found) throw pageError(404);
  return { user, scope, audit, found };
}
