import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadSubjectAccess, subjectAccessFileName } from "~/pages/subject-access-page.server";

/** GET /casi/:caseId/copia-dati.json — everything held about the case, machine-readable (ADR 0025; coordinators; audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const bundle = await loadSubjectAccess(request, context, params.caseId, "json");
  return new Response(JSON.stringify(bundle, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${subjectAccessFileName(bundle, "json")}"`,
    },
  });
}
