import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { auditContext, pageError, requireUser } from "~/auth/guard.server";
import { scopeCovers, scopeFor } from "~/auth/policy";
import { findCase } from "~/cases/cases.server";
import { ErrorSummary, Field, SelectField, formatDateTime } from "~/components/form";
import { Table } from "~/components/table";
import {
  holderConsents,
  listConsentExceptions,
  listConsentFormVersions,
  recordConsentException,
  recordConsentListRead,
} from "~/consent/case-consent.server";
import { DEFAULT_EXPIRY_DAYS, EXCEPTION_KINDS, MAX_EXPIRY_DAYS, STATUS_WORDS } from "~/consent/consent-status";
import {
  createConsentRequest,
  listCaseConsentRequests,
  resendConsentRequest,
  revokeConsentRequest,
  type CreatedConsentRequest,
} from "~/consent/consent-requests.server";
import { ConsentNotFoundError, ConsentStateError, ConsentValidationError } from "~/consent/errors";
import { getDb } from "~/db/instance.server";
import { parseIdParam } from "~/http/id-param";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `Consensi · ${page?.case.code ?? "Cartella"} · Schedario` }];

const RELATIONSHIPS = [
  { value: "madre", label: "Madre" },
  { value: "padre", label: "Padre" },
  { value: "tutore", label: "Tutore/tutrice" },
  { value: "affidatario", label: "Affidatario/affidataria" },
  { value: "altro", label: "Altro" },
];
const relationshipLabel = (value: string | null) => RELATIONSHIPS.find((r) => r.value === value)?.label ?? value ?? "—";

/** The case in the caller's scope for an action: 403 when the role can never do it, 404 outside the scope. */
async function caseFor(
  request: Request,
  context: AppLoadContext,
  caseIdParam: string | undefined,
  action: "case.read" | "case.write"
) {
  const user = await requireUser(request);
  const scope = scopeFor(user.memberships, action);
  if (scope.grants.length === 0) throw pageError(403);
  const caseId = parseIdParam(caseIdParam);
  const found = caseId && (await findCase(getDb(), { scope, audit: auditContext(user, request, context) }, caseId));
  if (!found) throw pageError(404);
  return { user, scope, found };
}

/** /casi/:caseId/consensi — a case's consent requests, whose consent is missing, new links. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope, found } = await caseFor(request, context, params.caseId, "case.read");
  const db = getDb();
  const [requests, exceptions, forms] = await Promise.all([
    listCaseConsentRequests(db, scope, found.id),
    listConsentExceptions(db, found.id),
    listConsentFormVersions(db, found.service),
  ]);
  await recordConsentListRead(db, auditContext(user, request, context), found);
  const canWrite = scopeCovers(scopeFor(user.memberships, "case.write"), { service: found.service, comune: found.comune });
  return { case: found, requests, exceptions, holders: holderConsents(requests, exceptions), forms, canWrite };
}

type ActionResult = { created?: { url: string; qrSvg: string; recipient: string; expiresAt: string }; message?: string; errors?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope, found } = await caseFor(request, context, params.caseId, "case.write");
  const form = await request.formData();
  const caller = { scope, userId: user.id, audit: auditContext(user, request, context) };
  const db = getDb();
  const intent = form.get("intent");
  const text = (name: string) => String(form.get(name) ?? "").trim();
  try {
    if (intent === "create") {
      const errors: Record<string, string> = {};
      const [slug, version] = text("formVersion").split("@");
      const days = Number(text("expiresInDays") || DEFAULT_EXPIRY_DAYS);
      if (!slug || !version) errors.formVersion = "Scegli il modulo.";
      if (!text("recipientName")) errors.recipientName = "Scrivi il nome e cognome di chi deve rispondere.";
      if (!RELATIONSHIPS.some((r) => r.value === text("relationship"))) errors.relationship = "Scegli il rapporto con il minore.";
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) errors.expiresInDays = `Un numero di giorni da 1 a ${MAX_EXPIRY_DAYS}.`;
      if (Object.keys(errors).length) return data<ActionResult>({ errors }, { status: 400 });
      const input = {
        form: slug!,
        version: Number(version),
        service: found.service,
        comune: found.comune,
        case: { id: found.id },
        recipient: { name: text("recipientName"), relationship: text("relationship"), email: null },
        expiresInDays: days,
      };
      return await createdResult(await db.transaction().execute((trx) => createConsentRequest(trx, caller, input)));
    }
    if (intent === "revoke" || intent === "resend") {
      const id = Number(text("id"));
      const own = (await listCaseConsentRequests(db, scope, found.id)).find((r) => r.id === id);
      if (!own) throw pageError(404);
      if (intent === "revoke") {
        await db.transaction().execute((trx) => revokeConsentRequest(trx, caller, id));
        return data<ActionResult>({ message: `Collegamento per ${own.recipient.name} revocato: non funziona più.` });
      }
      return await createdResult(await db.transaction().execute((trx) => resendConsentRequest(trx, caller, id)));
    }
    if (intent === "exception") {
      await db.transaction().execute((trx) => recordConsentException(trx, caller, found.id, { kind: text("kind"), note: text("note") }));
      return data<ActionResult>({ message: "Eccezione registrata." });
    }
    return data<ActionResult>({ errors: { form: "Operazione sconosciuta." } }, { status: 400 });
  } catch (error) {
    if (error instanceof ConsentValidationError) {
      const errors = Object.fromEntries(error.errors.map((e) => [e.path.replace(/^\//, "") || "form", e.message]));
      return data<ActionResult>({ errors }, { status: 400 });
    }
    if (error instanceof ConsentStateError) return data<ActionResult>({ errors: { form: `Non è possibile: ${error.message}.` } }, { status: 409 });
    if (error instanceof ConsentNotFoundError) throw pageError(404);
    throw error;
  }
}

async function createdResult(created: CreatedConsentRequest) {
  // The link exists only in this answer (its token is not stored): shown once, with a QR code to print or show.
  const qrSvg = await QRCode.toString(created.url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return data<ActionResult>({
    created: { url: created.url, qrSvg, recipient: created.request.recipient.name, expiresAt: created.request.expiresAt.toISOString() },
  });
}

function CopyButton({ text }: { text: string }) {
  // Rendered only once JavaScript runs: without it the link is still there to select and copy.
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true))}
      >
        Copia il collegamento
      </button>
      <span role="status">{copied ? "Collegamento copiato." : ""}</span>
    </>
  );
}

export default function CaseConsents() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors;
  const fieldIds = { formVersion: "formVersion", recipientName: "recipientName", relationship: "relationship", expiresInDays: "expiresInDays", kind: "kind", note: "note", form: "new-request" };
  return (
    <>
      <p>
        <Link to={`/casi/${page.case.id}`}>Cartella {page.case.code}</Link>
      </p>
      <h1>Consensi della famiglia</h1>
      <p>
        Cartella <strong>{page.case.code}</strong> · {page.case.service} · {page.case.comune ?? "tutti i comuni"}. Ogni genitore riceve un
        proprio collegamento: il link non contiene dati personali e funziona solo fino alla scadenza.
      </p>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      {result?.message ? (
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.created ? (
        <section className="notice notice--success created-link" aria-labelledby="created-title">
          <h2 id="created-title">Collegamento per {result.created.recipient}</h2>
          <p>
            Mostralo, stampalo o invialo ora: per sicurezza non sarà più visibile dopo aver lasciato questa pagina (se serve, usa «Invia di
            nuovo»). Scade il {formatDateTime(result.created.expiresAt)}.
          </p>
          <code className="token-value" id="consent-link">
            {result.created.url}
          </code>
          <div className="actions">
            <CopyButton text={result.created.url} />
          </div>
          <div className="qr" role="img" aria-label={`Codice QR del collegamento per ${result.created.recipient}`} dangerouslySetInnerHTML={{ __html: result.created.qrSvg }} />
        </section>
      ) : null}

      <h2>Consenso di entrambi i genitori</h2>
      {page.holders.length === 0 ? <p>Nessuna richiesta ancora.</p> : null}
      <ul>
        {page.holders.map((h) => (
          <li key={h.form}>
            <strong>{h.formTitle}</strong>:{" "}
            {h.missing.length === 0
              ? `completo (${h.given.map(relationshipLabel).join(", ")})`
              : `manca il consenso di: ${h.missing.map(relationshipLabel).join(", ")}`}
            {h.exceptionApplies ? " · eccezione dichiarata" : ""}
          </li>
        ))}
      </ul>
      {page.exceptions.length ? (
        <>
          <h3>Eccezioni dichiarate</h3>
          <ul>
            {page.exceptions.map((e) => (
              <li key={e.id}>
                {EXCEPTION_KINDS[e.kind]}: {e.note} ({e.recordedBy}, {formatDateTime(e.recordedAt)})
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Richieste</h2>
      {page.requests.length === 0 ? (
        <p>Nessuna richiesta di consenso per questa cartella.</p>
      ) : (
        <Table caption="Richieste di consenso della cartella" columns={["Destinatario", "Modulo", "Stato", "Scadenza", "Risposta", ""]}>
          {page.requests.map((r) => (
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
              <td>{r.answer ? `${r.answer.signer ?? "—"}, ${formatDateTime(r.answer.answeredAt)}` : "—"}</td>
              <td>
                {page.canWrite && (r.status === "pending" || r.status === "expired") ? (
                  <Form method="post" className="row-actions">
                    <input type="hidden" name="id" value={r.id} />
                    <button type="submit" name="intent" value="resend" className="button button--small button--secondary" disabled={busy}>
                      Invia di nuovo<span className="visually-hidden"> a {r.recipient.name}</span>
                    </button>
                    <button type="submit" name="intent" value="revoke" className="button button--small button--danger" disabled={busy}>
                      Revoca<span className="visually-hidden"> il collegamento di {r.recipient.name}</span>
                    </button>
                  </Form>
                ) : page.canWrite && r.status === "revoked" ? (
                  <Form method="post" className="row-actions">
                    <input type="hidden" name="id" value={r.id} />
                    <button type="submit" name="intent" value="resend" className="button button--small button--secondary" disabled={busy}>
                      Invia di nuovo<span className="visually-hidden"> a {r.recipient.name}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}

      {page.canWrite ? (
        <>
          <h2 id="new-request">Nuova richiesta</h2>
          {page.forms.length === 0 ? (
            <p>Nessun modulo di consenso pubblicato per questo servizio.</p>
          ) : (
            // A new key after each link made: the form starts empty again for the next person.
            <Form method="post" className="form narrow" noValidate key={result?.created?.url ?? "new"}>
              <input type="hidden" name="intent" value="create" />
              <SelectField
                id="formVersion"
                label="Modulo"
                options={page.forms.map((f) => ({ value: `${f.slug}@${f.version}`, label: `${f.title} (versione ${f.version})` }))}
                error={errors?.formVersion ?? errors?.form}
              />
              <Field id="recipientName" label="Nome e cognome di chi deve rispondere" autoComplete="off" error={errors?.recipientName} />
              <SelectField id="relationship" label="Rapporto con il minore" options={RELATIONSHIPS} error={errors?.relationship} />
              <Field
                id="expiresInDays"
                label="Scadenza (giorni)"
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_EXPIRY_DAYS}
                defaultValue={DEFAULT_EXPIRY_DAYS}
                error={errors?.expiresInDays}
              />
              <button type="submit" className="button" disabled={busy}>
                Crea il collegamento
              </button>
            </Form>
          )}

          <h2>Registra un'eccezione</h2>
          <p>Quando basta il consenso di un solo genitore, o quando lo psicologo opera su disposizione dell'Autorità giudiziaria.</p>
          <Form method="post" className="form narrow" noValidate>
            <input type="hidden" name="intent" value="exception" />
            <SelectField
              id="kind"
              label="Eccezione"
              options={Object.entries(EXCEPTION_KINDS).map(([value, label]) => ({ value, label }))}
              error={errors?.kind}
            />
            <div className={`field${errors?.note ? " field--error" : ""}`}>
              <label htmlFor="note">Estremi (provvedimento, dichiarazione sostitutiva, motivo)</label>
              {errors?.note ? (
                <p className="field__error" id="note-error">
                  {errors.note}
                </p>
              ) : null}
              <textarea id="note" name="note" rows={3} aria-describedby={errors?.note ? "note-error" : undefined} aria-invalid={errors?.note ? true : undefined} />
            </div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              Registra l'eccezione
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
