import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { NotFoundError } from "~/lib/errors";
import { pdfResponse } from "~/lib/pdf.server";
import { listScopeChoices } from "~/organisation/organisation.server";
import { reportPdf } from "~/reports/report-pdf.server";
import { downloadReport, reportFiltersFromQuery, reportScopeNames, reportThreshold } from "~/reports/reports.server";

/**
 * GET /rapporti.pdf with the report page's query: every table of the report
 * on A4, as the page shows it ("< 5" included), in the same scope; audited
 * (`report.downloaded`). A bad period or a service outside the scope answers
 * 404, workers 403 (like the page).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "report.read");
  const db = getDb();
  try {
    const { filters } = reportFiltersFromQuery(new URL(request.url).searchParams, scope);
    if (!filters) throw pageError(404);
    const tables = await db.transaction().execute((trx) => downloadReport(trx, { scope, audit: auditContext(user, request, context) }, filters));
    const heading = { ...reportScopeNames(await listScopeChoices(db, scope), filters), threshold: reportThreshold() };
    const pdf = await reportPdf(heading, tables, { name: user.displayName, at: new Date() });
    return pdfResponse(pdf, `report-${filters.period.from}-${filters.period.to}.pdf`);
  } catch (error) {
    if (error instanceof NotFoundError) throw pageError(404);
    throw error;
  }
}
