import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { SinbaConfigError } from "~/sinba/config.server";
import { exportSinba, scopeReachesComune, sinbaPeriodFromQuery, SinbaInputError } from "~/sinba/sinba.server";

/** The SINBA flow of the period as an XML download (the same as `npm run cli -- sinba export`), in the caller's scope. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "sinba.export");
  const url = new URL(request.url);
  try {
    const period = sinbaPeriodFromQuery(url.searchParams);
    if (!scopeReachesComune(scope, period.comune)) throw pageError(404);
    const flow = await getDb()
      .transaction()
      .execute((trx) => exportSinba(trx, { scope, audit: auditContext(user, request, context) }, period));
    return new Response(flow.xml, {
      headers: { "Content-Type": "application/xml; charset=utf-8", "Content-Disposition": `attachment; filename="${flow.fileName}"` },
    });
  } catch (error) {
    // The check page says what is wrong, with the same parameters.
    if (error instanceof SinbaInputError || error instanceof SinbaConfigError) throw redirect(`/sinba${url.search}`);
    throw error;
  }
}
