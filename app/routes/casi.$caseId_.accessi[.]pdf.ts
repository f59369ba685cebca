import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseAccessReportPdf } from "~/audit/case-access-pdf.server";
import { readCaseAccessReportForDownload } from "~/audit/case-access.server";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { parseIdParam } from "~/lib/id-param";
import { pdfResponse } from "~/lib/pdf.server";

/** GET /casi/:caseId/accessi.pdf — the whole access report on A4 (as the page: coordinators of the case, 404 otherwise; audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "report.read");
  const caseId = parseIdParam(params.caseId);
  const report =
    caseId === undefined
      ? undefined
      : await getDb()
          .transaction()
          .execute((trx) => readCaseAccessReportForDownload(trx, { scope, audit: auditContext(user, request, context) }, caseId));
  if (!report) throw pageError(404);
  const pdf = await caseAccessReportPdf(report.case, report.events, { name: user.displayName, at: new Date() });
  return pdfResponse(pdf, `accessi-${report.case.code}.pdf`);
}
