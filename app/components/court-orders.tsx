import { Form, Link } from "@remix-run/react";
import { COURT_AUTHORITIES, COURT_ORDER_TYPES, courtLabel } from "~/cases/court-order-input";
import { formatDate } from "~/lib/format-date";

/** A court order as pages receive it (JSON). */
export interface CourtOrderView {
  id: number;
  authority: string;
  docketNumber: string;
  issuedOn: string;
  orderType: string;
  duties: string;
  deadlines: { id: number; dueOn: string; report: { id: number; title: string } | null }[];
}

/**
 * A case's court orders: authority, R.G., date, type, what the service must
 * do, and each report due date with the relazione filed for it (or overdue).
 * With `reports`, a worker links a filed relazione to an open due date.
 */
export function CourtOrderList({
  orders,
  today,
  reports,
}: {
  orders: CourtOrderView[];
  today: string;
  reports?: { id: number; title: string }[];
}) {
  if (!orders.length) return <p>Nessun provvedimento registrato.</p>;
  return (
    <ul className="court-orders">
      {orders.map((o) => (
        <li key={o.id} className="court-order">
          <h3>
            {courtLabel(COURT_ORDER_TYPES, o.orderType)} — {courtLabel(COURT_AUTHORITIES, o.authority)}
          </h3>
          <p>
            R.G. {o.docketNumber}, del {formatDate(o.issuedOn)}
          </p>
          {o.duties ? <p className="court-order__duties">{o.duties}</p> : null}
          {o.deadlines.length ? (
            <ul className="court-order__deadlines" aria-label="Scadenze delle relazioni">
              {o.deadlines.map((d) => (
                <li key={d.id}>
                  Relazione entro il {formatDate(d.dueOn)}:{" "}
                  {d.report ? (
                    <Link to={`/schede/${d.report.id}`}>
                      {d.report.title} n. {d.report.id}
                    </Link>
                  ) : d.dueOn < today ? (
                    <span className="tag tag--danger">Scaduta</span>
                  ) : (
                    <span className="tag tag--draft">Da depositare</span>
                  )}
                  {!d.report && reports?.length ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="link" />
                      <input type="hidden" name="scadenza" value={d.id} />
                      <label htmlFor={`relazione-${d.id}`} className="visually-hidden">
                        Relazione depositata per la scadenza del {formatDate(d.dueOn)}
                      </label>
                      <select id={`relazione-${d.id}`} name="relazione" className="input input--small">
                        {reports.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.title} n. {r.id}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button--secondary button--small">
                        Collega la relazione
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>Nessuna scadenza di relazione.</p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The case page's section: the court orders and a link to record one or link a relazione. */
export function CaseCourtOrders({ caseId, orders, today, canWrite }: { caseId: number; orders: CourtOrderView[]; today: string; canWrite: boolean }) {
  return (
    <section aria-labelledby="court-orders-title">
      <h2 id="court-orders-title">Provvedimenti e scadenze</h2>
      <CourtOrderList orders={orders} today={today} />
      <p>
        <Link to={`/casi/${caseId}/provvedimenti`}>
          {canWrite ? "Registra un provvedimento o collega una relazione" : "Tutti i provvedimenti di questa cartella"}
        </Link>
      </p>
    </section>
  );
}
