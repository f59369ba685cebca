import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { DEFAULT_EXPIRY_DAYS, EXCEPTION_KINDS, MAX_EXPIRY_DAYS, RELATIONSHIPS } from "~/consent/consent-status";
import type { ConsentException } from "~/consent/case-consent.server";
import type { FieldMessages } from "~/lib/errors";
import { Field, SelectField, TextareaField } from "./form";
import { formatDateTime } from "~/lib/format-date";
import type { ConsentFormChoice } from "./paper-consent-form";

/** A link just made: shown once (its token is not stored), with a QR code to print or show. */
export interface CreatedConsentLink {
  url: string;
  qrSvg: string;
  recipient: string;
  expiresAt: string;
}

/** A new link for one person of the family (give it a new `key` after each link made: the form starts empty again). */
export function NewConsentRequestForm({ forms, errors, busy }: { forms: readonly ConsentFormChoice[]; errors: FieldMessages | undefined; busy: boolean }) {
  if (forms.length === 0) return <p>Nessun modulo di consenso pubblicato per questo servizio.</p>;
  return (
    <Form method="post" className="form narrow" noValidate>
      <input type="hidden" name="intent" value="create" />
      <SelectField
        id="formVersion"
        label="Modulo"
        options={forms.map((f) => ({ value: `${f.slug}@${f.version}`, label: `${f.title} (versione ${f.version})` }))}
        error={errors?.formVersion ?? errors?.form}
      />
      <Field id="recipientName" label="Nome e cognome di chi deve rispondere" autoComplete="off" error={errors?.recipientName} />
      <SelectField id="relationship" label="Rapporto con il minore" options={[...RELATIONSHIPS]} error={errors?.relationship} />
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
  );
}

/** The ids the error summary of the consents page links to, by field (`form`: the request form as a whole). */
export const CONSENT_PAGE_FIELD_IDS: Record<string, string> = {
  formVersion: "formVersion",
  recipientName: "recipientName",
  relationship: "relationship",
  expiresInDays: "expiresInDays",
  kind: "kind",
  note: "note",
  form: "new-request",
  paperFormVersion: "paper-title",
  signerName: "signerName",
  paperRelationship: "paperRelationship",
  signedOn: "signedOn",
  witnessId: "witnessId",
  paperAnswers: "paper-answers",
  paperNote: "paperNote",
};

/** The exceptions declared on a case, with who recorded them and when. */
export function ConsentExceptionList({ exceptions }: { exceptions: readonly ConsentException[] }) {
  if (!exceptions.length) return null;
  return (
    <>
      <h3>Eccezioni dichiarate</h3>
      <ul>
        {exceptions.map((e) => (
          <li key={e.id}>
            {EXCEPTION_KINDS[e.kind]}: {e.note} ({e.recordedBy}, {formatDateTime(e.recordedAt)})
          </li>
        ))}
      </ul>
    </>
  );
}

/** An exception to the two parents' consent: one parent's consent is enough, or the court ordered the work. */
export function ConsentExceptionForm({ errors, busy }: { errors: FieldMessages | undefined; busy: boolean }) {
  return (
    <Form method="post" className="form narrow" noValidate>
      <input type="hidden" name="intent" value="exception" />
      <SelectField
        id="kind"
        label="Eccezione"
        options={Object.entries(EXCEPTION_KINDS).map(([value, label]) => ({ value, label }))}
        error={errors?.kind}
      />
      <TextareaField id="note" label="Estremi (provvedimento, dichiarazione sostitutiva, motivo)" rows={3} error={errors?.note} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        Registra l'eccezione
      </button>
    </Form>
  );
}

/** The link just made, with a QR code; it is not shown again after the page is left. */
export function CreatedConsentLinkNotice({ created }: { created: CreatedConsentLink }) {
  return (
    <section className="notice notice--success created-link" aria-labelledby="created-title">
      <h2 id="created-title">Collegamento per {created.recipient}</h2>
      <p>
        Mostralo, stampalo o invialo ora: per sicurezza non sarà più visibile dopo aver lasciato questa pagina (se serve, usa «Invia di
        nuovo»). Scade il {formatDateTime(created.expiresAt)}.
      </p>
      <code className="token-value" id="consent-link">
        {created.url}
      </code>
      <div className="actions">
        <CopyButton text={created.url} />
      </div>
      <div className="qr" role="img" aria-label={`Codice QR del collegamento per ${created.recipient}`} dangerouslySetInnerHTML={{ __html: created.qrSvg }} />
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  // Rendered only once JavaScript runs: without it the link is still there to select and copy.
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true))}>
        Copia il collegamento
      </button>
      <span role="status">{copied ? "Collegamento copiato." : ""}</span>
    </>
  );
}
