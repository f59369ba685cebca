import { Form, Link } from "@remix-run/react";
import { DoneNotice, ErrorSummary, SelectField, TextareaField } from "~/components/form";
import { Table } from "~/components/table";
import type { FieldMessages } from "~/lib/errors";
import { formatDateTime } from "~/lib/format-date";

/** One translation as the admin page lists it. */
export interface TranslationRow {
  id: number;
  formVersion: number;
  language: string;
  languageName: string;
  version: number;
  status: "draft" | "approved";
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  /** The newest approved one of its form version and language: what families are offered. */
  inUse: boolean;
}

/** A string still to translate: where it is in the form (Italian words) and its text. */
export interface TranslationProblemRow {
  where: string;
  message: string;
}

export const TRANSLATION_FIELD_IDS = { versione: "versione", lingua: "lingua", testo: "testo", form: "carica" };

/**
 * The translations of a consent form (issue 15, ADR 0023), for admins: what
 * exists per form version and language, a form that loads one (pasted JSON:
 * each Italian string's pointer → its translation) and lists what it misses,
 * and the approval of drafts. Families only ever see approved translations.
 */
export function ConsentTranslationsAdmin({
  form,
  versions,
  languages,
  translations,
  template,
  errors,
  problems,
  values,
  done,
}: {
  form: { slug: string; title: string };
  versions: number[];
  languages: { code: string; label: string }[];
  translations: TranslationRow[];
  /** The strings to translate of the newest version, as a JSON template. */
  template: { version: number; json: string } | null;
  errors: FieldMessages | undefined;
  problems: TranslationProblemRow[];
  values: Record<string, string>;
  done: string | undefined;
}) {
  return (
    <>
      <p>
        <Link to={`/admin/moduli/${form.slug}`}>← Versioni di {form.title}</Link>
      </p>
      <h1>Traduzioni di «{form.title}»</h1>
      <p className="lead">
        Una versione pubblicata del modulo può avere una traduzione per lingua, scelta dalla famiglia sulla pagina del
        consenso. La versione italiana non cambia. Una traduzione va approvata prima che le famiglie la vedano; una
        traduzione approvata non si modifica più: una correzione si carica come nuova versione e va approvata di nuovo.
      </p>
      <DoneNotice message={done} />
      <ErrorSummary errors={errors} fieldIds={TRANSLATION_FIELD_IDS} />

      <h2 id="elenco">Traduzioni</h2>
      {translations.length ? (
        <Table caption="Traduzioni del modulo" columns={["Versione del modulo", "Lingua", "Traduzione", "Stato", ""]}>
          {translations.map((t) => (
            <tr key={t.id}>
              <td>{t.formVersion}</td>
              <td>{t.languageName}</td>
              <td>versione {t.version}, caricata il {formatDateTime(t.createdAt)}</td>
              <td>
                {t.status === "approved"
                  ? `Approvata il ${formatDateTime(t.approvedAt)}${t.approvedBy ? ` da ${t.approvedBy}` : ""}${t.inUse ? " — offerta alle famiglie" : " — sostituita da una più recente"}`
                  : "Bozza: le famiglie non la vedono"}
              </td>
              <td>
                {t.status === "draft" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="id" value={t.id} />
                    <button type="submit" className="button button--secondary">
                      Approva
                      <span className="visually-hidden">
                        {" "}
                        la traduzione in {t.languageName} della versione {t.formVersion}
                      </span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Il modulo non ha ancora traduzioni.</p>
      )}

      <h2 id="carica">Carica una traduzione</h2>
      {versions.length ? (
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <SelectField
            id="versione"
            label="Versione del modulo"
            options={versions.map((v) => ({ value: String(v), label: `Versione ${v}` }))}
            defaultValue={values.versione ?? String(versions[versions.length - 1])}
            error={errors?.versione}
          />
          <SelectField
            id="lingua"
            label="Lingua"
            options={[{ value: "", label: "Scegli…" }, ...languages.map((l) => ({ value: l.code, label: l.label }))]}
            defaultValue={values.lingua ?? ""}
            error={errors?.lingua}
          />
          <TextareaField
            id="testo"
            label="Traduzione (JSON)"
            hint="Ogni testo italiano del modulo, indicato dal suo puntatore JSON, con la sua traduzione. Si parte dal modello qui sotto: ogni «[da completare]» va sostituito dalla traduzione."
            rows={12}
            spellCheck={false}
            defaultValue={values.testo ?? ""}
            error={errors?.testo}
          />
          {problems.length ? (
            <div className="notice" id="problemi">
              <h3>Da correggere nella traduzione</h3>
              <ul className="problem-list">
                {problems.map((p, i) => (
                  <li key={i}>
                    <strong>{p.where}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <button type="submit" className="button">
            Carica come bozza
          </button>
        </Form>
      ) : (
        <p>Il modulo non ha versioni pubblicate da tradurre.</p>
      )}

      {template ? (
        <details className="consent-details">
          <summary>Modello da tradurre (versione {template.version})</summary>
          <TextareaField id="modello" label="Testi italiani da tradurre" rows={12} readOnly spellCheck={false} defaultValue={template.json} />
        </details>
      ) : null}
    </>
  );
}
