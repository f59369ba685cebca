import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { readCaseAccessReport } from "~/audit/case-access.server";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { AuditEventList } from "~/components/audit-event-list";
import { getDb } from "~/db/instance.server";
import { parseIdParam } from "~/lib/id-param";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `Chi ha consultato la cartella ${page?.case.code ?? ""} · Schedario` },
];

/** Coordinators whose report scope covers the case (Garante: a person may ask who accessed their record). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "report.read");
  const caseId = parseIdParam(params.caseId);
  const before = Number(new URL(request.url).searchParams.get("prima")) || undefined;
  const report = caseId === undefined ? undefined : await getDb().transaction().execute((trx) =>
    readCaseAccessReport(trx, { scope, audit: auditContext(user, request, context) }, caseId, { before }),
  );
  if (!report) throw pageError(404);
  return { ...report, nextPage: report.nextBefore ? `?prima=${report.nextBefore}` : undefined };
}

export default function CaseAccesses() {
  const report = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/casi/${report.case.id}`}>← Cartella {report.case.code}</Link>
      </p>
      <h1>Chi ha consultato la cartella {report.case.code}</h1>
      <p>
        Ogni apertura, elenco, esportazione, PDF e modifica che ha riguardato questa cartella ({report.case.service}), dal più recente: chi,
        quando, con quale ruolo nel servizio. Anche questa consultazione viene registrata.
      </p>
      <p className="actions">
        <a href={`/casi/${report.case.id}/accessi.pdf`} className="button button--secondary" download>
          Scarica gli accessi in PDF
        </a>
      </p>
      {report.events.length ? (
        <AuditEventList
          events={report.events.map((e) => ({ ...e, actor: e.role ? `${e.actor} — ${e.role}` : e.actor }))}
          label={`Accessi alla cartella ${report.case.code}, dal più recente`}
        />
      ) : (
        <p>Nessun accesso registrato.</p>
      )}
      {report.nextPage ? (
        <p>
          <Link to={report.nextPage}>Accessi più vecchi</Link>
        </p>
      ) : null}
    </>
  );
}
