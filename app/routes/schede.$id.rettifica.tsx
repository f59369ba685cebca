import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { pageError } from "~/auth/guard.server";
import { loadValidatorModule } from "~/components/schema-form";
import { SubmissionEditor } from "~/components/submission-editor";
import { SubmissionHeader } from "~/components/submission-header";
import { getDb } from "~/db/instance.server";
import { referenceNames } from "~/pages/fill-form.server";
import { loadSubmissionPage, savePostedSubmission } from "~/pages/submission-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Rettifica: ${data?.page.version.title ?? ""} · Schedario` }];

/**
 * GET /schede/:id/rettifica: amend a submitted scheda (a new revision with a
 * reason). Only who may write there (others: 403, or 404 out of scope); a
 * draft has nothing to amend and goes back to its page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { page } = await loadSubmissionPage(request, context, params.id);
  if (!page.canWrite) throw pageError(403);
  if (page.submission.status === "draft") throw redirect(`/schede/${page.submission.id}`);
  return { page, names: await referenceNames(getDb()) };
}

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadValidatorModule(data.page.version.schemaId, data.page.version.validatorUrl).catch(() => undefined);
  return data;
}

/** POST without JavaScript: the amended data and `_motivo`. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return savePostedSubmission(request, context, params.id, "amend");
}

export default function AmendSubmission() {
  const { page, names } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const { submission, version } = page;
  return (
    <>
      <SubmissionHeader page={page} names={names} heading={`Rettifica: ${version.title}`} />
      <p>
        Correggi i dati e indica il motivo della rettifica. La versione inviata resta nello storico: la rettifica ne
        diventa una nuova revisione.
      </p>
      <SubmissionEditor
        version={version}
        mode="amend"
        submission={{ id: submission.id, revision: submission.revision }}
        data={posted?.data ?? submission.data}
        errors={posted?.errors}
        conflict={posted?.conflict}
        reason={posted?.reason}
      />
    </>
  );
}
