import type { ReadableAuditEvent } from "~/audit/audit-view.server";
import { formatDateTime } from "~/lib/format-date";

/**
 * Events as a list of short cards rather than a table: on a phone each
 * event reads top to bottom, and e-mail addresses wrap between words instead
 * of one letter per line.
 */
export function AuditEventList({ events, label }: { events: ReadableAuditEvent[]; label: string }) {
  return (
    <ol className="audit-events" aria-label={label}>
      {events.map((e) => (
        <li key={e.id} className="audit-event">
          <p className="audit-event__head">
            <strong>{e.label}</strong> <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
          </p>
          <dl className="audit-event__facts">
            <div>
              <dt>Chi</dt>
              <dd>
                {e.actor}
                {e.actorEmail ? <span className="audit-event__email"> {e.actorEmail}</span> : null}
              </dd>
            </div>
            {e.object ? (
              <div>
                <dt>Su che cosa</dt>
                <dd>{e.object}</dd>
              </div>
            ) : null}
            {e.place ? (
              <div>
                <dt>Dove</dt>
                <dd>{e.place}</dd>
              </div>
            ) : null}
            {e.details.length ? (
              <div>
                <dt>Dettagli</dt>
                <dd>{e.details.join(" · ")}</dd>
              </div>
            ) : null}
            {e.address ? (
              <div>
                <dt>Da</dt>
                <dd>{e.address}</dd>
              </div>
            ) : null}
          </dl>
        </li>
      ))}
    </ol>
  );
}
