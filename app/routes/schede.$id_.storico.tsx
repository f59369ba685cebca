import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { SelectField } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { NextPageLinks } from "~/components/next-page-links";
import { Table } from "~/components/table";
import { decodeKeysetCursor, encodeKeysetCursor } from "~/db/keyset-cursor";
import { getDb } from "~/db/instance.server";
import { findForm, findFormVersion } from "~/forms/versions/registry.server";
import { parseIdParam } from "~/lib/id-param";
import { diffData, type FieldChange } from "~/submissions/data-diff";
import { listRevisionsOf, listSubmissionHistory } from "~/submissions/submissions.server";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Storico della scheda n. ${data?.submission.id ?? ""} · Schedario` },
];

/** Revisions a page shows, and field changes shown per revision: a history can be long and its revisions large. */
const REVISIONS_PER_PAGE = 10;
const CHANGES_SHOWN = 200;

/**
 * The revisions of a submission, newest first, ten a page (`?cursore=`), with
 * what changed at each save, and the differences between any two revisions
 * (?da=N&a=M). Fields are named by the pinned version's titles; only the
 * differences reach the browser, not the data, at most 200 per revision.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.read");
  const id = parseIdParam(params.id);
  if (id === undefined) throw pageError(404);
  const caller = { scope, audit: auditContext(user, request, context) };
  const query = new URL(request.url).searchParams;
  const cursor = query.get("cursore");
  const after = cursor ? decodeKeysetCursor(cursor) : undefined;
  const compared = [query.get("da"), query.get("a")].map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  const found = await getDb()
    .transaction()
    .execute(async (trx) => {
      // One more than a page: the base of the oldest one's changes, and the sign of a next page.
      const history = await listSubmissionHistory(trx, caller, id, { order: "newest-first", after, limit: REVISIONS_PER_PAGE + 1 });
      if (!history) return undefined;
      const comparison = compared.length === 2 ? await listRevisionsOf(trx, history.submission, compared) : [];
      const { form, formVersion } = history.submission;
      const [version, definition] = await Promise.all([findFormVersion(trx, form, formVersion), findForm(trx, form)]);
      return { ...history, compared: comparison, schema: version!.schema, formTitle: definition!.title };
    });
  if (!found) throw pageError(404);
  const { submission, revisions, schema } = found;
  const shown = revisions.slice(0, REVISIONS_PER_PAGE);
  const from = found.compared.find((r) => String(r.revision) === query.get("da"));
  const to = found.compared.find((r) => String(r.revision) === query.get("a"));
  const next = new URLSearchParams(query);
  next.set("cursore", encodeKeysetCursor(shown[shown.length - 1]?.revision ?? 0));
  return {
    submission: { id: submission.id, status: submission.status, formVersion: submission.formVersion, case: submission.case, revision: submission.revision },
    formTitle: found.formTitle,
    // Newest first; each with what it changed since the one before (the first: what it was created with).
    revisions: shown.map((r, i) => ({
      revision: r.revision,
      status: r.status,
      author: r.author.displayName,
      createdAt: r.createdAt,
      reason: r.reason,
      changes: shownChanges(diffData(schema, r.revision === 1 ? {} : revisions[i + 1]?.data ?? {}, r.data)),
    })),
    comparison: from && to && from !== to ? { from: from.revision, to: to.revision, changes: shownChanges(diffData(schema, from.data, to.data)) } : null,
    nextPage: revisions.length > REVISIONS_PER_PAGE ? `?${next}` : undefined,
    isFirstPage: !cursor,
  };
}

/** The first CHANGES_SHOWN changes, and how many more there are. */
function shownChanges(changes: FieldChange[]): { list: FieldChange[]; more: number } {
  return { list: changes.slice(0, CHANGES_SHOWN), more: Math.max(0, changes.length - CHANGES_SHOWN) };
}

const CHANGE_LABELS = { added: "Aggiunto", removed: "Tolto", changed: "Modificato" } as const;

function Changes({ changes: { list, more }, caption }: { changes: { list: FieldChange[]; more: number }; caption: string }) {
  if (!list.length) return <p>Nessun campo cambiato.</p>;
  return (
    <div className="list--changes">
      <Table caption={caption} columns={["Campo", "Modifica", "Prima", "Dopo"]} compact>
        {list.map((c) => (
          <tr key={c.pointer}>
            <th scope="row">{c.label.join(" › ")}</th>
            <td>{CHANGE_LABELS[c.change]}</td>
            <td className="diff-before">{c.before ?? "—"}</td>
            <td className="diff-after">{c.after ?? "—"}</td>
          </tr>
        ))}
      </Table>
      {more ? (
        <p>
          E altri {more.toLocaleString("it-IT")} campi cambiati, non elencati qui: apri la scheda per vedere i dati completi.
        </p>
      ) : null}
    </div>
  );
}

export default function SubmissionHistory() {
  const { submission, formTitle, revisions, comparison, nextPage, isFirstPage } = useLoaderData<typeof loader>();
  const newest = submission.revision;
  const numbers = Array.from({ length: newest }, (_, i) => ({ value: String(newest - i), label: `Revisione ${newest - i}` }));
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

      {newest > 1 ? (
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
      <NextPageLinks nextPage={nextPage} isFirstPage={isFirstPage} nextLabel="Revisioni precedenti" />
    </>
  );
}
