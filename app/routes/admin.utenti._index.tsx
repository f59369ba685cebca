import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guard.server";
import { ROLE_LABELS } from "~/auth/policy";
import { listUsers } from "~/auth/users.server";
import { getDb } from "~/db/instance.server";
import { Table } from "~/components/table";

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
      <Table
        caption="Utenti di Schedario con stato e abilitazioni"
        columns={["Nome", "E-mail", "Stato", "Abilitazioni"]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              <Link to={`/admin/utenti/${u.id}`}>{u.displayName}</Link>
            </td>
            <td>{u.email}</td>
            <td>
              {u.disabled ? <span className="tag tag--danger">Disattivato</span> : <span className="tag">Attivo</span>}
            </td>
            <td>{u.roles.length ? u.roles.join("; ") : "Nessuna"}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
