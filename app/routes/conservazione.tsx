import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePageScope } from "~/auth/guard.server";
import { listCasesDue } from "~/cases/retention.server";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { formatDate } from "~/lib/format-date";

export const meta: MetaFunction = () => [{ title: "Conservazione · Schedario" }];

/** /conservazione — coordinators: the closed cases of their services whose retention has run (ADR 0024). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePageScope(request, "retention.manage");
  const due = await listCasesDue(getDb(), scope);
  return {
    cases: due.map((c) => ({
      id: c.caseId,
      code: c.code,
      where: [c.serviceName, c.comuneName].filter(Boolean).join(" · "),
      closedOn: c.closedOn,
      dueOn: c.dueOn,
      state: c.hold ? "Sotto blocco legale" : c.proposal ? "Eliminazione proposta, in attesa di un amministratore" : "Da esaminare",
    })),
  };
}

export default function RetentionPage() {
  const { cases } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Conservazione delle cartelle</h1>
      <p>
        Le cartelle chiuse dei tuoi servizi il cui termine di conservazione è scaduto. Per ognuna puoi impostare un blocco legale (per esempio
        se un procedimento è ancora aperto) o proporne l'eliminazione dopo averne visto la prova; l'eliminazione la conferma un amministratore.
      </p>
      {cases.length ? (
        <Table caption="Cartelle con il termine di conservazione scaduto" columns={["Cartella", "Servizio", "Chiusa il", "Scaduta il", "Stato", ""]}>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>{c.code}</td>
              <td>{c.where}</td>
              <td>{formatDate(c.closedOn)}</td>
              <td>{formatDate(c.dueOn)}</td>
              <td>{c.state}</td>
              <td>
                <Link to={`/casi/${c.id}/conservazione`} aria-label={`Esamina la cartella ${c.code}`}>
                  Esamina
                </Link>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessuna cartella da eliminare: il controllo si ripete ogni volta che apri questa pagina.</p>
      )}
    </>
  );
}
