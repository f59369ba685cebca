import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseDayBound } from "~/audit/day-bound";
import { auditContext, requirePageScope } from "~/auth/guard.server";
import { canSomewhere } from "~/auth/policy";
import { listScopeChoices } from "~/organisation/organisation.server";
import { Field, SelectField } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { NextPageLinks } from "~/components/next-page-links";
import { Table } from "~/components/table";
import { decodeKeysetCursor } from "~/db/keyset-cursor";
import { getDb } from "~/db/instance.server";
import { listOfferedForms } from "~/forms/versions/offered-forms.server";
import { SUBMISSION_STATUSES, type SubmissionFilters, type SubmissionStatus } from "~/submissions/api-input";
import { listSubmissionsWithFields } from "~/submissions/submissions.server";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

export const meta: MetaFunction = () => [{ title: "Schede · Schedario" }];

const FILTERS = ["modulo", "stato", "dal", "al", "servizio", "comune", "cartella"] as const;

/**
 * Submissions in the caller's scope, newest first, with filters; paging by plain links.
 * Filtered by one form, the first few fields of each one follow its number, in the form's newest shape.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.read");
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(FILTERS.map((k) => [k, params.get(k)?.trim() ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const filters: SubmissionFilters = {
    form: values.modulo || undefined,
    status: SUBMISSION_STATUSES.includes(values.stato as SubmissionStatus) ? (values.stato as SubmissionStatus) : undefined,
    // Empty or invalid days leave that end open; "al" includes the whole day.
    from: parseDayBound(values.dal, "from"),
    to: parseDayBound(values.al, "to"),
    service: values.servizio || undefined,
    comune: values.comune || undefined,
    case: values.cartella || undefined,
  };
  // A cursor that is not ours (edited by hand) starts from the first page instead of failing.
  const cursor = params.get("cursore") ?? undefined;
  const validCursor = cursor && decodeKeysetCursor(cursor) !== undefined ? cursor : undefined;
  const caller = { scope, audit: auditContext(user, request, context) };
  const db = getDb();
  const [page, choices, forms] = await Promise.all([
    db.transaction().execute((trx) => listSubmissionsWithFields(trx, caller, filters, { cursor: validCursor, limit: 25 })),
    listScopeChoices(db, scope),
    listOfferedForms(db, scope),
  ]);
  const titles = new Map(forms.map((f) => [f.slug, f.title]));
  const names = new Map([...choices.services, ...choices.comuni].map((i) => [i.code, i.name]));
  // Coordinators download what they see: the export API with the same filters (the session cookie is enough for a GET).
  const exportQuery = (format: "csv" | "ndjson") =>
    `/api/v1/export?${new URLSearchParams(
      Object.entries({ ...filters, format, from: filters.from?.toISOString(), to: filters.to?.toISOString() }).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string"
      )
    )}`;
  const canExport = filters.form !== undefined && canSomewhere(user.memberships, "report.read");
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set("cursore", page.nextCursor);
  return {
    values,
    choices: { ...choices, forms: forms.map((f) => ({ code: f.slug, name: f.title })) },
    fieldTitles: page.columns.map((c) => c.title),
    submissions: page.submissions.map((s) => ({
      ...s,
      formTitle: titles.get(s.form) ?? s.form,
      serviceName: names.get(s.service) ?? s.service,
      comuneName: s.comune ? (names.get(s.comune) ?? s.comune) : null,
    })),
    nextPage: page.nextCursor ? `?${next}` : undefined,
    isFirstPage: !validCursor,
    exportLinks: canExport ? { csv: exportQuery("csv"), ndjson: exportQuery("ndjson") } : null,
    exportHint: !canExport && canSomewhere(user.memberships, "report.read"),
  };
}


export default function Submissions() {
  const { values, choices, fieldTitles, submissions, nextPage, isFirstPage, exportLinks, exportHint } = useLoaderData<typeof loader>();
  const options = (list: { code: string; name: string }[], any: string) => [
    { value: "", label: any },
    ...list.map((i) => ({ value: i.code, label: i.name })),
  ];
  return (
    <>
      <h1>Schede</h1>
      <p>Le schede dei servizi e dei comuni a cui hai accesso, dalla più recente.</p>
      <Form method="get" className="filters" aria-label="Filtra le schede">
        <SelectField id="modulo" label="Modulo" defaultValue={values.modulo} options={options(choices.forms, "Tutti")} />
        <SelectField
          id="stato"
          label="Stato"
          defaultValue={values.stato}
          options={[
            { value: "", label: "Tutti" },
            { value: "draft", label: "Bozza" },
            { value: "submitted", label: "Inviata" },
          ]}
        />
        <Field id="dal" label="Creata dal giorno" type="date" defaultValue={values.dal} />
        <Field id="al" label="Creata fino al giorno" type="date" defaultValue={values.al} />
        <SelectField id="servizio" label="Servizio" defaultValue={values.servizio} options={options(choices.services, "Tutti")} />
        <SelectField id="comune" label="Comune" defaultValue={values.comune} options={options(choices.comuni, "Tutti")} />
        <Field id="cartella" label="Codice della cartella" defaultValue={values.cartella} spellCheck={false} />
        <button type="submit" className="button">
          Filtra
        </button>
      </Form>
      {submissions.length ? (
        <div className="list--submissions">
          <Table
            caption="Schede, dalla più recente"
            columns={["Scheda", ...fieldTitles, "Modulo", "Stato", "Servizio", "Comune", "Cartella", "Aggiornata il"]}
          >
            {submissions.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/schede/${s.id}`}>n. {s.id}</Link>
                </td>
                {s.fields.map((value, i) => (
                  <td key={fieldTitles[i]} className="list__field">
                    {value}
                  </td>
                ))}
                <td>
                  {s.formTitle} <span className="visually-hidden">versione</span>
                  <small>(v{s.formVersion})</small>
                </td>
                <td>
                  <span className={s.status === "draft" ? "tag tag--draft" : "tag"}>{SUBMISSION_STATUS_LABELS[s.status]}</span>
                </td>
                <td>{s.serviceName}</td>
                <td>{s.comuneName ?? "—"}</td>
                <td>{s.case ?? "—"}</td>
                <td>{formatDateTime(s.updatedAt)}</td>
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p>Nessuna scheda corrisponde ai filtri.</p>
      )}
      <NextPageLinks nextPage={nextPage} isFirstPage={isFirstPage} nextLabel="Schede successive" />
      {exportLinks ? (
        <p className="actions">
          {/* Plain links: the browser downloads the file (Content-Disposition), no client-side routing. */}
          <a href={exportLinks.csv} className="button button--secondary" download>
            Esporta in CSV
          </a>
          <a href={exportLinks.ndjson} download>
            Esporta in NDJSON
          </a>
        </p>
      ) : null}
      {exportHint ? <p>Per esportare le schede in CSV o NDJSON, scegli un modulo nei filtri.</p> : null}
    </>
  );
}
