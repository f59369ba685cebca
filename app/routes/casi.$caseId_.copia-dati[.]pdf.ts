import type { LoaderFunctionArgs } from "@remix-run/node";
import { subjectAccessPdf } from "~/cases/subject-access-pdf.server";
import { pdfResponse } from "~/lib/pdf.server";
import { loadSubjectAccess, subjectAccessFileName } from "~/pages/subject-access-page.server";

/** GET /casi/:caseId/copia-dati.pdf — everything held about the case, readable by the family (GDPR art. 15; coordinators; audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const bundle = await loadSubjectAccess(request, context, params.caseId, "pdf");
  return pdfResponse(await subjectAccessPdf(bundle), subjectAccessFileName(bundle, "pdf"));
}
