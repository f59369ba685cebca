import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { scopeCovers, scopeFor } from "~/auth/policy";
import { requireCase } from "~/cases/case-guard.server";
import { ConsentMatrix } from "~/components/consent-matrix";
import {
  CONSENT_PAGE_FIELD_IDS,
  ConsentExceptionForm,
  ConsentExceptionList,
  CreatedConsentLinkNotice,
  NewConsentRequestForm,
} from "~/components/consent-request-form";
import { ConsentRequestList } from "~/components/consent-request-list";
import { ErrorSummary } from "~/components/form";
import { PaperConsentForm, PaperConsentList } from "~/components/paper-consent-form";
import { caseConsentMatrix, listConsentExceptions, listConsentFormVersions, recordConsentListRead } from "~/consent/case-consent.server";
import { paperConsentField } from "~/consent/case-consent-input";
import { listCaseConsentRequests } from "~/consent/consent-requests.server";
import { findPaperConsentVersion, listPaperConsents, listWitnesses } from "~/consent/paper-consent.server";
import { getDb } from "~/db/instance.server";
import { answeringPageErrors, pageFieldErrors } from "~/http/page-errors.server";
import type { FieldError } from "~/lib/errors";
import { runCaseConsentIntent } from "~/pages/case-consents.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `Consensi · ${page?.case.code ?? "Cartella"} · Schedario` }];

/**
 * /casi/:caseId/consensi — a case's consent requests, the matrix per purpose
 * and holder, new links, paper consents. `?carta=slug@version` chooses the
 * consent form version whose purposes the paper-consent form asks about.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, scope, audit, found } = await requireCase(request, context, params.caseId, "case.read");
  const db = getDb();
  const [requests, exceptions, forms, matrices, papers] = await Promise.all([
    listCaseConsentRequests(db, scope, found.id),
    listConsentExceptions(db, found.id),
    listConsentFormVersions(db, found.service),
    caseConsentMatrix(db, scope, found.id),
    listPaperConsents(db, scope, found.id),
  ]);
  await recordConsentListRead(db, audit, found);
  const canWrite = scopeCovers(scopeFor(user.memberships, "case.write"), { service: found.service, comune: found.comune });
  const chosen = new URL(request.url).searchParams.get("carta") ?? (forms[0] ? `${forms[0].slug}@${forms[0].version}` : "");
  const paperForm = canWrite && chosen ? ((await findPaperConsentVersion(db, found.service, chosen)) ?? null) : null;
  const witnesses = canWrite ? await listWitnesses(db, found) : [];
  return { case: found, requests, exceptions, matrices, papers, forms, canWrite, paperForm, witnesses, userId: user.id };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope, audit, found } = await requireCase(request, context, params.caseId, "case.write");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "").trim();
  // The paper form's fields share meanings (and error paths) with the request form's: they carry a prefix.
  const fields = (errors: readonly FieldError[]) => pageFieldErrors(errors, intent === "paper" ? paperConsentField : undefined);
  return answeringPageErrors(() => runCaseConsentIntent(intent, { caller: { scope, userId: user.id, audit }, found, text, form }), { fields });
}

export default function CaseConsents() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result && "errors" in result ? result.errors : undefined;
  const created = result && "created" in result ? result.created : undefined;
  const message = result && "message" in result ? result.message : undefined;
  return (
    <>
      <p>
        <Link to={`/casi/${page.case.id}`}>Cartella {page.case.code}</Link>
      </p>
      <h1>Consensi della famiglia</h1>
      <p>
        Cartella <strong>{page.case.code}</strong> · {page.case.serviceName} · {page.case.comuneName ?? "tutti i comuni"}. Ogni genitore riceve un
        proprio collegamento: il link non contiene dati personali e funziona solo fino alla scadenza.
      </p>
      <ErrorSummary errors={errors} fieldIds={CONSENT_PAGE_FIELD_IDS} />
      {message ? (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      ) : null}
      {created ? <CreatedConsentLinkNotice created={created} /> : null}
      <h2>Consensi per finalità</h2>
      <p>Per ogni finalità del modulo, la risposta di ciascun genitore (o del tutore). «Completo» solo quando ogni finalità ha i consensi necessari.</p>
      <ConsentMatrix matrices={page.matrices} />
      <ConsentExceptionList exceptions={page.exceptions} />
      <h2>Richieste</h2>
      <ConsentRequestList requests={page.requests} canWrite={page.canWrite} busy={busy} />
      <h2>Consensi su carta</h2>
      <PaperConsentList papers={page.papers} />
      {page.canWrite ? (
        <>
          <h2 id="new-request">Nuova richiesta</h2>
          <NewConsentRequestForm key={created?.url ?? "new"} forms={page.forms} errors={errors} busy={busy} />
          <PaperConsentForm forms={page.forms} paper={page.paperForm} witnesses={page.witnesses} userId={page.userId} errors={errors} busy={busy} done={message} />
          <h2>Registra un'eccezione</h2>
          <p>Quando basta il consenso di un solo genitore, o quando lo psicologo opera su disposizione dell'Autorità giudiziaria.</p>
          <ConsentExceptionForm errors={errors} busy={busy} />
        </>
      ) : null}
    </>
  );
}
