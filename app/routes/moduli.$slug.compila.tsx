import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { scopeFor } from "~/auth/policy";
import { loadValidatorModule } from "~/components/schema-form";
import { SubmissionEditor } from "~/components/submission-editor";
import { getDb } from "~/db/instance.server";
import { answeringPageSubmissionErrors } from "~/submissions/fill-errors.server";
import { editorVersion, findFillableVersion, parseFillTarget, readPostedSubmission, referenceNames } from "~/submissions/fill-form.server";
import { createSubmission } from "~/submissions/submissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compila: ${data?.version.title ?? "modulo"} · Schedario` }];

/** The form, its latest published version and where the new scheda goes; guard first (case.write there). */
async function fillPage(request: Request, slug: string) {
  const target = parseFillTarget(new URL(request.url).searchParams);
  if (!target) throw redirect("/moduli");
  const user = await requirePermission(request, "case.write", { service: target.service, comune: target.comune });
  const found = await findFillableVersion(getDb(), user.memberships, slug, target.service);
  if (!found) throw pageError(404);
  return { user, target, found };
}

/** GET /moduli/:slug/compila?servizio=S&comune=C&caso=CODE: a new scheda of the latest published version. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { target, found } = await fillPage(request, params.slug ?? "");
  const db = getDb();
  return { target, names: await referenceNames(db), version: await editorVersion(db, found.form, found.version) };
}

/** A client-side navigation loads the version's validator before rendering (a full page load does it before hydrating). */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadValidatorModule(data.version.schemaId, data.version.validatorUrl).catch(() => undefined);
  return data;
}

/**
 * POST without JavaScript: the server rebuilds the JSON from the fields.
 * "Aggiungi"/"Rimuovi" re-render with the row changed; "Salva bozza"/"Invia"
 * create the scheda and go to it; errors come back with every input intact.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, target, found } = await fillPage(request, params.slug ?? "");
  const posted = await readPostedSubmission(request, found.version.schema);
  if (posted.errors.length || posted.rowAction) return { data: posted.data, errors: posted.errors };
  const caller = { scope: scopeFor(user.memberships, "case.write"), userId: user.id, audit: auditContext(user, request, context) };
  const created = await answeringPageSubmissionErrors(posted.data, () =>
    getDb()
      .transaction()
      .execute((trx) => createSubmission(trx, caller, found.form.slug, { ...target, data: posted.data, status: posted.status }))
  );
  if ("errors" in created) return created;
  return redirect(`/schede/${created.id}?salvata=${posted.status === "submitted" ? "inviata" : "bozza"}`);
}

export default function FillNewForm() {
  const { target, names, version } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/moduli">Moduli</Link>
      </p>
      <h1>{version.title}</h1>
      {version.description ? <p className="lead">{version.description}</p> : null}
      <dl className="summary-list">
        <div>
          <dt>Servizio</dt>
          <dd>{names.services[target.service] ?? target.service}</dd>
        </div>
        {target.comune ? (
          <div>
            <dt>Comune</dt>
            <dd>{names.comuni[target.comune] ?? target.comune}</dd>
          </div>
        ) : null}
        {target.caseCode ? (
          <div>
            <dt>Cartella</dt>
            <dd>{target.caseCode}</dd>
          </div>
        ) : null}
        <div>
          <dt>Versione del modulo</dt>
          <dd>{version.version}</dd>
        </div>
      </dl>
      <SubmissionEditor
        version={version}
        mode="new"
        target={target}
        data={posted?.data ?? {}}
        errors={posted?.errors}
      />
    </>
  );
}
