import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { canSomewhere, scopeFor } from "~/auth/policy";
import { computeReport, figureCaseIds, figureTitle, reportFiltersFromQuery, reportQuery } from "~/reports/reports.server";
import { NotFoundError } from "~/lib/errors";
import { listScopeChoices } from "~/organisation/organisation.server";
import { listCases, type CaseFilters } from "~/cases/cases.server";
import { Field, SelectField } from "~/components/form";
import { formatDate, formatDateTime } from "~/lib/format-date";
import { NextPageLinks } from "~/components/next-page-links";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { addDays, todayInRome } from "~/cases/today";

export const meta: MetaFunction = () => [{ title: "Cartelle · Schedario" }];

const STATES: Record<string, CaseFilters["state"]> = { aperte: "open", chiuse: "closed", tutte: undefined };

/** "Relazioni dovute" shows the cases with a court report due within this many days, or overdue. */
const REPORTS_WINDOW_DAYS = 30;

/** The cases in the caller's scope, open ones first by default; filters and "Successive" work as plain links. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.read");
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(["stato", "servizio", "comune", "codice", "relazioni"].map((k) => [k, params.get(k)?.trim() ?? ""]));
  if (!Object.hasOwn(STATES, values.stato!)) values.stato = "aperte";
  const today = todayInRome();
  const filters: CaseFilters = {
    state: STATES[values.stato!],
    service: values.servizio || undefined,
    comune: values.comune || undefined,
    code: values.codice || undefined,
    reportDueBy: values.relazioni === "30giorni" ? addDays(today, REPORTS_WINDOW_DAYS) : undefined,
  };
  const caller = { scope, audit: auditContext(user, request, context) };
  const db = getDb();
  // A figure of the report ("voce"): exactly the cases it counts, computed again in the report's scope.
  let figure: { title: string; back: string } | undefined;
  const voce = params.get("voce");
  if (voce) {
    const reportScope = scopeFor(user.memberships, "report.read");
    if (!reportScope.grants.length) throw pageError(404);
    try {
      const { filters: reportFilters } = reportFiltersFromQuery(params, reportScope, today);
      if (!reportFilters) throw pageError(404);
      const report = await computeReport(db, reportScope, reportFilters, today);
      const ids = figureCaseIds(report, voce);
      const title = figureTitle(report, voce);
      if (!ids || !title) throw pageError(404);
      filters.ids = ids;
      filters.state = undefined;
      values.stato = "tutte";
      figure = { title: `${title} · ${reportFilters.period.label}`, back: `/rapporti?${new URLSearchParams(reportQuery(reportFilters))}` };
    } catch (error) {
      if (error instanceof NotFoundError) throw pageError(404);
      throw error;
    }
  }
  const [page, choices] = await Promise.all([
    db.transaction().execute((trx) => listCases(trx, caller, filters, { cursor: params.get("cursore") ?? undefined })),
    listScopeChoices(db, scope),
  ]);
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set("cursore", page.nextCursor);
  return {
    figure,
    values,
    today,
    choices,
    cases: page.cases,
    canCreate: canSomewhere(user.memberships, "case.write"),
    nextPage: page.nextCursor ? `?${next}` : undefined,
    isFirstPage: !params.get("cursore"),
  };
}

export default function Cases() {
  const { figure, values, today, choices, cases, canCreate, nextPage, isFirstPage } = useLoaderData<typeof loader>();
  const anyOption = (label: string) => ({ value: "", label });
  return (
    <>
      <h1>Cartelle</h1>
      <p>
        Le cartelle dei servizi e dei comuni a cui hai accesso. Una cartella raccoglie le schede di un percorso; il minore
        è indicato solo con un riferimento pseudonimo.
      </p>
      {canCreate ? (
        <p>
          <Link to="/casi/nuovo" className="button">
            Nuova cartella
          </Link>
        </p>
      ) : null}
      {figure ? (
        <div className="notice" role="status">
          <p>
            Le cartelle contate nel report alla voce <strong>{figure.title}</strong>.
          </p>
          <p>
            <Link to={figure.back}>Torna al report</Link> · <Link to="/casi">Mostra tutte le cartelle</Link>
          </p>
        </div>
      ) : null}
      <Form method="get" className="filters" aria-label="Filtra le cartelle">
        <Field id="codice" label="Codice (inizio)" defaultValue={values.codice} spellCheck={false} />
        <SelectField
          id="stato"
          label="Stato"
          defaultValue={values.stato}
          options={[
            { value: "aperte", label: "Aperte" },
            { value: "chiuse", label: "Chiuse" },
            { value: "tutte", label: "Tutte" },
          ]}
        />
        <SelectField
          id="servizio"
          label="Servizio"
          defaultValue={values.servizio}
          options={[anyOption("Tutti"), ...choices.services.map((s) => ({ value: s.code, label: s.name }))]}
        />
        <SelectField
          id="comune"
          label="Comune"
          defaultValue={values.comune}
          options={[anyOption("Tutti"), ...choices.comuni.map((c) => ({ value: c.code, label: c.name }))]}
        />
        <SelectField
          id="relazioni"
          label="Relazioni al Tribunale"
          defaultValue={values.relazioni}
          options={[anyOption("Tutte le cartelle"), { value: "30giorni", label: `Da consegnare entro ${REPORTS_WINDOW_DAYS} giorni o scadute` }]}
        />
        <button type="submit" className="button">
          Filtra
        </button>
      </Form>
      {cases.length ? (
        <div className="list--cases">
          <Table caption="Cartelle, dalla più recente" columns={["Codice", "Riferimento del minore", "Servizio", "Comune", "Aperta il", "Prossima relazione dovuta", "Stato"]}>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/casi/${c.id}`}>{c.code}</Link>
                </td>
                <td>{c.minorRef}</td>
                <td>{c.serviceName}</td>
                <td>{c.comuneName ?? "—"}</td>
                <td>{formatDateTime(c.openedAt)}</td>
                <td>
                  {c.nextReportDue ? (
                    <>
                      {formatDate(c.nextReportDue)}
                      {c.nextReportDue < today ? <> <span className="tag tag--danger">Scaduta</span></> : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{c.closedAt ? <span className="tag tag--muted">Chiusa</span> : <span className="tag">Aperta</span>}</td>
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p>Nessuna cartella corrisponde ai filtri.</p>
      )}
      <NextPageLinks nextPage={nextPage} isFirstPage={isFirstPage} nextLabel="Cartelle successive" />
    </>
  );
}
