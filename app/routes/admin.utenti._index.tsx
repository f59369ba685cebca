import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guard.server";
import { ROLE_LABELS } from "~/auth/policy";
import { listUsers } from "~/auth/users.server";
import { getDb } from "~/db/instance.server";

export const meta: MetaFunction = () => [{ title: "Utenti · Schedario" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user.manage");
  const users = await listUsers(getDb());
  return {
    users: users.map((u) => ({
      id: u.id,
      displayName: u.displayName,
      email: u.email,
      disabled: Boolean(u.disabledAt),
      roles: u.memberships.map((m) => [ROLE_LABELS[m.role], m.service, m.comune].filter(Boolean).join(" · ")),
    })),
  };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Utenti</h1>
      <p className="actions">
        <Link to="/admin/utenti/nuovo" className="button">
          Nuovo utente
        </Link>
      </p>
      <table className="table">
        <caption className="visually-hidden">Utenti di Schedario con stato e abilitazioni</caption>
        <thead>
          <tr>
            <th scope="col">Nome</th>
            <th scope="col">E-mail</th>
            <th scope="col">Stato</th>
            <th scope="col">Abilitazioni</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/admin/utenti/${u.id}`}>{u.displayName}</Link>
              </td>
              <td>{u.email}</td>
              <td>{u.disabled ? <span className="tag tag--danger">Disattivato</span> : <span className="tag">Attivo</span>}</td>
              <td>{u.roles.length ? u.roles.join("; ") : "Nessuna"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
