import { Form } from "@remix-run/react";
import { RELATIONSHIPS, relationshipLabel } from "~/consent/consent-status";
import type { PaperConsent, PaperConsentVersion, Witness } from "~/consent/paper-consent.server";
import type { FieldMessages } from "~/lib/errors";
import { Field, HintAndError, SelectField, TextareaField } from "./form";
import { formatDateTime } from "~/lib/format-date";
import { Table } from "./table";

/** A consent form version a paper consent may record, as "slug@version". */
export interface ConsentFormChoice {
  slug: string;
  title: string;
  version: number;
}

const NOT_INDICATED = "";

/**
 * Records a consent signed on paper: first the consent form version (a GET
 * form, so that its purposes can be asked without JavaScript), then who
 * signed, when, each purpose's answer and the witness.
 */
export function PaperConsentForm({
  forms,
  paper,
  witnesses,
  userId,
  errors,
  busy,
  done,
}: {
  forms: readonly ConsentFormChoice[];
  paper: PaperConsentVersion | null;
  witnesses: readonly Witness[];
  userId: number;
  errors: FieldMessages | undefined;
  busy: boolean;
  done: string | undefined;
}) {
  if (!forms.length) return null;
  return (
    <section aria-labelledby="paper-title">
      <h2 id="paper-title" tabIndex={-1}>
        Registra un consenso firmato su carta
      </h2>
      <p>Quando un genitore firma il modulo di consenso su carta, davanti a un operatore. Conservi l'originale nel fascicolo.</p>
      <Form method="get" className="form narrow" preventScrollReset>
        <SelectField
          id="carta"
          label="Modulo firmato"
          options={forms.map((f) => ({ value: `${f.slug}@${f.version}`, label: `${f.title} (versione ${f.version})` }))}
          defaultValue={paper ? `${paper.slug}@${paper.version}` : undefined}
        />
        <button type="submit" className="button button--secondary button--small">
          Mostra le finalità di questo modulo
        </button>
      </Form>
      {paper ? (
        // A new key after each recording: the form starts empty again.
        <Form method="post" className="form narrow" noValidate key={done ?? "paper"}>
          <input type="hidden" name="intent" value="paper" />
          <input type="hidden" name="paperFormVersion" value={`${paper.slug}@${paper.version}`} />
          <p>
            Modulo: <strong>{paper.title}</strong> (versione {paper.version})
          </p>
          <Field id="signerName" label="Nome e cognome di chi ha firmato" autoComplete="off" error={errors?.signerName} />
          <SelectField id="paperRelationship" label="Rapporto con il minore" options={[...RELATIONSHIPS]} error={errors?.paperRelationship} />
          <Field id="signedOn" label="Data della firma" type="date" max={new Date().toISOString().slice(0, 10)} error={errors?.signedOn} />
          <fieldset className={`fieldset${errors?.paperAnswers ? " field--error" : ""}`} id="paper-answers" tabIndex={-1}>
            <legend>Risposte per finalità, come scritte sul modulo</legend>
            <HintAndError id="paper-answers" error={errors?.paperAnswers} />
            {paper.purposes.length === 0 ? <p>Questo modulo non ha finalità con «acconsento» e «non acconsento».</p> : null}
            {paper.purposes.map((q) => (
              <fieldset key={q.name} className="field">
                <legend>{q.title}</legend>
                {[...q.options, { value: NOT_INDICATED, title: "Non indicato sul modulo" }].map((o, i) => (
                  <div className="choice__option" key={o.value}>
                    <input type="radio" id={`scopo-${q.name}-${i}`} name={`scopo:${q.name}`} value={o.value} defaultChecked={o.value === NOT_INDICATED} />
                    <label htmlFor={`scopo-${q.name}-${i}`}>{o.title}</label>
                  </div>
                ))}
              </fieldset>
            ))}
          </fieldset>
          <SelectField
            id="witnessId"
            label="Operatore o operatrice che ha assistito alla firma"
            options={witnesses.map((w) => ({ value: String(w.id), label: w.displayName }))}
            defaultValue={String(userId)}
            error={errors?.witnessId}
          />
          <TextareaField id="paperNote" label="Note (facoltative)" rows={2} error={errors?.paperNote} />
          <button type="submit" className="button" disabled={busy}>
            Registra il consenso su carta
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** The consents of a case signed on paper, with who witnessed and who recorded them. */
export function PaperConsentList({ papers }: { papers: readonly PaperConsent[] }) {
  if (papers.length === 0) return <p>Nessun consenso su carta registrato.</p>;
  return (
    <Table caption="Consensi firmati su carta" columns={["Chi ha firmato", "Modulo", "Firmato il", "Risposte", "Testimone", "Registrato"]}>
      {papers.map((p) => (
        <tr key={p.id}>
          <td>
            {p.signerName}
            <br />
            {relationshipLabel(p.relationship)}
          </td>
          <td>
            {p.formTitle} (v. {p.formVersion})
          </td>
          <td>{formatDate(p.signedOn)}</td>
          <td>
            <ul className="purpose-answers">
              {p.answers.map((a) => (
                <li key={a.purpose}>
                  {a.title}: <strong>{a.label}</strong>
                </li>
              ))}
            </ul>
            {p.note ? <p>{p.note}</p> : null}
          </td>
          <td>{p.witness}</td>
          <td>
            {p.recordedBy}, {formatDateTime(p.recordedAt)}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** "12/05/2026" from "2026-05-12". */
function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}
