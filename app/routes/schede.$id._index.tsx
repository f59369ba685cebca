import { NewerVersionNotice } from "~/components/newer-version-notice";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { loadValidatorModule, SchemaForm } from "~/components/schema-form";
import { SubmissionEditor } from "~/components/submission-editor";
import { SubmissionHeader } from "~/components/submission-header";
import { getDb } from "~/db/instance.server";
import { referenceNames } from "~/pages/fill-form.server";
import { loadSubmissionPage, savePostedSubmission } from "~/pages/submission-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.submission.status === "draft" ? "Bozza" : "Scheda"}: ${data?.page.version.title ?? ""} · Schedario` },
];

/**
 * GET /schede/:id: a draft to continue, or a submitted scheda read-only with
 * its own version — only its filled fields, or all of them with `?tutti=1`
 * (issue 13); out of scope is a 404.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { page } = await loadSubmissionPage(request, context, params.id);
  const query = new URL(request.url).searchParams;
  return { page, names: await referenceNames(getDb()), saved: query.get("salvata"), showEmpty: query.get("tutti") === "1" };
}

/** A client-side navigation loads the version's validator before rendering. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadValidatorModule(data.page.version.schemaId, data.page.version.validatorUrl).catch(() => undefined);
  return data;
}

/** POST without JavaScript: save the draft ("Salva bozza") or submit it ("Invia"). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return savePostedSubmission(request, context, params.id, "draft");
}

export default function SubmissionPage() {
  const { page, names, saved, showEmpty } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const location = useLocation();
  const { submission, version, canWrite } = page;
  // A new scheda saved by the compila page arrives with what was typed after that save.
  const carried = (location.state as { unsaved?: Record<string, unknown> | null; revision?: number } | null) ?? null;
  const unsaved = !posted && carried?.revision === submission.revision ? carried.unsaved : null;
  const data = posted?.data ?? unsaved ?? submission.data;
  const editable = canWrite && submission.status === "draft";
  return (
    <>
      <SubmissionHeader page={page} names={names} saved={saved} />
      {editable && page.newerVersion ? <NewerVersionNotice shown={version.version} newer={page.newerVersion} /> : null}
      {editable ? (
        <SubmissionEditor
          version={version}
          mode="draft"
          submission={{ id: submission.id, revision: submission.revision }}
          data={data}
          errors={posted?.errors}
          conflict={posted?.conflict}
          startsDirty={unsaved !== null && unsaved !== undefined}
        />
      ) : (
        <>
          {canWrite ? (
            <p className="actions">
              <Link to={`/schede/${submission.id}/rettifica`} className="button">
                Rettifica
              </Link>
              <span>Una scheda inviata non si modifica: la rettifica ne salva una nuova revisione, con il motivo.</span>
            </p>
          ) : null}
          <p className="actions">
            {showEmpty ? "Sono mostrati tutti i campi del modulo." : "Sono mostrati solo i campi compilati."}
            <Link to={showEmpty ? `/schede/${submission.id}` : `/schede/${submission.id}?tutti=1`} preventScrollReset>
              {showEmpty ? "Mostra solo i campi compilati" : "Mostra anche i campi vuoti"}
            </Link>
          </p>
          <SchemaForm
            key={String(showEmpty)}
            schema={version.schema}
            uiSchema={version.uiSchema}
            formData={submission.data}
            validatorUrl={version.validatorUrl}
            readonly
            showEmpty={showEmpty}
          />
        </>
      )}
    </>
  );
}
