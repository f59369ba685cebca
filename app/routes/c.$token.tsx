import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { requestClient } from "~/auth/guard.server";
import { verifyRequestOrigin } from "~/auth/origin.server";
import { ConsentQuestionField, questionControlId } from "~/components/consent-questions";
import { answerLabel, parseConsentAnswers } from "~/consent/consent-form";
import { renderConsentText } from "~/consent/consent-text.server";
import { ConsentStateError, ConsentValidationError } from "~/consent/errors";
import { answerFamilyConsent, errorsByQuestion, openFamilyConsent, recordFamilyView, withdrawFamilyConsent } from "~/consent/family-consent.server";
import { FAMILY_TEXT, familyLanguage, formatFamilyDateTime, languageQuery, type FamilyLanguage } from "~/consent/family-language";
import { limitFamilyRequests } from "~/consent/family-guard.server";
import { getDb } from "~/db/instance.server";
import type { RouteHandle } from "~/root";

/**
 * /c/:token — the family's consent page (DESIGN §4): no account, no session,
 * no client runtime. GET shows the text and the questions, or the receipt
 * once answered; POST answers or withdraws, as an ordinary HTML form.
 */
export const handle: RouteHandle = { family: true };

export const meta: MetaFunction<typeof loader> = ({ data: page, location }) => {
  const t = FAMILY_TEXT[familyLanguage(location.search)];
  return [{ title: page ? `${page.formTitle} · Schedario` : `${t.notFoundTitle} · Schedario` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitFamilyRequests(request, context);
  const db = getDb();
  const consent = await openFamilyConsent(db, params.token ?? "");
  if (!consent) throw new Response("Not Found", { status: 404 });
  await recordFamilyView(db, consent, { actor: { kind: "family" }, client: requestClient(request, context) }, "page");
  const { answer } = consent;
  return {
    status: consent.status,
    formTitle: consent.formTitle,
    formVersion: consent.formVersion,
    recipientName: consent.recipientName,
    expiresAt: consent.expiresAt.toISOString(),
    textHtml: renderConsentText(consent.text, 2),
    textHash: answer?.textHash ?? consent.textHash,
    questions: consent.questions,
    answer: answer && {
      answeredAt: answer.answeredAt.toISOString(),
      withdrawnAt: answer.withdrawnAt?.toISOString() ?? null,
      items: consent.questions
        .filter((q) => q.name in answer.data)
        .map((q) => ({ name: q.name, title: q.title, value: answerLabel(consent, q.name, answer.data[q.name]) })),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await limitFamilyRequests(request, context);
  // No session to protect, but a form posted from another site has no business here either.
  if (!verifyRequestOrigin(request)) throw new Response("Forbidden", { status: 403 });
  const token = params.token ?? "";
  const lang = familyLanguage(new URL(request.url).search);
  const audit = { actor: { kind: "family" as const }, client: requestClient(request, context) };
  const form = await request.formData();
  const db = getDb();
  const here = `/c/${token}${languageQuery(lang)}`;
  try {
    if (form.get("intent") === "withdraw") {
      if (form.get("withdraw-confirm") !== "true") return data({ withdrawError: FAMILY_TEXT[lang].withdrawError }, { status: 400 });
      await db.transaction().execute((trx) => withdrawFamilyConsent(trx, token, audit));
      return redirect(here);
    }
    const consent = await openFamilyConsent(db, token);
    if (!consent) throw new Response("Not Found", { status: 404 });
    const answers = parseConsentAnswers(consent.questions, form);
    try {
      await db.transaction().execute((trx) => answerFamilyConsent(trx, token, answers, audit));
    } catch (error) {
      if (!(error instanceof ConsentValidationError)) throw error;
      return data({ values: answers, errors: familyErrors(lang, consent.questions, answers, errorsByQuestion(error.errors)) }, { status: 400 });
    }
    return redirect(here);
  } catch (error) {
    // Already answered (twice, or a second tab): show the receipt, which says what was recorded.
    if (error instanceof ConsentStateError) return redirect(here);
    throw error;
  }
}

/** Field errors in the page's language: "missing" and "confirm" in plain words, others as the validator put them. */
function familyErrors(
  lang: FamilyLanguage,
  questions: { name: string; kind: string }[],
  answers: Record<string, unknown>,
  byQuestion: Record<string, string>
): Record<string, string> {
  const t = FAMILY_TEXT[lang];
  const result: Record<string, string> = {};
  for (const q of questions) {
    const message = byQuestion[q.name];
    if (!message) continue;
    if (q.kind === "confirm") result[q.name] = t.errorConfirm;
    else if (!(q.name in answers)) result[q.name] = t.errorRequired;
    else result[q.name] = lang === "it" ? message : t.errorInvalid;
  }
  return result;
}

export default function FamilyConsentPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const lang = familyLanguage(location.search);
  const t = FAMILY_TEXT[lang];
  const document = <div className="consent-text" dangerouslySetInnerHTML={{ __html: page.textHtml }} />;

  if (page.answer) {
    const { answer } = page;
    const lead = page.status === "withdrawn" ? t.withdrawnLead(formatFamilyDateTime(lang, answer.withdrawnAt!)) : page.status === "declined" ? t.declinedLead : t.completedLead;
    const withdrawError = actionData && "withdrawError" in actionData ? actionData.withdrawError : undefined;
    return (
      <>
        <h1>
          {t.receiptTitle}: {page.formTitle}
        </h1>
        <div className={`notice${page.status === "completed" ? " notice--success" : ""}`} role="status">
          <p>{lead}</p>
          <p>{t.answeredAt(formatFamilyDateTime(lang, answer.answeredAt))}</p>
        </div>
        <h2>{t.yourAnswers}</h2>
        <dl className="summary-list summary-list--stacked" lang="it">
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
            <dt>{t.textHash}</dt>
            <dd>
              <code className="hash">{page.textHash}</code>
            </dd>
          </div>
          <div>
            <dt>{t.formVersion}</dt>
            <dd>{page.formVersion}</dd>
          </div>
        </dl>
        <p>
          <a className="button button--large" href={`${location.pathname}/ricevuta.pdf${languageQuery(lang)}`} download>
            {t.downloadPdf}
          </a>
        </p>
        <details className="consent-details">
          <summary>{t.readText}</summary>
          <div lang="it">{document}</div>
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

  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const values: Record<string, unknown> = actionData && "values" in actionData ? actionData.values : {};
  const errorQuestions = page.questions.filter((q) => errors[q.name]);
  return (
    <>
      <h1>{page.formTitle}</h1>
      <p className="lead">{t.forWhom(page.recipientName)}</p>
      <p>{t.expires(formatFamilyDateTime(lang, page.expiresAt))}</p>
      {t.textInItalian ? <p className="notice">{t.textInItalian}</p> : null}
      {errorQuestions.length ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} id="error-summary">
          <h2 id="error-summary-title" className="error-summary__title">
            {t.errorTitle}
          </h2>
          <ul>
            {errorQuestions.map((q) => (
              <li key={q.name}>
                <a href={`#${questionControlId(q)}`}>
                  <span lang="it">{q.title}</span>: {errors[q.name]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="document-title">
        <h2 id="document-title">{t.readFirst}</h2>
        <div lang="it">{document}</div>
      </section>
      <section aria-labelledby="questions-title">
        <h2 id="questions-title">{t.questions}</h2>
        <p>{t.questionsHint}</p>
        <form
          method="post"
          noValidate
          className="consent-form"
          lang="it"
          data-error-title={t.errorTitle}
          data-msg-required={t.errorRequired}
          data-msg-confirm={t.errorConfirm}
        >
          <input type="hidden" name="intent" value="answer" />
          {page.questions.map((q) => (
            <ConsentQuestionField key={q.name} q={q} t={t} value={values[q.name]} error={errors[q.name]} />
          ))}
          <button type="submit" className="button button--large" lang={lang}>
            {t.submit}
          </button>
        </form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const lang = familyLanguage(useLocation().search);
  const t = FAMILY_TEXT[lang];
  if (isRouteErrorResponse(error) && error.status === 429) {
    const minutes = Math.max(1, Math.ceil(Number(error.data?.retryAfter ?? 60) / 60));
    return (
      <section>
        <h1>{t.tooManyTitle}</h1>
        <p>{t.tooManyBody(minutes)}</p>
      </section>
    );
  }
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 403)) {
    return (
      <section>
        <h1>{t.notFoundTitle}</h1>
        <p>{t.notFoundBody}</p>
        <p>{t.notFoundWhat}</p>
      </section>
    );
  }
  return (
    <section>
      <h1>{t.errorPageTitle}</h1>
      <p>{t.errorPageBody}</p>
    </section>
  );
}
