import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { ROLE_LABELS } from "~/auth/policy";
import { findUser } from "~/auth/users.server";
import { formatDateTime } from "~/lib/format-date";
import { getDb } from "~/db/instance.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Il mio profilo · Schedario" }];

/** Any signed-in user: their own account only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [account, reference] = await Promise.all([findUser(getDb(), user.id), listReferenceData(getDb())]);
  const names = Object.fromEntries([...reference.services, ...reference.comuni].map((r) => [r.code, r.name]));
  return {
    displayName: user.displayName,
    email: user.email,
    passwordChangedAt: account?.passwordChangedAt ?? null,
    memberships: user.memberships.map((m) => ({
      id: m.id,
      role: ROLE_LABELS[m.role],
      service: m.service,
      serviceName: m.service ? names[m.service] ?? m.service : "Tutto l'Ambito",
      comuneName: m.comune ? names[m.comune] ?? m.comune : "Tutti i comuni",
    })),
  };
}

export default function Profile() {
  const profile = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Il mio profilo</h1>
      {searchParams.get("password") === "cambiata" ? (
        <p className="notice notice--success" role="status">
          La password è stata cambiata. Le altre sessioni aperte con il tuo account sono state chiuse e i tuoi token API revocati.
        </p>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>Nome</dt>
          <dd>{profile.displayName}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{profile.email}</dd>
        </div>
        <div>
          <dt>Ultimo cambio password</dt>
          <dd>{formatDateTime(profile.passwordChangedAt)}</dd>
        </div>
      </dl>
      <p className="actions">
        <Link to="/profilo/password" className="button">
          Cambia la password
        </Link>
        <Link to="/profilo/token" className="button button--secondary">
          Token per le API
        </Link>
      </p>
      <h2>Le mie abilitazioni</h2>
      {profile.memberships.length ? (
        <Table caption="Ruolo, servizio e comune di ogni abilitazione" columns={["Ruolo", "Servizio", "Comune"]}>
          {profile.memberships.map((m) => (
            <tr key={m.id}>
              <td>{m.role}</td>
              <td>{m.service ? <Link to={`/servizi/${m.service}`}>{m.serviceName}</Link> : m.serviceName}</td>
              <td>{m.comuneName}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Non hai ancora abilitazioni: chiedi all'amministratore di Schedario.</p>
      )}
    </>
  );
}
