import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { PASSWORD_MIN_LENGTH } from "~/auth/credential-rules";
import { createUser } from "~/auth/users.server";
import { ErrorSummary, Field } from "~/components/form";
import { MembershipFields, membershipFieldIds } from "~/components/membership-fields";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";

export const meta: MetaFunction = () => [{ title: "Nuovo utente · Schedario" }];

const fieldIds = { email: "email", displayName: "displayName", password: "password", ...membershipFieldIds };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user.manage");
  return listReferenceData(getDb());
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user.manage");
  const form = await request.formData();
  const values = Object.fromEntries(
    ["email", "displayName", "role", "service", "comune"].map((k) => [k, formString(form, k)])
  );
  return answeringPageErrors(async () => {
    const id = await getDb()
      .transaction()
      .execute((trx) =>
        createUser(
          trx,
          {
            email: values.email!,
            displayName: values.displayName,
            password: formString(form, "password"),
            membership: { role: values.role!, service: values.service, comune: values.comune },
          },
          auditContext(admin, request, context)
        )
      );
    return redirect(`/admin/utenti/${id}`);
  }, { extra: { values } });
}

export default function NewUser() {
  const reference = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <div className="narrow">
      <h1>Nuovo utente</h1>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form method="post" className="form" noValidate>
        <Field
          id="email"
          label="Indirizzo e-mail"
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={values?.email}
          error={errors?.email}
        />
        <Field
          id="displayName"
          label="Nome e cognome"
          autoComplete="off"
          required
          defaultValue={values?.displayName}
          error={errors?.displayName}
        />
        <Field
          id="password"
          label="Password iniziale"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`Almeno ${PASSWORD_MIN_LENGTH} caratteri. Comunicala alla persona per un canale sicuro e chiedile di cambiarla al primo accesso.`}
          error={errors?.password}
        />
        <fieldset className="fieldset">
          <legend>Prima abilitazione</legend>
          <MembershipFields reference={reference} errors={errors} values={values} />
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            Crea l'utente
          </button>
          <Link to="/admin/utenti">Annulla</Link>
        </div>
      </Form>
    </div>
  );
}
