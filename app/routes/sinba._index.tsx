import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { canSomewhere } from "~/auth/policy";
import { listScopeChoices } from "~/organisation/organisation.server";
import { ErrorSummary, Field, SelectField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { SinbaConfigError } from "~/sinba/config.server";
import { checkSinba, scopeReachesComune, sinbaPeriodFromQuery, SinbaInputError, type SinbaCheck } from "~/sinba/sinba.server";

export const meta: MetaFunction = () => [{ title: "Flusso SINBA · Schedario" }];

const FIELD_IDS = { from: "dal", to: "al", comune: "comune", form: "dal" };

/**
 * The SINBA pre-flight check for a period (and comune): how many cases go
 * into the flow, and case by case what the others miss and where to fill it;
 * then the download. Nothing is read until the person asks for a period.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "sinba.export");
  const params = new URL(request.url).searchParams;
  const db = getDb();
  const choices = await listScopeChoices(db, scope);
  const year = new Date().getFullYear();
  const values = {
    dal: params.get("dal") ?? `${year}-01-01`,
    al: params.get("al") ?? `${year}-12-31`,
    comune: params.get("comune") ?? "",
  };
  const base = { values, comuni: choices.comuni, canOpenCases: canSomewhere(user.memberships, "case.read") };
  if (!params.has("dal") && !params.has("al")) return { ...base, check: undefined, errors: undefined, configError: undefined };
  try {
    const period = sinbaPeriodFromQuery(params);
    if (!scopeReachesComune(scope, period.comune)) throw pageError(404);
    const check: SinbaCheck = await db.transaction().execute((trx) => checkSinba(trx, { scope, audit: auditContext(user, request, context) }, period));
    return { ...base, check, errors: undefined, configError: undefined, download: `/sinba/flusso.xml?${params}` };
  } catch (error) {
    if (error instanceof SinbaInputError) return { ...base, check: undefined, errors: { [error.field ?? "form"]: error.message }, configError: undefined };
    if (error instanceof SinbaConfigError) return { ...base, check: undefined, errors: undefined, configError: error.message };
    throw error;
  }
}

export default function SinbaPage() {
  const data = useLoaderData<typeof loader>();
  const { values, comuni, check, errors, configError, canOpenCases } = data;
  return (
    <>
      <h1>Flusso SINBA per l'INPS</h1>
      <p>
        Il modulo SINBA del Casellario dell'assistenza raccoglie, per ogni minore in carico, la valutazione e gli interventi, senza nome né
        codice fiscale: ogni minore è indicato con un codice pseudonimo. Scegli il periodo, controlla quali cartelle sono complete e scarica il
        flusso da caricare sul portale dell'INPS.
      </p>
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
      <Form method="get" className="filters" aria-label="Periodo del flusso">
        <Field id="dal" label="Dal" type="date" required defaultValue={values.dal} error={errors?.from} />
        <Field id="al" label="Al" type="date" required defaultValue={values.al} error={errors?.to} />
        <SelectField
          id="comune"
          label="Comune"
          defaultValue={values.comune}
          error={errors?.comune}
          options={[{ value: "", label: "Tutti" }, ...comuni.map((c) => ({ value: c.code, label: c.name }))]}
        />
        <button type="submit" className="button">
          Controlla
        </button>
      </Form>
      {configError ? (
        <div className="notice" role="alert">
          <h2>La configurazione SINBA è incompleta</h2>
          <p>{configError}</p>
          <p>Chiedi all'amministratore di sistema di completarla; poi riprova.</p>
        </div>
      ) : null}
      {check ? <CheckResult check={check} download={"download" in data ? data.download : undefined} canOpenCases={canOpenCases} /> : null}
    </>
  );
}

function CheckResult({ check, download, canOpenCases }: { check: SinbaCheck; download: string | undefined; canOpenCases: boolean }) {
  const incomplete = check.excluded.filter((c) => c.missing.length);
  const sameChild = check.excluded.filter((c) => c.sameChildAs);
  return (
    <section aria-labelledby="esito">
      <h2 id="esito">Esito del controllo</h2>
      <p>
        {check.included === 1 ? "1 cartella entra" : `${check.included} cartelle entrano`} nel flusso
        {incomplete.length ? `; ${incomplete.length === 1 ? "1 cartella è esclusa" : `${incomplete.length} cartelle sono escluse`} perché mancano dati obbligatori` : ""}.
      </p>
      {check.notices.length ? (
        <div className="notice">
          <h3>Da sapere prima dell'invio</h3>
          <ul>
            {check.notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {check.included > 0 && download ? (
        <p>
          <a href={download} className="button" download>
            Scarica il flusso XML ({check.included === 1 ? "1 cartella" : `${check.included} cartelle`})
          </a>
        </p>
      ) : null}
      {incomplete.length ? (
        <>
          <h3>Cartelle da completare</h3>
          <p>Per ogni dato mancante, dove inserirlo. Una cartella entra nel flusso appena ha tutti i dati obbligatori.</p>
          <ul className="sinba-cases">
            {incomplete.map((c) => (
              <li key={c.id}>
                <h4>
                  {canOpenCases ? <Link to={`/casi/${c.id}`}>{c.code}</Link> : c.code}
                  <span className="sinba-cases__where">
                    {" "}
                    · {c.serviceName}
                    {c.comuneName ? ` · ${c.comuneName}` : ""}
                  </span>
                </h4>
                <ul>
                  {c.missing.map((m) => (
                    <li key={m.label}>
                      <strong>{m.label}</strong>: {m.where.join("; oppure ")}.
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {sameChild.length ? (
        <>
          <h3>Stesso minore in più cartelle</h3>
          <p>Il flusso ha un solo record per minore: per queste cartelle vale quella più recente.</p>
          <ul>
            {sameChild.map((c) => (
              <li key={c.id}>
                {c.code} ({c.serviceName}): inviata come {c.sameChildAs}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
