import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { auditContext, requireUser } from "~/auth/guard.server";
import { createSession, sessionCookie } from "~/auth/session.server";
import { changePassword } from "~/auth/users.server";
import { ErrorSummary, Field } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";

export const meta: MetaFunction = () => [{ title: "Cambia la password · Schedario" }];

const fieldIds = { currentPassword: "currentPassword", newPassword: "newPassword", confirmation: "confirmation" };

/** Any signed-in user, for their own password. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  return answeringPageErrors(async () => {
    const token = await getDb()
      .transaction()
      .execute(async (trx) => {
        await changePassword(
          trx,
          user.id,
          {
            currentPassword: formString(form, "currentPassword"),
            newPassword: formString(form, "newPassword"),
            confirmation: formString(form, "confirmation"),
          },
          auditContext(user, request, context)
        );
        // Every session ended with the old password; this browser gets a new one.
        return (await createSession(trx, user.id)).token;
      });
    return redirect("/profilo?password=cambiata", { headers: { "Set-Cookie": sessionCookie(token) } });
  }, { extra: { values: {} } });
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <div className="narrow">
      <h1>Cambia la password</h1>
      <p>
        Dopo il cambio, le altre sessioni aperte con il tuo account (su altri computer o browser) vengono chiuse e i tuoi token API
        vengono revocati: chi conosceva la vecchia password non può più usarli. Se un programma usa un tuo token, creane uno nuovo.
      </p>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form method="post" className="form" noValidate>
        <Field
          id="currentPassword"
          label="Password attuale"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.currentPassword}
        />
        <NewPasswordFields errors={errors} />
        <div className="actions">
          <button type="submit" className="button">
            Cambia la password
          </button>
          <Link to="/profilo">Annulla</Link>
        </div>
      </Form>
    </div>
  );
}
