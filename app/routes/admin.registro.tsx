import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS } from "~/audit/audit-labels";
import { describeAuditEvents, listAuditPeople, parseAuditLogQuery } from "~/audit/audit-view.server";
import { listAuditEvents } from "~/audit/audit.server";
import { requirePermission } from "~/auth/guard.server";
import { AuditEventList } from "~/components/audit-event-list";
import { Field, SelectField } from "~/components/form";
import { getDb } from "~/db/instance.server";

export const meta: MetaFunction = () => [{ title: "Registro attività · Schedario" }];

const PAGE_SIZE = 50;

/** The kinds of action offered by the filter: each group, then its actions. */
const KIND_OPTIONS = [
  { value: "", label: "Tutte le operazioni" },
  ...Object.entries(AUDIT_ACTION_GROUPS).flatMap(([group, groupLabel]) => [
    { value: group, label: `${groupLabel}: tutte` },
    ...Object.entries(AUDIT_ACTION_LABELS)
      .filter(([action]) => action.startsWith(`${group}.`))
      .map(([action, label]) => ({ value: action, label: `${groupLabel}: ${label.charAt(0).toLowerCase()}${label.slice(1)}` })),
  ]),
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit.read");
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const { query, filters, unknownCase } = await parseAuditLogQuery(db, params);
  const before = Number(params.get("prima")) || undefined;
  const page = await listAuditEvents(db, filters, { before, limit: PAGE_SIZE });
  const next = new URLSearchParams(params);
  if (page.nextBefore) next.set("prima", String(page.nextBefore));
  const csv = new URLSearchParams(params);
  csv.delete("prima");
  return {
    query,
    unknownCase,
    people: await listAuditPeople(db),
    events: await describeAuditEvents(db, page.events),
    nextPage: page.nextBefore ? `?${next}` : undefined,
    csvLink: `/admin/registro.csv${csv.size ? `?${csv}` : ""}`,
  };
}

export default function AuditLog() {
  const { query, unknownCase, people, events, nextPage, csvLink } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Registro attività</h1>
      <p>
        Ogni accesso, consultazione e modifica, dal più recente. Il registro non si può modificare né cancellare. Filtra per persona,
        cartella, tipo di operazione o periodo; il file CSV contiene tutti gli eventi che corrispondono ai filtri.
      </p>
      <Form method="get" className="filters" aria-label="Filtra il registro">
        <SelectField
          id="persona"
          label="Persona"
          defaultValue={query.persona}
          options={[{ value: "", label: "Tutte" }, ...people.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
        <Field id="cartella" label="Codice della cartella" defaultValue={query.cartella} spellCheck={false} />
        <SelectField id="tipo" label="Tipo di operazione" defaultValue={query.tipo} options={KIND_OPTIONS} />
        <Field id="dal" label="Dal giorno" type="date" defaultValue={query.dal} />
        <Field id="al" label="Al giorno" type="date" defaultValue={query.al} />
        <button type="submit" className="button">
          Filtra
        </button>
      </Form>
      <p className="actions">
        <a href={csvLink} className="button button--secondary" download>
          Scarica in CSV
        </a>
        <Link to="/admin/registro">Togli i filtri</Link>
      </p>
      {unknownCase ? (
        <p className="notice" role="status">
          Nessuna cartella ha il codice «{query.cartella}»: controlla come è scritto (ad esempio TM-SER-2026-001).
        </p>
      ) : events.length ? (
        <AuditEventList events={events} label="Eventi del registro, dal più recente" />
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
