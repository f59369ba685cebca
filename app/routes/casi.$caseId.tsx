import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { scopeCovers, scopeFor } from "~/auth/policy";
import { findCase, listCaseSubmissions, listStartableForms, setCaseClosed } from "~/cases/cases.server";
import { buildTimeline, startFormUrl } from "~/cases/timeline";
import { formatDateTime } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { formString } from "~/http/forms.server";
import { parseIdParam } from "~/http/id-param";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Cartella ${data?.case.code ?? ""} · Schedario` }];

function caseIdParam(value: string | undefined): number {
  return parseIdParam(value) ?? throwNotFound();
}

function throwNotFound(): never {
  throw pageError(404);
}

/** A case in the caller's scope with the timeline of its submissions; unknown or out of scope → 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.read");
  const id = caseIdParam(params.caseId);
  const caller = { scope, audit: auditContext(user, request, context) };
  const db = getDb();
  const found = await db.transaction().execute(async (trx) => {
    const c = await findCase(trx, caller, id);
    return c && { case: c, submissions: await listCaseSubmissions(trx, scope, id) };
  });
  if (!found) throw pageError(404);
  const canWrite = scopeCovers(scopeFor(user.memberships, "case.write"), { service: found.case.service, comune: found.case.comune });
  const forms = await listStartableForms(db, found.case.service);
  return {
    case: found.case,
    timeline: buildTimeline(found.submissions, forms.map((f) => f.slug)),
    // Only someone who may write here, in an open case, starts forms.
    startable: canWrite && !found.case.closedAt ? forms.map((f) => ({ ...f, url: startFormUrl(f.slug, found.case) })) : [],
    canWrite,
  };
}

/** Close or reopen the case (workers of its service × comune; audited). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "case.write");
  const id = caseIdParam(params.caseId);
  const intent = formString(await request.formData(), "intent");
  if (intent !== "close" && intent !== "reopen") throw new Response("Operazione sconosciuta", { status: 400 });
  const caller = { scope, audit: auditContext(user, request, context) };
  const updated = await getDb()
    .transaction()
    .execute((trx) => setCaseClosed(trx, caller, id, intent === "close"));
  if (!updated) throw pageError(404);
  return redirect(`/casi/${id}?esito=${intent === "close" ? "chiusa" : "riaperta"}`);
}


export default function CasePage() {
  const { case: c, timeline, startable, canWrite } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const outcome = searchParams.get("esito");
  const startUrl = new Map(startable.map((f) => [f.slug, f.url]));
  return (
    <>
      <p>
        <Link to="/casi">← Tutte le cartelle</Link>
      </p>
      <h1>
        Cartella {c.code} {c.closedAt ? <span className="tag tag--muted">Chiusa</span> : <span className="tag">Aperta</span>}
      </h1>
      {outcome === "chiusa" || outcome === "riaperta" ? (
        <p className="notice notice--success" role="status">
          La cartella è stata {outcome}.
        </p>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>Riferimento del minore</dt>
          <dd>{c.minorRef}</dd>
        </div>
        <div>
          <dt>Servizio</dt>
          <dd>{c.serviceName}</dd>
        </div>
        <div>
          <dt>Comune</dt>
          <dd>{c.comuneName ?? "—"}</dd>
        </div>
        <div>
          <dt>Aperta il</dt>
          <dd>
            {formatDateTime(c.openedAt)} da {c.createdBy}
          </dd>
        </div>
        {c.closedAt ? (
          <div>
            <dt>Chiusa il</dt>
            <dd>{formatDateTime(c.closedAt)}</dd>
          </div>
        ) : null}
      </dl>

      <h2>Percorso</h2>
      {timeline.length ? (
        <ol className="timeline" aria-label="Fasi del percorso, nell'ordine">
          {timeline.map((stage) => (
            <li key={stage.key} className={`timeline__stage${stage.entries.length ? " timeline__stage--done" : ""}`}>
              <h3>{stage.label}</h3>
              {stage.entries.length ? (
                <ul className="timeline__entries">
                  {stage.entries.map((e) => (
                    <li key={e.id}>
                      <Link to={`/schede/${e.id}`}>
                        {e.formTitle} n. {e.id}
                      </Link>
                      <span className={e.status === "draft" ? "tag tag--draft" : "tag"}>{SUBMISSION_STATUS_LABELS[e.status]}</span>
                      <span>aggiornata il {formatDateTime(e.updatedAt)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="timeline__empty">Nessuna scheda.</p>
              )}
              {stage.form && startUrl.has(stage.form) ? (
                <Link to={startUrl.get(stage.form)!} className="button button--secondary button--small">
                  Compila<span className="visually-hidden"> {stage.label}</span>
                </Link>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>Nessuna scheda in questa cartella.</p>
      )}

      <h2>Consensi della famiglia</h2>
      <p>
        I consensi informati si raccolgono online: per ogni genitore un collegamento personale da inviare o mostrare.{" "}
        <Link to={`/casi/${c.id}/consensi`}>Richieste di consenso di questa cartella</Link>
      </p>

      {startable.length ? (
        <>
          <h2>Compila un modulo per questa cartella</h2>
          <ul className="start-list">
            {startable.map((f) => (
              <li key={f.slug}>
                <Link to={f.url} className="button button--secondary">
                  {f.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {canWrite ? (
        <Form method="post" className="actions">
          {c.closedAt ? (
            <button type="submit" name="intent" value="reopen" className="button button--secondary">
              Riapri la cartella
            </button>
          ) : (
            <button type="submit" name="intent" value="close" className="button button--danger">
              Chiudi la cartella
            </button>
          )}
        </Form>
      ) : null}
    </>
  );
}
