import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { Kysely } from "kysely";
import type { AuditContext } from "~/audit/audit.server";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { FormOverview } from "~/components/form-overview";
import { InvalidInputError, fieldErrors, throwIfAny } from "~/lib/errors";
import { getDb } from "~/db/instance.server";
import type { Database } from "~/db/schema";
import { duplicateForm, importBundleAsDraft, retireVersion, updateFormMeta, updateFormServices } from "~/forms/versions/form-admin.server";
import * as input from "~/forms/builder/form-admin-input";
import { compareVersions } from "~/forms/mapping/compare.server";
import { FORM_KIND_LABELS } from "~/forms/versions/form-kinds";
import { LINT_LIMITS } from "~/forms/validation/lint.server";
import type { Form } from "~/forms/versions/registry.server";
import { listVersionHistory } from "~/forms/versions/version-history.server";
import { requireFormParam, withBuilderErrors } from "~/http/builder.server";
import { readFormWithFile } from "~/http/form-post.server";
import { formString } from "~/lib/form-string";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.form.title ?? "Modulo"} · Versioni · Schedario` }];

/** An uploaded bundle may exceed lint's size bound a little, so that lint (not the upload) reports the size. */
const MAX_BUNDLE_BYTES = 2 * LINT_LIMITS.maxBytes;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const query = input.readFormPageQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [history, reference] = await Promise.all([listVersionHistory(db, form.id), listReferenceData(db)]);
  return {
    form: { ...form, kindLabel: FORM_KIND_LABELS[form.kind] },
    history,
    services: reference.services,
    comparison: query.compare ? await compareVersions(db, form, query.compare.from, query.compare.to) : null,
    retire: input.retirableVersion(history, query.retire),
    notice: query.notice,
  };
}

/** What every intent gets: the database (each intent writes in one transaction), the form, the caller's audit context, the posted fields. */
type IntentArgs = { db: Kysely<Database>; form: Form; audit: AuditContext; fields: FormData };

const INTENTS = {
  meta: ({ db, form, audit, fields }) => {
    const values = input.readFormMetaInput(fields);
    return withBuilderErrors("meta", async () => {
      await db.transaction().execute((trx) => updateFormMeta(trx, form, values, audit));
      return { intent: "meta", done: "Titolo e tipo aggiornati." };
    }, { values });
  },
  services: ({ db, form, audit, fields }) => {
    const services = input.readFormServicesInput(fields);
    return withBuilderErrors("services", async () => {
      await db.transaction().execute((trx) => updateFormServices(trx, form, services, audit));
      return { intent: "services", done: "Servizi aggiornati." };
    }, { values: { services: services.join(",") } });
  },
  duplicate: ({ db, form, audit, fields }) => {
    const values = input.readDuplicateInput(fields);
    return withBuilderErrors("duplicate", async () => {
      const copy = await db.transaction().execute((trx) => duplicateForm(trx, form, values, audit));
      return redirect(`/admin/moduli/${copy.slug}?duplicato=1`);
    }, { values });
  },
  import: ({ db, form, audit, fields }) =>
    withBuilderErrors("import", async () => {
      const bundle = await input.readBundleUpload(fields);
      const { filledTitles } = await db.transaction().execute((trx) => importBundleAsDraft(trx, form, bundle, audit));
      return { intent: "import", done: input.importedMessage(bundle.fileName, filledTitles) };
    }, { lintField: "bundle" }),
  retire: ({ db, form, audit, fields }) =>
    withBuilderErrors("retire", async () => {
      const { version, errors } = input.readRetireInput(fields);
      throwIfAny(errors);
      await db.transaction().execute((trx) => retireVersion(trx, form, version, audit));
      return redirect(`/admin/moduli/${form.slug}?ritirata=${version}`);
    }),
} satisfies Record<string, (args: IntentArgs) => Promise<unknown>>;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const audit = auditContext(admin, request, context);
  // Only an uploaded bundle can be too large; the error belongs to the import form.
  const fields = await readFormWithFile(request, { maxPartBytes: MAX_BUNDLE_BYTES, fileField: "bundle" }).catch((error: unknown) => {
    if (error instanceof InvalidInputError) return error;
    throw error;
  });
  if (fields instanceof InvalidInputError) return withBuilderErrors("import", () => Promise.reject(fields));
  const intent = formString(fields, "intent");
  // Own keys only: "toString" and the like are unknown intents too.
  const run = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!run) return withBuilderErrors(intent, () => Promise.reject(new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta." }))));
  return run({ db: getDb(), form, audit, fields });
}

export default function FormVersions() {
  return <FormOverview {...useLoaderData<typeof loader>()} result={useActionData<typeof action>()} />;
}
