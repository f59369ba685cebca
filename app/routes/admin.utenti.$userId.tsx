import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { addMembership, listReferenceData, removeMembership } from "~/auth/memberships.server";
import { ROLE_LABELS } from "~/auth/policy";
import { findUser, setUserDisabled } from "~/auth/users.server";
import { ErrorSummary, formatDateTime } from "~/components/form";
import { MembershipFields, membershipFieldIds } from "~/components/membership-fields";
import { getDb } from "~/db/instance.server";
import { formString, withInputErrors } from "~/http/forms.server";
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
  return { user, isSelf: user.id === admin.id, reference: await listReferenceData(getDb()) };
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
  return withInputErrors(
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
    membership
  );
}

export default function UserDetail() {
  const { user, isSelf, reference } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? (actionData.errors as Record<string, string>) : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const done = actionData && "done" in actionData ? actionData.done : undefined;
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
