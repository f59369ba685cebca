import type { ReactNode } from "react";
import { ConsentQuestionField, questionControlId } from "~/components/consent-questions";
import { flattenQuestions, type ConsentQuestion } from "~/consent/consent-form";
import { formatFamilyDateTime, languageInfo, type FamilyLanguage, type FamilyText } from "~/consent/family-language";

/** The language of the document shown (the Italian original or an approved translation), for lang and dir. */
export interface DocumentLanguage {
  lang: string;
  dir: "ltr" | "rtl";
  translated: boolean;
}

/** The family's consent still to answer, as the family page shows it. */
export interface FamilyFormData {
  document: DocumentLanguage;
  /** The approved translation shown, posted back so the family signs what they read. */
  translationId: number | null;
  formTitle: string;
  recipientName: string;
  recipientRelationship: string | null;
  expiresAt: string;
  questions: ConsentQuestion[];
}

/**
 * The questions of the family page (/c/:token) as an ordinary HTML form, with
 * the text to read first and the error summary; /consent-form.js checks the
 * answers before sending when JavaScript runs, the server checks them again.
 */
export function FamilyConsentForm({
  page,
  t,
  lang,
  document,
  values,
  errors,
}: {
  page: FamilyFormData;
  t: FamilyText;
  lang: FamilyLanguage;
  /** The consent text, rendered. */
  document: ReactNode;
  /** Posted answers sent back by the server, or what the worker entered, carried in. */
  values: Record<string, unknown>;
  errors: Record<string, string>;
}) {
  const errorQuestions = flattenQuestions(page.questions).filter((q) => errors[q.name]);
  const doc = { lang: page.document.lang, dir: page.document.dir };
  return (
    <>
      <h1 {...doc}>{page.formTitle}</h1>
      <p className="lead">
        {t.forWhom(page.recipientName)}
        {page.recipientRelationship ? <span {...doc}> ({page.recipientRelationship.toLowerCase()})</span> : null}
      </p>
      <p>{t.expires(formatFamilyDateTime(lang, page.expiresAt))}</p>
      {page.document.translated ? (
        <p className="notice">{t.translationNote}</p>
      ) : t.textInItalian ? (
        <p className="notice">{t.textInItalian}</p>
      ) : null}
      {errorQuestions.length ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} id="error-summary">
          <h2 id="error-summary-title" className="error-summary__title">
            {t.errorTitle}
          </h2>
          <ul>
            {errorQuestions.map((q) => (
              <li key={q.name}>
                <a href={`#${questionControlId(q)}`}>
                  <span {...doc}>{q.title}</span>: {errors[q.name]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="document-title">
        <h2 id="document-title">{t.readFirst}</h2>
        <div {...doc}>{document}</div>
      </section>
      <section aria-labelledby="questions-title">
        <h2 id="questions-title">{t.questions}</h2>
        <p>{t.questionsHint}</p>
        <form
          method="post"
          noValidate
          className="consent-form"
          {...doc}
          data-error-title={t.errorTitle}
          data-msg-required={t.errorRequired}
          data-msg-confirm={t.errorConfirm}
        >
          <input type="hidden" name="intent" value="answer" />
          {page.translationId !== null ? <input type="hidden" name="translation" value={page.translationId} /> : null}
          {page.questions.map((q) => (
            <ConsentQuestionField key={q.name} q={q} t={t} values={values} errors={errors} />
          ))}
          <button type="submit" className="button button--large" lang={lang} dir={languageInfo(lang).dir}>
            {t.submit}
          </button>
        </form>
      </section>
    </>
  );
}
