import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { addMembership, removeMembership } from "~/auth/memberships.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { ROLE_LABELS } from "~/auth/policy";
import { createPasswordReset, findOpenPasswordResetExpiry } from "~/auth/password-reset.server";
import { findUser, setUserDisabled } from "~/auth/users.server";
import { ErrorSummary } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { MembershipFields, membershipFieldIds } from "~/components/membership-fields";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";
import { Table } from "~/components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.displayName ?? "Utente"} · Schedario` },
];

/** The user the URL names, or a 404. */
async function loadTarget(params: ActionFunctionArgs["params"]) {
  const id = Number(params.userId);
  const user = Number.isSafeInteger(id) && id > 0 ? await findUser(getDb(), id) : undefined;
  if (!user) throw pageError(404);
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "user.manage");
  const user = await loadTarget(params);
  const openResetExpiresAt = await findOpenPasswordResetExpiry(getDb(), user.id);
  return { user, isSelf: user.id === admin.id, openResetExpiresAt, reference: await listReferenceData(getDb()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user.manage");
  const user = await loadTarget(params);
  const form = await request.formData();
  const audit = auditContext(admin, request, context);
  const intent = formString(form, "intent");
  const membership = {
    role: formString(form, "role"),
    service: formString(form, "service"),
    comune: formString(form, "comune"),
  };
  return answeringPageErrors(
    () =>
      getDb()
        .transaction()
        .execute(async (trx) => {
          switch (intent) {
            case "disable":
            case "enable":
              // An admin who disables themself is locked out at once, possibly leaving no admin at all.
              if (user.id === admin.id)
                return data({ errors: { form: "Non puoi disattivare il tuo stesso account." } }, { status: 400 });
              await setUserDisabled(trx, user.id, intent === "disable", audit);
              return {
                done:
                  intent === "disable"
                    ? "Utente disattivato: le sue sessioni sono state chiuse."
                    : "Utente riattivato.",
              };
            case "reset-password": {
              // Shown once, here: only the hash of its secret is stored.
              const { url, expiresAt } = await createPasswordReset(trx, user.id, "admin", audit);
              return { resetLink: { url, expiresAt: expiresAt.toISOString() } };
            }
            case "add-membership":
              await addMembership(trx, user.id, membership, audit);
              return { done: "Abilitazione aggiunta." };
            case "remove-membership": {
              const membershipId = Number(formString(form, "membershipId"));
              // Removing one's own admin membership could leave the Ambito without any admin.
              if (user.id === admin.id && user.memberships.some((m) => m.id === membershipId && m.role === "admin")) {
                return data(
                  { errors: { form: "Non puoi rimuovere la tua abilitazione di amministratore." } },
                  { status: 400 }
                );
              }
              if (!(await removeMembership(trx, user.id, membershipId, audit))) throw pageError(404);
              return { done: "Abilitazione rimossa." };
            }
            default:
              return data({ errors: { form: "Operazione sconosciuta." } }, { status: 400 });
          }
        }),
    { extra: { values: membership } }
  );
}

export default function UserDetail() {
  const { user, isSelf, openResetExpiresAt, reference } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const done = actionData && "done" in actionData ? actionData.done : undefined;
  const resetLink = actionData && "resetLink" in actionData ? actionData.resetLink : undefined;
  const names = Object.fromEntries([...reference.services, ...reference.comuni].map((r) => [r.code, r.name]));
  return (
    <>
      <p>
        <Link to="/admin/utenti">← Tutti gli utenti</Link>
      </p>
      <h1>{user.displayName}</h1>
      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={errors} fieldIds={{ ...membershipFieldIds, form: "role" }} />
      <dl className="summary-list">
        <div>
          <dt>E-mail</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>Stato</dt>
          <dd>{user.disabledAt ? `Disattivato il ${formatDateTime(user.disabledAt)}` : "Attivo"}</dd>
        </div>
        <div>
          <dt>Creato</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </div>
        <div>
          <dt>Ultimo cambio password</dt>
          <dd>{formatDateTime(user.passwordChangedAt)}</dd>
        </div>
      </dl>
      <p>
        {/* Per user, for the admin (issue 17 item 3): what this person did, the cases their lists and exports showed included. */}
        <Link to={`/admin/registro?persona=${user.id}`}>Attività di {user.displayName} nel registro</Link>
      </p>
      {isSelf ? null : (
        <Form method="post" className="actions">
          {user.disabledAt ? (
            <button type="submit" name="intent" value="enable" className="button">
              Riattiva l'utente
            </button>
          ) : (
            <button type="submit" name="intent" value="disable" className="button button--danger">
              Disattiva l'utente
            </button>
          )}
        </Form>
      )}

      <PasswordResetSection userName={user.displayName} disabled={!!user.disabledAt} openUntil={openResetExpiresAt} created={resetLink} />

      <h2>Abilitazioni</h2>
      {user.memberships.length ? (
        <Table caption={`Abilitazioni di ${user.displayName}`} columns={["Ruolo", "Servizio", "Comune", ""]}>
          {user.memberships.map((m) => (
            <tr key={m.id}>
              <td>{ROLE_LABELS[m.role]}</td>
              <td>{m.service ? names[m.service] : "Tutto l'Ambito"}</td>
              <td>{m.comune ? names[m.comune] : "Tutti i comuni"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="membershipId" value={m.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="remove-membership"
                    className="button button--secondary button--small"
                  >
                    Rimuovi<span className="visually-hidden"> l'abilitazione {ROLE_LABELS[m.role]}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessuna abilitazione: l'utente può accedere ma non vede dati.</p>
      )}

      <h2>Aggiungi un'abilitazione</h2>
      <Form method="post" className="form narrow" noValidate>
        <MembershipFields reference={reference} errors={errors} values={values} />
        <button type="submit" name="intent" value="add-membership" className="button">
          Aggiungi
        </button>
      </Form>
    </>
  );
}

/** Making a one-time link for the user to set a new password, and showing it once. */
function PasswordResetSection({
  userName,
  disabled,
  openUntil,
  created,
}: {
  userName: string;
  disabled: boolean;
  openUntil: string | Date | undefined;
  created: { url: string; expiresAt: string } | undefined;
}) {
  return (
    <section aria-labelledby="password-reset">
      <h2 id="password-reset">Password</h2>
      {created ? (
        <div className="notice notice--success" role="status">
          <h3>Link creato</h3>
          <p>
            Consegnalo a {userName} di persona o per telefono: per sicurezza non verrà mostrato di nuovo. Funziona una sola volta, fino al{" "}
            {formatDateTime(created.expiresAt)}; ogni link precedente non vale più.
          </p>
          <p>
            <code className="token-value">{created.url}</code>
          </p>
        </div>
      ) : openUntil ? (
        <p>Un link per impostare la password è stato creato e non è ancora stato usato: vale fino al {formatDateTime(openUntil)}.</p>
      ) : null}
      {disabled ? (
        <p>L'utente è disattivato: riattivalo per creare un link per impostare la password.</p>
      ) : (
        <>
          <p>
            Se {userName} ha dimenticato la password, crea un link dove sceglierne una nuova (vale 24 ore, una sola volta). Quando la
            imposta, tutte le sue sessioni e i suoi token API vengono chiusi.
          </p>
          <Form method="post" className="actions">
            <button type="submit" name="intent" value="reset-password" className="button button--secondary">
              {openUntil || created ? "Crea un nuovo link per la password" : "Crea un link per impostare la password"}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
