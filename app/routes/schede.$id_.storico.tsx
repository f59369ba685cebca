import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { SelectField, formatDateTime } from "~/components/form";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { findForm, findFormVersion } from "~/forms/registry.server";
import { parseIdParam } from "~/http/id-param";
import { diffData, type FieldChange } from "~/submissions/data-diff";
import { listSubmissionHistory } from "~/submissions/submissions.server";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Storico della scheda n. ${data?.submission.id ?? ""} · Schedario` },
];

/**
 * Every revision of a submission with what changed at each save, and the
 * differences between any two revisions (?da=N&a=M). Fields are named by the
 * pinned version's titles; only the differences reach the browser, not the data.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.read");
  const id = parseIdParam(params.id);
  if (id === undefined) throw pageError(404);
  const caller = { scope, audit: auditContext(user, request, context) };
  const found = await getDb()
    .transaction()
    .execute(async (trx) => {
      const history = await listSubmissionHistory(trx, caller, id);
      if (!history) return undefined;
      const { form, formVersion } = history.submission;
      const [version, definition] = await Promise.all([findFormVersion(trx, form, formVersion), findForm(trx, form)]);
      return { ...history, schema: version!.schema, formTitle: definition!.title };
    });
  if (!found) throw pageError(404);
  const { submission, revisions, schema } = found;
  const query = new URL(request.url).searchParams;
  const from = revisions.find((r) => String(r.revision) === query.get("da"));
  const to = revisions.find((r) => String(r.revision) === query.get("a"));
  return {
    submission: { id: submission.id, status: submission.status, formVersion: submission.formVersion, case: submission.case },
    formTitle: found.formTitle,
    // Newest first; each with what it changed since the one before (the first: what it was created with).
    revisions: revisions
      .map((r, i) => ({
        revision: r.revision,
        status: r.status,
        author: r.author.displayName,
        createdAt: r.createdAt,
        reason: r.reason,
        changes: diffData(schema, i === 0 ? {} : revisions[i - 1]!.data, r.data),
      }))
      .reverse(),
    comparison: from && to && from !== to ? { from: from.revision, to: to.revision, changes: diffData(schema, from.data, to.data) } : null,
  };
}

const CHANGE_LABELS = { added: "Aggiunto", removed: "Tolto", changed: "Modificato" } as const;

function Changes({ changes, caption }: { changes: FieldChange[]; caption: string }) {
  if (!changes.length) return <p>Nessun campo cambiato.</p>;
  return (
    <div className="list--changes">
      <Table caption={caption} columns={["Campo", "Modifica", "Prima", "Dopo"]} compact>
        {changes.map((c) => (
          <tr key={c.pointer}>
            <th scope="row">{c.label.join(" › ")}</th>
            <td>{CHANGE_LABELS[c.change]}</td>
            <td className="diff-before">{c.before ?? "—"}</td>
            <td className="diff-after">{c.after ?? "—"}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

export default function SubmissionHistory() {
  const { submission, formTitle, revisions, comparison } = useLoaderData<typeof loader>();
  const numbers = revisions.map((r) => ({ value: String(r.revision), label: `Revisione ${r.revision}` }));
  const newest = revisions[0]!.revision;
  return (
    <>
      <p>
        <Link to={`/schede/${submission.id}`}>← Torna alla scheda</Link>
      </p>
      <h1>
        Storico della scheda n. {submission.id}: {formTitle}
      </h1>
      <p>
        Versione del modulo {submission.formVersion}
        {submission.case ? `, cartella ${submission.case}` : ""}. Ogni salvataggio è conservato: nulla viene sovrascritto.
      </p>

      {revisions.length > 1 ? (
        <>
          <h2>Confronta due revisioni</h2>
          <Form method="get" className="filters" aria-label="Scegli le revisioni da confrontare">
            <SelectField id="da" label="Dalla revisione" options={numbers} defaultValue={String(comparison?.from ?? newest - 1)} />
            <SelectField id="a" label="Alla revisione" options={numbers} defaultValue={String(comparison?.to ?? newest)} />
            <button type="submit" className="button">
              Confronta
            </button>
          </Form>
          {comparison ? (
            <section aria-labelledby="confronto">
              <h3 id="confronto">
                Dalla revisione {comparison.from} alla revisione {comparison.to}
              </h3>
              <Changes changes={comparison.changes} caption={`Differenze dalla revisione ${comparison.from} alla ${comparison.to}`} />
            </section>
          ) : null}
        </>
      ) : null}

      <h2>Revisioni, dalla più recente</h2>
      {revisions.map((r) => (
        <section key={r.revision} className="revision" aria-labelledby={`revisione-${r.revision}`}>
          <h3 id={`revisione-${r.revision}`}>
            Revisione {r.revision}{" "}
            <span className={r.status === "draft" ? "tag tag--draft" : "tag"}>{SUBMISSION_STATUS_LABELS[r.status]}</span>
          </h3>
          <p className="revision__meta">
            {formatDateTime(r.createdAt)} · {r.author}
          </p>
          {r.reason ? (
            <p>
              <strong>Motivo della rettifica:</strong> {r.reason}
            </p>
          ) : null}
          <Changes
            changes={r.changes}
            caption={r.revision === 1 ? "Campi compilati alla creazione" : `Modifiche rispetto alla revisione ${r.revision - 1}`}
          />
        </section>
      ))}
    </>
  );
}
