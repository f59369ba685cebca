import type { ReactNode } from "react";
import type { AnswerItem } from "~/consent/consent-form";
import type { DocumentLanguage } from "./family-consent-form";
import { formatFamilyDateTime, type FamilyLanguage, type FamilyText } from "~/consent/family-language";

/** The family's consent once answered, as the family page shows it. */
export interface FamilyReceiptData {
  document: DocumentLanguage;
  status: string;
  formTitle: string;
  formVersion: number;
  textHash: string;
  answer: {
    answeredAt: string;
    withdrawnAt: string | null;
    items: AnswerItem[];
    /** The language signed in, named in itself. */
    language: { code: string; name: string };
    /** The Italian original's hash, when a translation was signed (textHash is then the translation's). */
    originalHash: string | null;
  };
}

/**
 * The receipt of the family page (/c/:token): what was recorded and when, the
 * evidence (text hash, form version), the PDF, the text as it was, and — while
 * the consent stands — the withdrawal, an ordinary HTML form.
 */
export function FamilyConsentReceipt({
  page,
  t,
  lang,
  document,
  pdfUrl,
  withdrawError,
}: {
  page: FamilyReceiptData;
  t: FamilyText;
  lang: FamilyLanguage;
  /** The consent text, rendered. */
  document: ReactNode;
  pdfUrl: string;
  withdrawError?: string;
}) {
  const { answer } = page;
  const doc = { lang: page.document.lang, dir: page.document.dir };
  const lead = page.status === "withdrawn" ? t.withdrawnLead(formatFamilyDateTime(lang, answer.withdrawnAt!)) : page.status === "declined" ? t.declinedLead : t.completedLead;
  return (
    <>
      <h1>
        {t.receiptTitle}: <span {...doc}>{page.formTitle}</span>
      </h1>
      <div className={`notice${page.status === "completed" ? " notice--success" : ""}`} role="status">
        <p>{lead}</p>
        <p>{t.answeredAt(formatFamilyDateTime(lang, answer.answeredAt))}</p>
      </div>
      <h2>{t.yourAnswers}</h2>
      <dl className="summary-list summary-list--stacked" {...doc}>
        {answer.items.map((item) => (
          <div key={item.name}>
            <dt>{item.title}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t.evidence}</h2>
      <p>{t.evidenceHint}</p>
      <dl className="summary-list summary-list--stacked">
        <div>
          <dt>{t.languageSigned}</dt>
          <dd lang={answer.language.code} dir={page.document.dir}>
            {answer.language.name}
          </dd>
        </div>
        <HashRow label={t.textHash} hash={page.textHash} />
        {answer.originalHash ? <HashRow label={t.originalHash} hash={answer.originalHash} /> : null}
        <div>
          <dt>{t.formVersion}</dt>
          <dd>{page.formVersion}</dd>
        </div>
      </dl>
      <p>
        <a className="button button--large" href={pdfUrl} download>
          {t.downloadPdf}
        </a>
      </p>
      {page.document.lang !== "it" ? <p>{t.pdfInItalian}</p> : null}
      <details className="consent-details">
        <summary>{t.readText}</summary>
        <div {...doc}>{document}</div>
      </details>
      {page.status === "completed" ? (
        <section aria-labelledby="withdraw-title" className="withdraw">
          <h2 id="withdraw-title">{t.withdrawTitle}</h2>
          <p id="withdraw-hint">{t.withdrawHint}</p>
          <form method="post" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <div className={`field consent-confirm${withdrawError ? " field--error" : ""}`}>
              {withdrawError ? (
                <p className="field__error" id="withdraw-error" role="alert">
                  {withdrawError}
                </p>
              ) : null}
              <div className="choice__option">
                <input
                  type="checkbox"
                  id="withdraw-confirm"
                  name="withdraw-confirm"
                  value="true"
                  aria-describedby={withdrawError ? "withdraw-hint withdraw-error" : "withdraw-hint"}
                  aria-invalid={withdrawError ? true : undefined}
                />
                <label htmlFor="withdraw-confirm">{t.withdrawConfirm}</label>
              </div>
            </div>
            <button type="submit" className="button button--danger button--large">
              {t.withdrawButton}
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** One hash of the evidence: left to right whatever the page's direction. */
function HashRow({ label, hash }: { label: string; hash: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <code className="hash" dir="ltr">
          {hash}
        </code>
      </dd>
    </div>
  );
}
