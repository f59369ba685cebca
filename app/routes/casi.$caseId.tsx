import { CaseAccessLink } from "~/components/case-access-link";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { auditContext, pageError, requirePageScope } from "~/auth/guard.server";
import { scopeCovers, scopeFor } from "~/auth/policy";
import { findCase, listCaseSubmissions, listStartableForms, setCaseClosed } from "~/cases/cases.server";
import { casePathFor, timePointFields } from "~/cases/case-paths";
import { TRIANGLE_FORM } from "~/cases/triangle.server";
import { buildTimeline } from "~/cases/timeline";
import { listCourtOrders } from "~/cases/court-orders.server";
import { todayInRome } from "~/cases/today";
import { CasePath } from "~/components/case-path";
import { CaseTriangleLink } from "~/components/triangle-view";
import { CaseCourtOrders } from "~/components/court-orders";
import { CaseConsentSection } from "~/components/consent-matrix";
import { formatDateTime } from "~/lib/format-date";
import { caseConsentMatrix } from "~/consent/case-consent.server";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { parseIdParam } from "~/lib/id-param";
import { fillUrl } from "~/pages/fill-form.server";

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
  // No transaction: every read below is one statement, each scoped on its own, and
  // the case's read event is written by the statement that finds it. So they run
  // side by side (on PostgreSQL on separate connections); nothing is shown unless
  // the case is found in scope.
  const [c, courtOrders, consents] = await Promise.all([findCase(db, caller, id), listCourtOrders(db, scope, id), caseConsentMatrix(db, scope, id)]);
  if (!c) throw pageError(404);
  const [submissions, forms] = await Promise.all([listCaseSubmissions(db, scope, id, casePathFor(c.service)), listStartableForms(db, c.service)]);
  const canWrite = scopeCovers(scopeFor(user.memberships, "case.write"), { service: c.service, comune: c.comune });
  // Only someone who may write here, in an open case, starts forms.
  const canStart = canWrite && !c.closedAt;
  const path = casePathFor(c.service);
  const target = { service: c.service, comune: c.comune, caseCode: c.code };
  return {
    case: c,
    path: {
      name: path.name,
      stages: buildTimeline(submissions, path, forms.map((f) => f.slug)).map((stage) => ({
        ...stage,
        startUrl: canStart && stage.form && stage.available ? fillUrl(stage.form, { ...target, stage: stage.key }) : null,
      })),
    },
    startable: canStart ? forms.map((f) => ({ ...f, url: fillUrl(f.slug, target) })) : [],
    canWrite,
    consents,
    // Coordinators see who consulted the case (its access report).
    canSeeAccesses: scopeCovers(scopeFor(user.memberships, "report.read"), { service: c.service, comune: c.comune }),
    // Coordinators manage its retention and legal hold (ADR 0024).
    canManageRetention: scopeCovers(scopeFor(user.memberships, "retention.manage"), { service: c.service, comune: c.comune }),
    courtOrders,
    // The triangle, for paths with the P.I.P.P.I. assessment: the time points with a submitted scheda.
    triangle: timePointFields(path).has(TRIANGLE_FORM)
      ? [...new Set(submissions.filter((s) => s.form === TRIANGLE_FORM && s.status === "submitted" && s.timePoint).map((s) => s.timePoint!))].sort()
      : null,
    today: todayInRome(),
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
  const { case: c, path, startable, canWrite, courtOrders, today, consents, canSeeAccesses, canManageRetention, triangle } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const outcome = searchParams.get("esito");
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

      <h2>{path.name}</h2>
      <CasePath name={path.name} stages={path.stages} />
      {triangle ? <CaseTriangleLink caseId={c.id} submitted={triangle} /> : null}

      <CaseCourtOrders caseId={c.id} orders={courtOrders} today={today} canWrite={canWrite} />

      <CaseConsentSection caseId={c.id} matrices={consents} />

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

      {canSeeAccesses ? <CaseAccessLink caseId={c.id} /> : null}

      {canManageRetention ? (
        <section aria-labelledby="case-retention">
          <h2 id="case-retention">Conservazione e blocco legale</h2>
          <p>
            Quanto a lungo si conserva la cartella dopo la chiusura, il blocco legale se un procedimento è aperto, la proposta di eliminazione.{" "}
            <Link to={`/casi/${c.id}/conservazione`}>Vedi la conservazione</Link>
          </p>
        </section>
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
