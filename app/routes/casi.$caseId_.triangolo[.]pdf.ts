import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCase } from "~/cases/case-guard.server";
import { caseTrianglePdf } from "~/cases/triangle-pdf.server";
import { readCaseTriangle } from "~/cases/triangle.server";
import { getDb } from "~/db/instance.server";
import { pdfResponse } from "~/lib/pdf.server";

/** GET /casi/:caseId/triangolo.pdf — the triangle page on A4, as a download (as the page: readers of the case, audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope, audit, found } = await requireCase(request, context, params.caseId, "case.read");
  const view = await readCaseTriangle(getDb(), { scope, audit }, found, "pdf");
  const pdf = await caseTrianglePdf(view);
  return pdfResponse(pdf, `mondo-del-bambino-${found.code}.pdf`);
}
