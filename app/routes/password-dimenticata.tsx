import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageError, requestClient } from "~/auth/guard.server";
import { verifyRequestOrigin } from "~/auth/origin.server";
import {
  limitPasswordResetRequests,
  passwordResetThrottledMessage,
  requestPasswordResetByEmail,
} from "~/auth/password-reset.server";
import { ErrorSummary, Field } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { getMailer } from "~/mail/mailer.server";

export const meta: MetaFunction = () => [{ title: "Password dimenticata · Schedario" }];

/** Public. Without SMTP_URL the page only says whom to ask. */
export async function loader(_args: LoaderFunctionArgs) {
  return { canEmail: getMailer() !== undefined };
}

/**
 * Public, Origin-checked. The answer is the same whether or not the address
 * has an account, and it does not wait for the e-mail to be sent (the time
 * taken would tell).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!verifyRequestOrigin(request)) throw pageError(403);
  const mailer = getMailer();
  if (!mailer) throw pageError(404);
  const db = getDb();
  const wait = await limitPasswordResetRequests(db, context.clientAddress);
  if (wait !== undefined) {
    return data({ errors: { form: passwordResetThrottledMessage(wait) } }, { status: 429, headers: { "Retry-After": String(wait) } });
  }
  const form = await request.formData();
  const email = formString(form, "email").trim();
  if (!email) return data({ errors: { email: "Indica il tuo indirizzo e-mail." } }, { status: 400 });
  const { delivery } = await requestPasswordResetByEmail(db, mailer, email, requestClient(request, context));
  delivery.catch((error: unknown) => console.warn("password-reset e-mail not sent:", error instanceof Error ? error.message : error));
  return { sent: true };
}

export default function ForgotPassword() {
  const { canEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  return (
    <div className="narrow">
      <h1>Password dimenticata</h1>
      {!canEmail ? (
        <p>
          Chiedi all'amministratore di Schedario del tuo Ambito: ti darà un link, valido 24 ore, dove scegliere una nuova password.
        </p>
      ) : actionData && "sent" in actionData ? (
        <p className="notice notice--success" role="status">
          Se l'indirizzo appartiene a un account attivo, riceverai a breve un messaggio con un link per scegliere una nuova password (vale
          24 ore e una sola volta). Se non arriva, controlla la posta indesiderata o chiedi all'amministratore di Schedario.
        </p>
      ) : (
        <>
          <p>Scrivi l'indirizzo e-mail con cui accedi: ti manderemo un link per scegliere una nuova password.</p>
          <ErrorSummary errors={errors} fieldIds={{ email: "email", form: "email" }} />
          <Form method="post" className="form" noValidate>
            <Field id="email" label="Indirizzo e-mail" type="email" autoComplete="username" spellCheck={false} required error={errors?.email} />
            <button type="submit" className="button">
              Invia il link
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">Torna alla pagina di accesso</Link>
      </p>
    </div>
  );
}
