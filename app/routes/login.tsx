import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/form";
import { attemptLogin } from "~/auth/login.server";
import { findCurrentUser, pageError, requestClient } from "~/auth/guard.server";
import { verifyRequestOrigin } from "~/auth/origin.server";
import { safeRedirect } from "~/auth/redirect";
import { sessionCookie } from "~/auth/session.server";
import { throttledMessage } from "~/auth/throttle.server";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";

export const meta: MetaFunction = () => [{ title: "Accedi · Schedario" }];

const fieldIds = { email: "email", password: "password", form: "email" };

/** Public. A signed-in visitor goes straight on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await findCurrentUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

/** Public, but Origin-checked: a cross-site form could otherwise sign a victim into an attacker's account (login CSRF). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!verifyRequestOrigin(request)) throw pageError(403);
  const form = await request.formData();
  const email = formString(form, "email").trim();
  const password = formString(form, "password");
  const errors: Record<string, string> = {};
  if (!email) errors.email = "Indica il tuo indirizzo e-mail.";
  if (!password) errors.password = "Indica la password.";
  if (Object.keys(errors).length) return data({ errors, email }, { status: 400 });

  const result = await attemptLogin(getDb(), { email, password }, requestClient(request, context));
  if (result.kind === "throttled") {
    return data(
      { errors: { form: throttledMessage(result.retryAfterSeconds) }, email },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } }
    );
  }
  if (result.kind === "invalid") {
    // One message for every failure: it must not tell which e-mail addresses have accounts.
    return data({ errors: { form: "Indirizzo e-mail o password non corretti." }, email }, { status: 401 });
  }
  return redirect(safeRedirect(formString(form, "redirectTo")), {
    headers: { "Set-Cookie": sessionCookie(result.token) },
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="narrow">
      <h1>Accedi a Schedario</h1>
      {searchParams.get("password") === "reimpostata" ? (
        <p className="notice notice--success" role="status">
          Password impostata. Accedi con la nuova password.
        </p>
      ) : null}
      {searchParams.get("uscita") ? (
        <p className="notice notice--success" role="status">
          Sei uscito da Schedario. Su un computer condiviso, chiudi anche il browser.
        </p>
      ) : null}
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field
          id="email"
          label="Indirizzo e-mail"
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          defaultValue={actionData?.email}
          error={errors?.email}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.password}
        />
        <button type="submit" className="button" disabled={busy}>
          Accedi
        </button>
      </Form>
      <p>
        <Link to="/password-dimenticata">Password dimenticata?</Link>
      </p>
    </div>
  );
}
