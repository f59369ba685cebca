import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageError, requirePermission } from "~/auth/guard.server";
import { findService, listServiceTeam } from "~/organisation/organisation.server";
import { ROLE_LABELS, scopeFor } from "~/auth/policy";
import { getDb } from "~/db/instance.server";
import { Table } from "~/components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Équipe · ${data?.service.name ?? "Servizio"} · Schedario` },
];

/** Who works in a service, limited to the comuni the caller covers; another service is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.service ?? "";
  const user = await requirePermission(request, "team.read", { service: code });
  const service = await findService(getDb(), code);
  if (!service) throw pageError(404);
  const members = await listServiceTeam(getDb(), scopeFor(user.memberships, "team.read"), code);
  return { service, members: members.map((m) => ({ ...m, role: ROLE_LABELS[m.role] })) };
}

export default function ServiceTeam() {
  const { service, members } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Équipe: {service.name}</h1>
      <p>Le persone abilitate in questo servizio, nei comuni a cui hai accesso.</p>
      <Table caption="Persone abilitate, con ruolo e comune" columns={["Nome", "E-mail", "Ruolo", "Comune"]}>
        {members.map((m) => (
          <tr key={`${m.email}-${m.role}-${m.comune}`}>
            <td>{m.displayName}</td>
            <td>
              <a href={`mailto:${m.email}`}>{m.email}</a>
            </td>
            <td>{m.role}</td>
            <td>{m.comune ?? "Tutti"}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
