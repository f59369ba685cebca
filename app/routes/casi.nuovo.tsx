import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, requirePageScope } from "~/auth/guard.server";
import { listScopeChoices } from "~/organisation/organisation.server";
import { CASE_CODE_MAX_LENGTH } from "~/cases/case-input";
import { createCase } from "~/cases/cases.server";
import { ErrorSummary, Field, SelectField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";

export const meta: MetaFunction = () => [{ title: "Nuova cartella · Schedario" }];

const fieldIds = { code: "code", minorRef: "minorRef", service: "service", comune: "comune" };

/** Workers open cases in the services and comuni of their memberships. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePageScope(request, "case.write");
  return listScopeChoices(getDb(), scope);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.write");
  const form = await request.formData();
  const values = Object.fromEntries(Object.keys(fieldIds).map((k) => [k, formString(form, k)]));
  return answeringPageErrors(async () => {
    const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
    const created = await getDb()
      .transaction()
      .execute((trx) => createCase(trx, caller, values));
    return redirect(`/casi/${created.id}`);
  }, { extra: { values } });
}

export default function NewCase() {
  const { services, comuni } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  // One choice only: preselected, so a worker of one service × comune just types the code.
  const only = <T extends { code: string }>(list: T[]) => (list.length === 1 ? list[0]!.code : undefined);
  return (
    <div className="narrow">
      <h1>Nuova cartella</h1>
      <p>
        La cartella raccoglie le schede del percorso di un minore. Non scrivere qui nomi né codici fiscali: il collegamento
        alla persona resta negli archivi del servizio.
      </p>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form method="post" className="form" noValidate>
        <Field
          id="code"
          label="Codice della cartella"
          hint={`Lettere, cifre e trattini, da 3 a ${CASE_CODE_MAX_LENGTH} caratteri; unico nel servizio. Ad esempio TM-SER-2026-001.`}
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={CASE_CODE_MAX_LENGTH}
          defaultValue={values?.code}
          error={errors?.code}
        />
        <Field
          id="minorRef"
          label="Riferimento pseudonimo del minore"
          hint="Il riferimento che il servizio usa nei propri archivi (ad esempio M-0412); mai nome, cognome o codice fiscale."
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={values?.minorRef}
          error={errors?.minorRef}
        />
        <SelectField
          id="service"
          label="Servizio"
          defaultValue={values?.service ?? only(services)}
          error={errors?.service}
          options={[{ value: "", label: "Scegli il servizio" }, ...services.map((s) => ({ value: s.code, label: s.name }))]}
        />
        <SelectField
          id="comune"
          label="Comune"
          hint="Obbligatorio per l'équipe territoriale (tutela minori); per i servizi d'Ambito si può lasciare vuoto."
          defaultValue={values?.comune ?? (comuni.length === 1 ? comuni[0]!.code : undefined)}
          error={errors?.comune}
          options={[{ value: "", label: "Nessun comune" }, ...comuni.map((c) => ({ value: c.code, label: c.name }))]}
        />
        <div className="actions">
          <button type="submit" className="button">
            Apri la cartella
          </button>
          <Link to="/casi">Annulla</Link>
        </div>
      </Form>
    </div>
  );
}
