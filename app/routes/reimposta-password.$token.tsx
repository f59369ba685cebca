import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageError, requestClient } from "~/auth/guard.server";
import { verifyRequestOrigin } from "~/auth/origin.server";
import {
  completePasswordReset,
  findPasswordReset,
  limitPasswordResetRequests,
  passwordResetThrottledMessage,
} from "~/auth/password-reset.server";
import { ErrorSummary } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { formatDateTime } from "~/lib/format-date";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";

export const meta: MetaFunction = () => [{ title: "Imposta una nuova password · Schedario" }, { name: "robots", content: "noindex" }];

const fieldIds = { newPassword: "newPassword", confirmation: "confirmation" };

/** Public: the link's token is the only credential. An unknown, used or expired link says so (404). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const db = getDb();
  const wait = await limitPasswordResetRequests(db, context.clientAddress);
  if (wait !== undefined) return data({ throttled: passwordResetThrottledMessage(wait) } as const, { status: 429, headers: { "Retry-After": String(wait) } });
  const reset = await findPasswordReset(db, params.token ?? "");
  if (!reset) return data({ invalid: true } as const, { status: 404 });
  return { email: reset.email, expiresAt: reset.expiresAt.toISOString() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!verifyRequestOrigin(request)) throw pageError(403);
  const db = getDb();
  const wait = await limitPasswordResetRequests(db, context.clientAddress);
  if (wait !== undefined) return data({ errors: { form: passwordResetThrottledMessage(wait) } }, { status: 429, headers: { "Retry-After": String(wait) } });
  const form = await request.formData();
  return answeringPageErrors(async () => {
    const done = await db
      .transaction()
      .execute((trx) =>
        completePasswordReset(
          trx,
          params.token ?? "",
          { newPassword: formString(form, "newPassword"), confirmation: formString(form, "confirmation") },
          requestClient(request, context),
        ),
      );
    if (!done) return data({ invalid: true } as const, { status: 404 });
    return redirect("/login?password=reimpostata");
  }, { extra: { values: {} } });
}

export default function ResetPassword() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if ("throttled" in page) {
    return (
      <div className="narrow">
        <h1>Imposta una nuova password</h1>
        <p className="notice notice--error" role="alert">
          {page.throttled}
        </p>
      </div>
    );
  }
  if ("invalid" in page || (actionData && "invalid" in actionData)) {
    return (
      <div className="narrow">
        <h1>Il link non è più valido</h1>
        <p>
          Il link per impostare la password funziona una sola volta e per 24 ore; anche un link più recente lo sostituisce. Chiedi
          all'amministratore di Schedario del tuo Ambito un nuovo link.
        </p>
        <p>
          <Link to="/login">Vai alla pagina di accesso</Link>
        </p>
      </div>
    );
  }
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  return (
    <div className="narrow">
      <h1>Imposta una nuova password</h1>
      <p>
        Per l'account <strong>{page.email}</strong>. Il link vale fino al {formatDateTime(page.expiresAt)} e una
        sola volta. Dopo il cambio, tutte le sessioni aperte con questo account e i suoi token API vengono chiusi: accedi di nuovo con la
        nuova password.
      </p>
      <ErrorSummary errors={errors} fieldIds={{ ...fieldIds, form: "newPassword" }} />
      <Form method="post" className="form" noValidate>
        {/* Lets password managers store the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={page.email} />
        <NewPasswordFields errors={errors} />
        <button type="submit" className="button">
          Imposta la password
        </button>
      </Form>
    </div>
  );
}
