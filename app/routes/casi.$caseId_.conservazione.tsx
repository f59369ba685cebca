import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Transaction } from "kysely";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { findCase } from "~/cases/cases.server";
import { countCaseData, findActiveHold, findCaseRetention, proposeCaseDeletion, releaseLegalHold, setLegalHold } from "~/cases/retention.server";
import { DeletionCountsTable } from "~/components/retention";
import { DoneNotice, ErrorSummary, TextareaField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import type { Database } from "~/db/schema";
import { answeringPageErrors } from "~/http/page-errors.server";
import { InvalidInputError, fieldErrors } from "~/lib/errors";
import { formatDate, formatDateTime } from "~/lib/format-date";
import { parseIdParam } from "~/lib/id-param";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `Conservazione · ${page?.case.code ?? "Cartella"} · Schedario` }];

/** The case in the caller's retention scope (a `case.read` event), or a 404 page. */
async function requireRetentionCase(request: Request, context: LoaderFunctionArgs["context"], caseIdParam: string | undefined) {
  const { user, scope } = await requirePageScope(request, "retention.manage");
  const audit = auditContext(user, request, context);
  const caseId = parseIdParam(caseIdParam);
  const found = caseId && (await findCase(getDb(), { scope, audit }, caseId));
  if (!found) throw pageError(404);
  return { user, scope, audit, found };
}

/** /casi/:caseId/conservazione — coordinators: the case's retention, its legal hold, and the proposal to delete it after a dry run. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { scope, found } = await requireRetentionCase(request, context, params.caseId);
  const db = getDb();
  const retention = await findCaseRetention(db, scope, found.id);
  const hold = retention ? retention.hold : await findActiveHold(db, found.id);
  const canPropose = !!retention?.due && !hold && !retention.proposal;
  return {
    case: { id: found.id, code: found.code, serviceName: found.serviceName, comuneName: found.comuneName, closed: found.closedAt !== null },
    retention: retention && { closedOn: retention.closedOn, years: retention.yearsAfterClosure, dueOn: retention.dueOn, due: retention.due, proposal: retention.proposal },
    hold,
    // The dry run: counted only when a proposal can be made, nothing is changed.
    dryRun: canPropose ? await countCaseData(db, found.id) : null,
  };
}

/** Sets or releases the legal hold (intent hold / release) or proposes the deletion (intent propose); audited, in one transaction each. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope, audit, found } = await requireRetentionCase(request, context, params.caseId);
  const form = await request.formData();
  const caller = { scope, audit, userId: user.id };
  return answeringPageErrors(async () => {
    const intent = form.get("intent");
    const run = <T,>(step: (trx: Transaction<Database>) => Promise<T>) => getDb().transaction().execute(step);
    if (intent === "hold") await run((trx) => setLegalHold(trx, caller, found.id, form.get("motivo")?.toString() ?? ""));
    else if (intent === "release") await run((trx) => releaseLegalHold(trx, caller, found.id));
    else if (intent === "propose") await run((trx) => proposeCaseDeletion(trx, caller, found.id));
    else throw new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta: ricarica la pagina e riprova." }));
    return redirect(`/casi/${found.id}/conservazione?esito=${intent}`);
  });
}

const OUTCOMES: Record<string, string> = {
  hold: "Blocco legale impostato: la cartella non può essere eliminata finché non lo revochi.",
  release: "Blocco legale revocato.",
  propose: "Eliminazione proposta: ora deve confermarla un amministratore.",
};
const FIELD_IDS = { motivo: "motivo", form: "conservazione" };

export default function CaseRetentionPage() {
  const { case: c, retention, hold, dryRun } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors as Record<string, string> | undefined;
  const [searchParams] = useSearchParams();
  return (
    <>
      <p>
        <Link to={`/casi/${c.id}`}>← Cartella {c.code}</Link>
      </p>
      <h1 id="conservazione">Conservazione della cartella {c.code}</h1>
      <DoneNotice message={OUTCOMES[searchParams.get("esito") ?? ""]} />
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
      <h2>Termine di conservazione</h2>
      {!c.closed ? (
        <p>La cartella è aperta: il termine di conservazione decorre dalla chiusura.</p>
      ) : retention ? (
        <p>
          Chiusa il {formatDate(retention.closedOn)}; si conserva per {retention.years} anni dalla chiusura, quindi{" "}
          {retention.due ? <strong>può essere eliminata dal {formatDate(retention.dueOn)}</strong> : <>fino al {formatDate(retention.dueOn)}</>}.
        </p>
      ) : (
        <p>Nessuna regola di conservazione riguarda il servizio di questa cartella: chiedi a un amministratore di aggiungerne una.</p>
      )}

      <h2>Blocco legale</h2>
      {hold ? (
        <>
          <p>
            Sotto blocco legale dal {formatDateTime(hold.setAt)} ({hold.setBy}): «{hold.reason}». Finché il blocco è attivo la cartella non
            può essere eliminata.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="release" />
            <button type="submit" className="button button--secondary">
              Revoca il blocco legale
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" noValidate>
          <p>Imposta un blocco legale quando un procedimento è ancora aperto: la cartella non sarà eliminata finché non lo revochi.</p>
          <input type="hidden" name="intent" value="hold" />
          <TextareaField id="motivo" name="motivo" label="Motivo del blocco" hint="Per esempio il procedimento ancora aperto e l'autorità." error={errors?.motivo} rows={2} maxLength={500} />
          <p className="actions">
            <button type="submit" className="button button--secondary">
              Imposta il blocco legale
            </button>
          </p>
        </Form>
      )}

      <h2>Eliminazione</h2>
      {retention?.proposal ? (
        <p>
          Eliminazione proposta il {formatDateTime(retention.proposal.proposedAt)} da {retention.proposal.proposedBy}: in attesa della conferma di
          un amministratore.
        </p>
      ) : dryRun ? (
        <>
          <p>
            Prova dell'eliminazione (nulla è ancora cambiato): ecco che cosa verrebbe tolto. Restano solo il codice della cartella, il servizio, le
            date e il registro delle attività. L'eliminazione avviene quando un amministratore la conferma.
          </p>
          <DeletionCountsTable caption={`Dati della cartella ${c.code} che verrebbero eliminati`} counts={dryRun} />
          <Form method="post">
            <input type="hidden" name="intent" value="propose" />
            <p className="actions">
              <button type="submit" className="button">
                Proponi l'eliminazione
              </button>
            </p>
          </Form>
        </>
      ) : (
        <p>{hold ? "Revoca il blocco legale per poterne proporre l'eliminazione." : "Non si può ancora proporre l'eliminazione di questa cartella."}</p>
      )}
    </>
  );
}
