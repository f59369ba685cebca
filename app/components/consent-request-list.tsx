import { languageInfo } from "~/consent/family-language";
import { Form } from "@remix-run/react";
import { STATUS_WORDS, relationshipLabel } from "~/consent/consent-status";
import type { ConsentRequest } from "~/consent/consent-requests.server";
import { formatDateTime } from "~/lib/format-date";
import { Table } from "./table";

/** A case's consent requests with their answers; a worker who may write can send a link again or revoke it. */
export function ConsentRequestList({ requests, canWrite, busy }: { requests: readonly ConsentRequest[]; canWrite: boolean; busy: boolean }) {
  if (requests.length === 0) return <p>Nessuna richiesta di consenso per questa cartella.</p>;
  return (
    <Table caption="Richieste di consenso della cartella" columns={["Destinatario", "Modulo", "Stato", "Scadenza", "Risposta", ""]}>
      {requests.map((r) => (
        <tr key={r.id}>
          <td>
            {r.recipient.name}
            <br />
            {relationshipLabel(r.recipient.relationship)}
          </td>
          <td>
            {r.formTitle} (v. {r.formVersion})
          </td>
          <td>
            <span className={`tag tag--${r.status}`} data-status={r.status}>
              {STATUS_WORDS[r.status]}
            </span>
          </td>
          <td>{formatDateTime(r.expiresAt)}</td>
          <td>
            {r.answer ? (
              <>
                {r.answer.signer ?? "—"}, {formatDateTime(r.answer.answeredAt)}
                {r.answer.language !== "it" ? <>, in {languageInfo(r.answer.language).italianName} (traduzione approvata)</> : null}
                <ul className="purpose-answers">
                  {r.answer.purposes.map((a) => (
                    <li key={a.purpose}>
                      {a.title}: <strong>{a.label}</strong>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              "—"
            )}
          </td>
          <td>{canWrite ? <RequestActions request={r} busy={busy} /> : null}</td>
        </tr>
      ))}
    </Table>
  );
}

/** "Send again" for a link not answered (a revoked one too); "revoke" only while it could still be answered. */
function RequestActions({ request: r, busy }: { request: ConsentRequest; busy: boolean }) {
  const revocable = r.status === "pending" || r.status === "expired";
  if (!revocable && r.status !== "revoked") return null;
  return (
    <Form method="post" className="row-actions">
      <input type="hidden" name="id" value={r.id} />
      <button type="submit" name="intent" value="resend" className="button button--small button--secondary" disabled={busy}>
        Invia di nuovo<span className="visually-hidden"> a {r.recipient.name}</span>
      </button>
      {revocable ? (
        <button type="submit" name="intent" value="revoke" className="button button--small button--danger" disabled={busy}>
          Revoca<span className="visually-hidden"> il collegamento di {r.recipient.name}</span>
        </button>
      ) : null}
    </Form>
  );
}
