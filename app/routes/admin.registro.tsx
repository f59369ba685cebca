import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAuditEvents } from "~/audit/audit.server";
import { parseDayBound } from "~/audit/day-bound";
import { requirePermission } from "~/auth/guard.server";
import { Field, formatDateTime } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Registro attività · Schedario" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit.read");
  const params = new URL(request.url).searchParams;
  const filters = {
    action: params.get("azione")?.trim() || undefined,
    userEmail: params.get("utente")?.trim() || undefined,
    // Empty or invalid days from the filter form leave that end open; "al" includes the whole day.
    from: parseDayBound(params.get("dal") ?? "", "from"),
    to: parseDayBound(params.get("al") ?? "", "to"),
  };
  const before = Number(params.get("prima")) || undefined;
  const page = await listAuditEvents(getDb(), filters, { before, limit: PAGE_SIZE });
  const next = new URLSearchParams(params);
  if (page.nextBefore) next.set("prima", String(page.nextBefore));
  return {
    filters: Object.fromEntries(["azione", "utente", "dal", "al"].map((k) => [k, params.get(k) ?? ""])),
    events: page.events,
    nextPage: page.nextBefore ? `?${next}` : undefined,
  };
}

export default function AuditLog() {
  const { filters, events, nextPage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Registro attività</h1>
      <p>
        Accessi, modifiche di utenti e abilitazioni, token e, in seguito, letture e modifiche delle schede. Il registro
        non si può modificare né cancellare. Nel filtro «Azione» puoi indicare un'azione esatta o un prefisso che
        finisce col punto (ad esempio <code>auth.</code>). Per un'esportazione completa:{" "}
        <code>npm run cli -- audit export</code>.
      </p>
      <Form method="get" className="filters" aria-label="Filtra il registro">
        <Field id="azione" label="Azione" defaultValue={filters.azione} />
        <Field id="utente" label="E-mail dell'utente" type="email" defaultValue={filters.utente} />
        <Field id="dal" label="Dal giorno" type="date" defaultValue={filters.dal} />
        <Field id="al" label="Al giorno" type="date" defaultValue={filters.al} />
        <button type="submit" className="button">
          Filtra
        </button>
      </Form>
      {events.length ? (
        <Table
          caption="Eventi del registro, dal più recente"
          columns={["Quando", "Chi", "Azione", "Oggetto", "Indirizzo", "Dettagli"]}
          compact
        >
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.occurredAt)}</td>
              <td>{e.actor.email ?? e.actor.kind}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target ? `${e.target.type} ${e.target.id}` : "—"}</td>
              <td>{e.ip ?? "—"}</td>
              <td>
                <code className="details">{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessun evento corrisponde ai filtri.</p>
      )}
      {nextPage ? (
        <p>
          <Link to={nextPage}>Eventi più vecchi</Link>
        </p>
      ) : null}
    </>
  );
}
