import { parseFillTarget } from "~/submissions/fill-target";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { scopeFor } from "~/auth/policy";
import { loadValidatorModule } from "~/components/schema-form";
import { withStageData, withStageUi, type FillStage } from "~/cases/stage-fill";
import { findFillStage } from "~/cases/stage-fill.server";
import { NewerVersionNotice } from "~/components/newer-version-notice";
import type { Form, FormVersion } from "~/forms/versions/registry.server";
import { ExistingStageSchede } from "~/components/existing-stage-schede";
import { SubmissionEditor } from "~/components/submission-editor";
import { getDb } from "~/db/instance.server";
import { answeringSchemaFormErrors } from "~/http/page-errors.server";
import {
  editorVersion,
  findFillableVersion,
  findNewerVersion,
  parsePostedSubmission,
  postedVersion,
  readPostedForm,
  referenceNames,
} from "~/pages/fill-form.server";
import { createSubmission } from "~/submissions/submissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compila: ${data?.version.title ?? "modulo"} · Schedario` }];

/**
 * The form, its latest published version, where the new scheda goes and the
 * stage of the case's path it is for; guard first (case.write there).
 */
async function fillPage(request: Request, context: AppLoadContext, slug: string, readPinned?: () => Promise<number | undefined>) {
  const target = parseFillTarget(new URL(request.url).searchParams);
  if (!target) throw redirect("/moduli");
  const user = await requirePermission(request, "case.write", { service: target.service, comune: target.comune });
  const db = getDb();
  // A post saves on the version its page rendered (ADR 0007), not on one published since.
  const found = await findFillableVersion(db, user.memberships, slug, target.service, await readPinned?.());
  if (!found) throw pageError(404);
  const caller = { scope: scopeFor(user.memberships, "case.write"), userId: user.id, audit: auditContext(user, request, context) };
  const stage =
    target.caseCode && target.stage
      ? await findFillStage(db, caller, { service: target.service, caseCode: target.caseCode, slug, stageKey: target.stage, schema: found.version.schema })
      : undefined;
  return { caller, target, found, stage };
}

/** GET /moduli/:slug/compila?servizio=S&comune=C&caso=CODE&fase=STAGE: a new scheda of the latest published version. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { target, found, stage } = await fillPage(request, context, params.slug ?? "");
  const db = getDb();
  return { target, stage: stage ?? null, names: await referenceNames(db), version: await pageVersion(found, stage) };
}

/** The version as this page renders it: the stage's time point is context, not a field. */
async function pageVersion(found: { form: Form; version: FormVersion }, stage: FillStage | undefined) {
  const version = await editorVersion(getDb(), found.form, found.version);
  return { ...version, uiSchema: withStageUi(version.uiSchema, stage) };
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
  let form: FormData | undefined;
  const readPinned = async () => postedVersion((form = await readPostedForm(request)));
  const { caller, target, found, stage } = await fillPage(request, context, params.slug ?? "", readPinned);
  const posted = parsePostedSubmission(form!, found.version.schema);
  const data = withStageData(posted.data, stage);
  const formVersion = found.version.version!;
  const newerVersion = await findNewerVersion(getDb(), found.form.slug, formVersion);
  // The page comes back on the version it showed (the loader alone would render the latest).
  const shown = async () => ({ version: await pageVersion(found, stage), newerVersion });
  if (posted.errors.length || posted.rowAction) return { data, errors: posted.errors, ...(await shown()) };
  const created = await answeringSchemaFormErrors(data, () =>
    createSubmission(getDb(), caller, found.form.slug, { ...target, data, status: posted.status, formVersion })
  );
  if ("errors" in created) return { ...created, ...(await shown()) };
  return redirect(`/schede/${created.id}?salvata=${posted.status === "submitted" ? "inviata" : "bozza"}`);
}

export default function FillNewForm() {
  const loaded = useLoaderData<typeof loader>();
  const { target, stage, names } = loaded;
  const posted = useActionData<typeof action>();
  const version = posted?.version ?? loaded.version;
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
        {stage ? (
          <div>
            <dt>Fase del percorso</dt>
            <dd>{stage.label}</dd>
          </div>
        ) : null}
        {stage?.timePoint ? (
          <div>
            <dt>Tempo di rilevazione</dt>
            <dd>{stage.timePoint.title} (fissato dalla fase)</dd>
          </div>
        ) : null}
        <div>
          <dt>Versione del modulo</dt>
          <dd>{version.version}</dd>
        </div>
      </dl>
      {posted?.newerVersion ? <NewerVersionNotice shown={version.version} newer={posted.newerVersion} /> : null}
      {stage?.existing.length ? <ExistingStageSchede label={stage.label} existing={stage.existing} /> : null}
      <SubmissionEditor
        version={version}
        mode="new"
        target={target}
        data={posted?.data ?? withStageData({}, stage ?? undefined)}
        errors={posted?.errors}
      />
    </>
  );
}
