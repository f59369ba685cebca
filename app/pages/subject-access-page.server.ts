import type { AppLoadContext } from "@remix-run/node";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { readSubjectAccess, type SubjectAccessBundle } from "~/cases/subject-access.server";
import { getDb } from "~/db/instance.server";
import { parseIdParam } from "~/lib/id-param";

/**
 * The two downloads of a case's subject access (PDF and JSON): coordinators
 * whose report scope covers the case (403 for other roles, 404 outside the
 * scope or for an unknown case); each download is recorded.
 */
export async function loadSubjectAccess(
  request: Request,
  context: AppLoadContext,
  caseIdParam: string | undefined,
  format: "pdf" | "json",
): Promise<SubjectAccessBundle> {
  const { user, scope } = await requirePageScope(request, "report.read");
  const caseId = parseIdParam(caseIdParam);
  const caller = { scope, audit: auditContext(user, request, context), name: user.displayName };
  const bundle = caseId === undefined ? undefined : await getDb().transaction().execute((trx) => readSubjectAccess(trx, caller, caseId, format));
  if (!bundle) throw pageError(404);
  return bundle;
}

/** The file name of a download, from the case code (letters, digits and hyphens only). */
export function subjectAccessFileName(bundle: SubjectAccessBundle, extension: "pdf" | "json"): string {
  return `copia-dati-${bundle.case.code}.${extension}`;
}
