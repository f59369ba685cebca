import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { NotFoundError } from "~/lib/errors";
import { reportCsv } from "~/reports/report-csv";
import { exportReportTable, reportFiltersFromQuery } from "~/reports/reports.server";

/**
 * GET /rapporti/:tabella.csv with the report page's query: one table of the
 * report, as the page shows it ("< 5" included), in the same scope; audited
 * (`report.exported`). An unknown table, bad period or a service outside the
 * scope answers 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "report.read");
  const db = getDb();
  try {
    const { filters } = reportFiltersFromQuery(new URL(request.url).searchParams, scope);
    if (!filters) throw pageError(404);
    const table = await db
      .transaction()
      .execute((trx) => exportReportTable(trx, { scope, audit: auditContext(user, request, context) }, filters, params.tabella ?? ""));
    if (!table) throw pageError(404);
    return new Response(reportCsv(table, filters.period.label), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="report-${table.key}-${filters.period.from}-${filters.period.to}.csv"`,
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw pageError(404);
    throw error;
  }
}
