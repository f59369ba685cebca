import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { todayInRome } from "~/cases/today";
import { ErrorSummary, Field, SelectField } from "~/components/form";
import { ReportSection } from "~/components/report-view";
import { getDb } from "~/db/instance.server";
import { NotFoundError } from "~/lib/errors";
import { listScopeChoices } from "~/organisation/organisation.server";
import { MONTH_NAMES, PERIOD_KINDS } from "~/reports/period";
import { readReport, reportFiltersFromQuery, reportQuery, reportScopeNames, reportThreshold } from "~/reports/reports.server";

export const meta: MetaFunction = () => [{ title: "Report dei servizi · Schedario" }];

const FIELDS = ["periodo", "anno", "mese", "trimestre", "dal", "al", "servizio", "comune"] as const;

/**
 * /rapporti — the coordinators' report per service × comune × period
 * (`report.read`, scoped; a service or comune outside the scope is a 404).
 * Every count links to the list it counts; small counts show as "< 5"
 * (ADR 0026). Each reading is audited (`report.read`).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "report.read");
  const params = new URL(request.url).searchParams;
  const today = todayInRome();
  const db = getDb();
  const values = Object.fromEntries(FIELDS.map((k) => [k, params.get(k)?.trim() ?? ""])) as Record<(typeof FIELDS)[number], string>;
  values.periodo ||= "anno";
  values.anno ||= today.slice(0, 4);
  values.mese ||= String(Number(today.slice(5, 7)));
  values.trimestre ||= String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
  let parsed;
  try {
    parsed = reportFiltersFromQuery(params, scope, today);
  } catch (error) {
    if (error instanceof NotFoundError) throw pageError(404);
    throw error;
  }
  const choices = await listScopeChoices(db, scope);
  const threshold = reportThreshold();
  if (!parsed.filters) return { values, choices, threshold, errors: parsed.errors, report: undefined };
  const filters = parsed.filters;
  const tables = await db.transaction().execute((trx) => readReport(trx, { scope, audit: auditContext(user, request, context) }, filters));
  const query = new URLSearchParams(reportQuery(filters)).toString();
  return {
    values,
    choices,
    threshold,
    errors: undefined,
    report: {
      ...reportScopeNames(choices, filters),
      query,
      tables,
    },
  };
}

export default function ReportPage() {
  const { values, choices, threshold, errors, report } = useLoaderData<typeof loader>();
  const year = Number(values.anno) || new Date().getFullYear();
  return (
    <>
      <h1>Report dei servizi</h1>
      <p className="no-print">
        Cartelle, valutazioni P.I.P.P.I., consensi, scadenze e schede dei servizi e dei comuni a cui hai accesso, per il periodo che scegli. Ogni
        numero apre l'elenco di ciò che conta.
        {threshold > 1 ? ` Per proteggere i minori, i numeri da 1 a ${threshold - 1} compaiono come «< ${threshold}».` : ""}
      </p>
      <ErrorSummary errors={errors} fieldIds={{ periodo: "periodo", anno: "anno", mese: "mese", trimestre: "trimestre", dal: "dal", al: "al" }} />
      <Form method="get" className="filters report-filters no-print" aria-label="Periodo e servizio del report">
        <SelectField
          id="periodo"
          label="Periodo"
          defaultValue={values.periodo}
          error={errors?.periodo}
          options={Object.entries(PERIOD_KINDS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          id="anno"
          label="Anno"
          hint="Per mese, trimestre e anno."
          defaultValue={values.anno}
          error={errors?.anno}
          options={Array.from({ length: 8 }, (_, i) => String(year + 1 - i)).map((y) => ({ value: y, label: y }))}
        />
        <SelectField
          id="mese"
          label="Mese"
          hint="Se il periodo è un mese."
          defaultValue={values.mese}
          error={errors?.mese}
          options={MONTH_NAMES.map((m, i) => ({ value: String(i + 1), label: m[0]!.toUpperCase() + m.slice(1) }))}
        />
        <SelectField
          id="trimestre"
          label="Trimestre"
          hint="Se il periodo è un trimestre."
          defaultValue={values.trimestre}
          error={errors?.trimestre}
          options={["gennaio–marzo", "aprile–giugno", "luglio–settembre", "ottobre–dicembre"].map((m, i) => ({ value: String(i + 1), label: `${i + 1}º (${m})` }))}
        />
        <Field id="dal" label="Dal" hint="Se il periodo è un intervallo." type="date" defaultValue={values.dal} error={errors?.dal} />
        <Field id="al" label="Al" hint="Se il periodo è un intervallo." type="date" defaultValue={values.al} error={errors?.al} />
        <SelectField
          id="servizio"
          label="Servizio"
          defaultValue={values.servizio}
          options={[{ value: "", label: "Tutti" }, ...choices.services.map((s) => ({ value: s.code, label: s.name }))]}
        />
        <SelectField
          id="comune"
          label="Comune"
          defaultValue={values.comune}
          options={[{ value: "", label: "Tutti" }, ...choices.comuni.map((c) => ({ value: c.code, label: c.name }))]}
        />
        <button type="submit" className="button">
          Mostra il report
        </button>
      </Form>
      {report ? (
        <>
          <p className="report-scope">
            <strong>{report.period}</strong> · {report.service} · {report.comune}
          </p>
          <p className="no-print">
            <a href={`/rapporti.pdf?${report.query}`} download>
              Scarica il PDF
            </a>{" "}
            del report, con tutte le tabelle (A4). Anche la stampa del browser impagina la pagina in A4.
          </p>
          {report.tables.map((t) => (
            <ReportSection key={t.key} table={t} csv={`/rapporti/${t.key}.csv?${report.query}`} />
          ))}
        </>
      ) : null}
    </>
  );
}
