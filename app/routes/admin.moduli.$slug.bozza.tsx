import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { FormEditor } from "~/components/form-builder/form-editor";
import { getDb } from "~/db/instance.server";
import { ConflictError } from "~/lib/errors";
import { checkDraft } from "~/forms/builder/check-draft.server";
import { saveDraft, startDraft } from "~/forms/builder/draft.server";
import { findDraftVersion, findForm, findFormVersion, FormLintError, FormRegistryError } from "~/forms/versions/registry.server";
import { readJsonObject } from "~/http/api-request.server";
import { formString } from "~/lib/form-string";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Bozza · ${data?.form.title ?? "Modulo"} · Schedario` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  const db = getDb();
  const form = await findForm(db, params.slug ?? "");
  if (!form) throw pageError(404);
  const [draft, latest] = await Promise.all([findDraftVersion(db, form.id), findFormVersion(db, form.slug)]);
  return {
    form: { slug: form.slug, title: form.title },
    latestVersion: latest?.version ?? null,
    draft: draft ? { schema: draft.schema, uiSchema: draft.uiSchema, contentHash: draft.contentHash } : null,
  };
}

/**
 * Three requests: "crea" (a plain form post, works without JavaScript) starts
 * the draft; the editor's JSON requests "controlla" (lint + preview
 * validation, nothing stored) and "salva" (store the draft if nobody else
 * saved it meanwhile).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const db = getDb();
  const form = await findForm(db, params.slug ?? "");
  if (!form) throw pageError(404);

  if (!request.headers.get("Content-Type")?.startsWith("application/json")) {
    if (formString(await request.formData(), "intent") !== "crea") return data({ error: "Richiesta non valida." }, { status: 400 });
    try {
      await db.transaction().execute((trx) => startDraft(trx, form, auditContext(admin, request, context)));
    } catch (error) {
      if (error instanceof FormRegistryError) return data({ error: error.message }, { status: 409 });
      throw error;
    }
    return redirect(`/admin/moduli/${form.slug}/bozza`);
  }

  const body = await readJsonObject(request);
  if (body.intent === "controlla") {
    return checkDraft({ schema: body.schema, uiSchema: body.uiSchema, data: body.data });
  }
  if (body.intent !== "salva" || typeof body.expectedHash !== "string") return data({ error: "Richiesta non valida." }, { status: 400 });
  try {
    const saved = await db
      .transaction()
      .execute((trx) =>
        saveDraft(trx, { form, expectedHash: body.expectedHash as string, content: { schema: body.schema, uiSchema: body.uiSchema } }, auditContext(admin, request, context))
      );
    return { saved: true as const, contentHash: saved.contentHash };
  } catch (error) {
    if (error instanceof ConflictError) return data({ conflict: true as const, currentHash: error.current, error: error.message }, { status: 409 });
    if (error instanceof FormLintError) return data({ problems: error.problems, error: "la bozza ha problemi: non è stata salvata" }, { status: 422 });
    if (error instanceof FormRegistryError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
}

/** The editor keeps its own state: its JSON requests must not reload the page's data under it. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formEncType, defaultShouldRevalidate }) =>
  formEncType === "application/json" ? false : defaultShouldRevalidate;

export default function DraftEditorPage() {
  const { form, draft, latestVersion } = useLoaderData<typeof loader>();
  const [query] = useSearchParams();
  if (!draft) {
    return (
      <div className="narrow">
        <p className="breadcrumb">
          <Link to={`/admin/moduli/${form.slug}`}>{form.title}</Link>
        </p>
        <h1>Bozza di «{form.title}»</h1>
        <p>
          Il modulo non ha una bozza.{" "}
          {latestVersion ? `La nuova bozza partirà da una copia della versione ${latestVersion}.` : "La nuova bozza partirà da un modulo vuoto."} Le
          versioni pubblicate non cambiano finché la bozza non viene pubblicata.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="crea" />
          <button type="submit" className="button">
            Crea la bozza
          </button>
        </Form>
      </div>
    );
  }
  // A form just created (?creato=1) lands here with its empty draft.
  const welcome = query.has("creato") ? (
    <>
      Modulo creato con una bozza vuota: aggiungi i campi dalla tavolozza, salva la bozza e poi pubblicala. Hai già il modulo in JSON?{" "}
      <Link to={`/admin/moduli/${form.slug}`}>Importa un pacchetto JSON dalla pagina delle versioni</Link>.
    </>
  ) : undefined;
  return <FormEditor slug={form.slug} title={form.title} draft={draft} welcome={welcome} />;
}
