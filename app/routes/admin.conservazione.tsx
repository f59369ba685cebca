import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { Transaction } from "kysely";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { confirmCaseDeletion, listPendingDeletions, rejectCaseDeletion } from "~/cases/retention.server";
import { DoneNotice, ErrorSummary } from "~/components/form";
import { DeletionCountsTable } from "~/components/retention";
import { getDb } from "~/db/instance.server";
import type { Database } from "~/db/schema";
import { answeringPageErrors } from "~/http/page-errors.server";
import { InvalidInputError, NotFoundError, fieldErrors } from "~/lib/errors";
import { formatDate, formatDateTime } from "~/lib/format-date";
import { parseIdParam } from "~/lib/id-param";

export const meta: MetaFunction = () => [{ title: "Eliminazioni da confermare · Schedario" }];

/** /admin/conservazione — admins: the deletions coordinators proposed, with their dry run, to confirm or reject (the second person, ADR 0024). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "retention.confirm");
  const pending = await listPendingDeletions(getDb());
  return {
    proposals: pending.map(({ proposedById, caseId: _caseId, ...p }) => ({ ...p, ownProposal: proposedById === user.id })),
  };
}

/** Confirms (intent confirm: deletes the case, leaving its tombstone) or rejects (intent reject) a proposal; audited, one transaction. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "retention.confirm");
  const form = await request.formData();
  const decider = { userId: user.id, audit: auditContext(user, request, context) };
  return answeringPageErrors(async () => {
    const intent = form.get("intent");
    if (intent !== "confirm" && intent !== "reject") throw new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta: ricarica la pagina e riprova." }));
    const id = parseIdParam(form.get("proposta")?.toString());
    if (id === undefined) throw new NotFoundError("case deletion");
    await getDb()
      .transaction()
      .execute(async (trx: Transaction<Database>) => {
        if (intent === "confirm") await confirmCaseDeletion(trx, decider, id);
        else await rejectCaseDeletion(trx, decider, id);
      });
    return redirect(`/admin/conservazione?esito=${intent}`);
  });
}

const OUTCOMES: Record<string, string> = {
  confirm: "Cartella eliminata: restano il codice, le date e il registro delle attività.",
  reject: "Proposta respinta: la cartella resta com'è.",
};

export default function DeletionsPage() {
  const { proposals } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors as Record<string, string> | undefined;
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1 id="eliminazioni">Eliminazioni da confermare</h1>
      <DoneNotice message={OUTCOMES[searchParams.get("esito") ?? ""]} />
      <ErrorSummary errors={errors} fieldIds={{ form: "eliminazioni" }} />
      <p>
        Un coordinatore propone di eliminare una cartella chiusa il cui termine di conservazione è scaduto; la conferma spetta a un
        amministratore diverso da chi l'ha proposta. Confermando si eliminano in modo definitivo schede, consensi, provvedimenti e gli altri dati
        della cartella; restano il codice, il servizio, le date e il registro delle attività.
      </p>
      <p>
        Quanti anni si conserva ogni cartella lo stabiliscono le <Link to="/admin/conservazione/regole">regole di conservazione dei servizi</Link>.
      </p>
      {proposals.length ? (
        proposals.map((p) => (
          <section key={p.id} aria-labelledby={`proposta-${p.id}`}>
            <h2 id={`proposta-${p.id}`}>Cartella {p.code}</h2>
            <p>
              {[p.serviceName, p.comuneName].filter(Boolean).join(" · ")}. Chiusa il {formatDate(p.closedOn)}, da conservare {p.yearsAfterClosure}{" "}
              anni: eliminabile dal {formatDate(p.dueOn)}. Proposta da {p.proposedBy} il {formatDateTime(p.proposedAt)}.
            </p>
            <DeletionCountsTable caption={`Dati della cartella ${p.code} da eliminare: alla proposta e oggi`} counts={p.current} proposed={p.dryRun} />
            {p.held ? (
              <p>La cartella è sotto blocco legale: non può essere eliminata finché il coordinatore non revoca il blocco. Puoi respingere la proposta.</p>
            ) : null}
            {p.ownProposal ? (
              <p>Hai proposto tu questa eliminazione: deve confermarla o respingerla un altro amministratore.</p>
            ) : (
              <div className="actions">
                {!p.held ? (
                  <Form method="post">
                    <input type="hidden" name="proposta" value={p.id} />
                    <input type="hidden" name="intent" value="confirm" />
                    <button type="submit" className="button button--danger" aria-label={`Conferma l'eliminazione della cartella ${p.code}`}>
                      Conferma l'eliminazione
                    </button>
                  </Form>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="proposta" value={p.id} />
                  <input type="hidden" name="intent" value="reject" />
                  <button type="submit" className="button button--secondary" aria-label={`Respingi la proposta per la cartella ${p.code}`}>
                    Respingi
                  </button>
                </Form>
              </div>
            )}
          </section>
        ))
      ) : (
        <p>Nessuna proposta di eliminazione in attesa.</p>
      )}
    </>
  );
}
