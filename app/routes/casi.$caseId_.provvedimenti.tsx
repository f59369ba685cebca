import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { InvalidInputError, fieldErrors } from "~/lib/errors";
import { scopeCovers, scopeFor } from "~/auth/policy";
import { requireCase } from "~/cases/case-guard.server";
import { casePathFor } from "~/cases/case-paths";
import { listCaseSubmissions } from "~/cases/cases.server";
import { COURT_AUTHORITIES, COURT_ORDER_TYPES, MAX_DEADLINES } from "~/cases/court-order-input";
import { createCourtOrder, linkDeadlineReport, listCourtOrders } from "~/cases/court-orders.server";
import { CourtOrderList } from "~/components/court-orders";
import { ErrorSummary, Field, HintAndError, SelectField, TextareaField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { answeringPageErrors } from "~/http/page-errors.server";
import { todayInRome } from "~/cases/today";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `Provvedimenti · ${page?.case.code ?? "Cartella"} · Schedario` }];

/** /casi/:caseId/provvedimenti — a case's court orders and report deadlines; workers record them and link the relazioni. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope, found } = await requireCase(request, context, params.caseId, "case.read");
  const db = getDb();
  const canWrite = scopeCovers(scopeFor(user.memberships, "case.write"), { service: found.service, comune: found.comune });
  const submissions = canWrite ? await listCaseSubmissions(db, scope, found.id, casePathFor(found.service)) : [];
  return {
    case: { id: found.id, code: found.code },
    orders: await listCourtOrders(db, scope, found.id),
    // The relazioni a worker can link to a due date: submitted reports of this case.
    reports: submissions.filter((s) => s.formKind === "report" && s.status === "submitted").map((s) => ({ id: s.id, title: s.formTitle })),
    canWrite,
    today: todayInRome(),
  };
}

/** Records a court order (intent add) or links a filed relazione to a due date (intent link); workers only, audited. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope, audit, found } = await requireCase(request, context, params.caseId, "case.write");
  const form = await request.formData();
  const values = { get: (name: string) => form.get(name)?.toString(), getAll: (name: string) => form.getAll(name).map(String) };
  const caller = { scope, audit, userId: user.id };
  return answeringPageErrors(async () => {
    const intent = form.get("intent");
    if (intent === "add") {
      await getDb()
        .transaction()
        .execute((trx) => createCourtOrder(trx, caller, found, values));
      return redirect(`/casi/${found.id}/provvedimenti?esito=registrato`);
    }
    if (intent === "link") {
      const deadline = Number(form.get("scadenza"));
      const report = Number(form.get("relazione"));
      await getDb()
        .transaction()
        .execute((trx) => linkDeadlineReport(trx, caller, found, deadline, report));
      return redirect(`/casi/${found.id}/provvedimenti?esito=collegata`);
    }
    throw new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta: ricarica la pagina e riprova." }));
  });
}

const FIELD_IDS = { autorita: "autorita", rg: "rg", data: "data", tipo: "tipo", compiti: "compiti", scadenza: "scadenza-1", relazione: "provvedimenti", form: "provvedimenti" };

export default function CourtOrdersPage() {
  const { case: c, orders, reports, canWrite, today } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors as Record<string, string> | undefined;
  const [searchParams] = useSearchParams();
  const outcome = searchParams.get("esito");
  return (
    <>
      <p>
        <Link to={`/casi/${c.id}`}>← Cartella {c.code}</Link>
      </p>
      <h1>Provvedimenti dell'autorità giudiziaria</h1>
      {outcome === "registrato" || outcome === "collegata" ? (
        <p className="notice notice--success" role="status">
          {outcome === "registrato" ? "Provvedimento registrato." : "Relazione collegata alla scadenza."}
        </p>
      ) : null}
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
      <h2 id="provvedimenti">Provvedimenti registrati</h2>
      <CourtOrderList orders={orders} today={today} reports={canWrite ? reports : undefined} />
      {canWrite ? (
        // A new key after each recorded order: the form starts empty again (a failed post keeps what was typed).
        <Form method="post" noValidate key={orders.length}>
          <h2>Registra un provvedimento</h2>
          <input type="hidden" name="intent" value="add" />
          <SelectField id="autorita" name="autorita" label="Autorità" error={errors?.autorita} options={[{ value: "", label: "Scegli…" }, ...COURT_AUTHORITIES]} />
          <Field id="rg" name="rg" label="Numero di R.G." hint="Come compare sul provvedimento, per esempio 1234/2026." error={errors?.rg} maxLength={40} />
          <Field id="data" name="data" type="date" label="Data del provvedimento" error={errors?.data} />
          <SelectField id="tipo" name="tipo" label="Tipo di provvedimento" error={errors?.tipo} options={[{ value: "", label: "Scegli…" }, ...COURT_ORDER_TYPES]} />
          <TextareaField id="compiti" name="compiti" label="Che cosa deve fare il servizio" hint="In breve: incarichi, tempi, a chi riferire." error={errors?.compiti} rows={3} />
          <fieldset className={`field${errors?.scadenza ? " field--error" : ""}`}>
            <legend className="field__label">Scadenze delle relazioni</legend>
            <p className="field__hint">Le date entro cui depositare una relazione; lascia vuote quelle che non servono.</p>
            <HintAndError id="scadenze" error={errors?.scadenza} />
            <div className="deadline-inputs">
              {Array.from({ length: MAX_DEADLINES }, (_, i) => (
                <span key={i}>
                  <label htmlFor={`scadenza-${i + 1}`} className="visually-hidden">
                    Scadenza {i + 1}
                  </label>
                  <input id={`scadenza-${i + 1}`} name="scadenza" type="date" />
                </span>
              ))}
            </div>
          </fieldset>
          <p className="actions">
            <button type="submit" className="button">
              Registra il provvedimento
            </button>
          </p>
        </Form>
      ) : null}
    </>
  );
}
