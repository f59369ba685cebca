import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { requestClient } from "~/auth/guard.server";
import { verifyRequestOrigin } from "~/auth/origin.server";
import { FamilyConsentForm } from "~/components/family-consent-form";
import { FamilyConsentReceipt } from "~/components/family-consent-receipt";
import type { ConsentQuestion } from "~/consent/consent-form";
import { answerItems, carriedValues, flattenQuestions, parseConsentAnswers, valuesByName } from "~/consent/consent-form";
import { relationshipLabel } from "~/consent/consent-status";
import { renderConsentText } from "~/consent/consent-text.server";
import { answerFamilyConsent, openFamilyConsent, recordFamilyView, withdrawFamilyConsent, type FamilyConsent } from "~/consent/family-consent.server";
import { familyFieldErrors } from "~/consent/family-errors";
import { chromeLanguage, familyLanguage, familyText, languageInfo, languageQuery, type FamilyLanguage } from "~/consent/family-language";
import { limitFamilyRequests } from "~/consent/family-guard.server";
import { getDb } from "~/db/instance.server";
import { answeringPageErrors } from "~/http/page-errors.server";
import type { RouteHandle } from "~/root";

/**
 * /c/:token — the family's consent page (DESIGN §4): no account, no session,
 * no client runtime. GET shows the text and the questions, or the receipt
 * once answered; POST answers or withdraws, as an ordinary HTML form.
 */
export const handle: RouteHandle = { family: true };

export const meta: MetaFunction<typeof loader> = ({ data: page, location }) => {
  const t = familyText(page?.family.lang ?? chromeLanguage(errorLanguage(location.search)));
  return [{ title: page ? `${page.formTitle} · Schedario` : `${t.notFoundTitle} · Schedario` }, { name: "robots", content: "noindex" }];
};

/**
 * The languages a family may choose on this request's page: Italian, English
 * (its words around the Italian document) and each language with an approved
 * translation of the form version. Anything else asked for with ?lang= is Italian.
 */
function offeredLanguages(consent: FamilyConsent): FamilyLanguage[] {
  return [...new Set(["it", "en", ...consent.translatedLanguages])];
}

/** The chosen language when this page offers it, else Italian. */
function pageLanguage(consent: FamilyConsent, request: Request): FamilyLanguage {
  const asked = familyLanguage(new URL(request.url).search);
  return offeredLanguages(consent).includes(asked) ? asked : "it";
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitFamilyRequests(request, context);
  const db = getDb();
  // The document in the language asked for, when it has an approved translation (else the Italian original).
  const consent = await openFamilyConsent(db, params.token ?? "", undefined, { language: familyLanguage(new URL(request.url).search) });
  if (!consent) throw new Response("Not Found", { status: 404 });
  const lang = pageLanguage(consent, request);
  await recordFamilyView(db, consent, { actor: { kind: "family" }, client: requestClient(request, context) }, "page");
  const { answer } = consent;
  const docLang = consent.documentLanguage;
  const words = familyText(docLang);
  return {
    family: {
      lang,
      languages: offeredLanguages(consent).map((code) => ({ code, name: languageInfo(code).name })),
    },
    document: { lang: docLang, dir: languageInfo(docLang).dir, translated: consent.translation !== null },
    translationId: answer ? null : (consent.translation?.id ?? null),
    status: consent.status,
    formTitle: consent.formTitle,
    formVersion: consent.formVersion,
    recipientName: consent.recipientName,
    recipientRelationship: consent.recipientRelationship && relationshipIn(consent, consent.recipientRelationship),
    carried: carriedValues(consent.questions, { name: consent.recipientName, relationship: consent.recipientRelationship }),
    expiresAt: consent.expiresAt.toISOString(),
    textHtml: renderConsentText(consent.text, 2),
    textHash: answer ? (answer.translationHash ?? answer.textHash) : consent.textHash,
    questions: consent.questions,
    answer: answer && {
      answeredAt: answer.answeredAt.toISOString(),
      withdrawnAt: answer.withdrawnAt?.toISOString() ?? null,
      items: answerItems(consent.questions, answer.data, "", words),
      language: { code: answer.language, name: languageInfo(answer.language).name },
      originalHash: answer.translationHash ? answer.textHash : null,
    },
  };
}

/** The relationship the worker entered, in the document's words: the title of that option of the «relazione» question. */
function relationshipIn(consent: FamilyConsent, relationship: string): string {
  const question = flattenQuestions(consent.questions).find((q) => q.kind === "choice" && q.path[q.path.length - 1] === "relazione");
  const option = question?.kind === "choice" ? question.options.find((o) => o.value === relationship) : undefined;
  return consent.translation && option ? option.title : relationshipLabel(relationship);
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
  // Already answered (twice, or a second tab): the page shows the receipt, which says what was recorded.
  const answering = <T,>(step: () => Promise<T>, answers: Record<string, unknown> = {}, questions: readonly ConsentQuestion[] = []) =>
    answeringPageErrors(step, {
      stateRedirect: here,
      extra: { values: valuesByName(questions, answers) },
      fields: (errors) => familyFieldErrors(lang, questions, valuesByName(questions, answers), errors),
    });
  if (form.get("intent") === "withdraw") {
    if (form.get("withdraw-confirm") !== "true") return data({ withdrawError: familyText(lang).withdrawError }, { status: 400 });
    return answering(async () => {
      await db.transaction().execute((trx) => withdrawFamilyConsent(trx, token, audit));
      return redirect(here);
    });
  }
  const posted = Number(form.get("translation"));
  const choice = { language: lang, ...(Number.isSafeInteger(posted) && posted > 0 ? { translationId: posted } : {}) };
  const consent = await openFamilyConsent(db, token, undefined, choice);
  if (!consent) throw new Response("Not Found", { status: 404 });
  const answers = parseConsentAnswers(consent.questions, form);
  return answering(
    async () => {
      await db.transaction().execute((trx) => answerFamilyConsent(trx, token, answers, audit, undefined, choice));
      return redirect(here);
    },
    answers,
    consent.questions
  );
}

export default function FamilyConsentPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const lang = page.family.lang;
  const t = familyText(lang);
  const document = <div className="consent-text" dangerouslySetInnerHTML={{ __html: page.textHtml }} />;
  if (page.answer) {
    const withdrawError = actionData && "withdrawError" in actionData ? actionData.withdrawError : undefined;
    const pdfUrl = `${location.pathname}/ricevuta.pdf${languageQuery(lang)}`;
    return <FamilyConsentReceipt page={{ ...page, answer: page.answer }} t={t} lang={lang} document={document} pdfUrl={pdfUrl} withdrawError={withdrawError} />;
  }
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  // Posted answers when the server sent them back; else what the worker entered, carried in.
  const values: Record<string, unknown> = actionData && "values" in actionData ? actionData.values : page.carried;
  return <FamilyConsentForm page={page} t={t} lang={lang} document={document} values={values} errors={errors} />;
}

/** The language of an error page: Italian or English, the two a page without its request can be sure of. */
export function errorLanguage(search: string): FamilyLanguage {
  return familyLanguage(search) === "en" ? "en" : "it";
}

export function ErrorBoundary() {
  const error = useRouteError();
  const lang = errorLanguage(useLocation().search);
  const t = familyText(lang);
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
