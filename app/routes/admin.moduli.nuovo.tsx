import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { CheckboxList } from "~/components/checkbox-list";
import { ErrorSummary, Field, SelectField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import { createFormWithDraft } from "~/forms/versions/form-admin.server";
import { FORM_KIND_OPTIONS, suggestSlug } from "~/forms/versions/form-kinds";
import { formString } from "~/lib/form-string";
import { answeringPageErrors } from "~/http/page-errors.server";

export const meta: MetaFunction = () => [{ title: "Nuovo modulo · Schedario" }];

const fieldIds = { slug: "slug", title: "title", kind: "kind", services: "services" };
const kindOptions = [{ value: "", label: "Scegli…" }, ...FORM_KIND_OPTIONS];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  return { services: (await listReferenceData(getDb())).services };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const form = await request.formData();
  const title = formString(form, "title");
  // Without JavaScript the slug may be left empty: the one the page would have proposed is used.
  const values = { slug: formString(form, "slug") || suggestSlug(title), title, kind: formString(form, "kind") };
  const services = form.getAll("services").filter((s): s is string => typeof s === "string");
  return answeringPageErrors(
    async () => {
      const { form: created } = await getDb()
        .transaction()
        .execute((trx) => createFormWithDraft(trx, { ...values, services }, auditContext(admin, request, context)));
      // Straight into the editor: the new form has an empty draft waiting for its fields.
      return redirect(`/admin/moduli/${created.slug}/bozza?creato=1`);
    },
    { extra: { values: { ...values, services: services.join(",") } } },
  );
}

export default function NewForm() {
  const { services } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values;
  // The slug follows the title until the admin writes one of their own.
  const [slug, setSlug] = useState(values?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(values?.slug));
  return (
    <div className="narrow">
      <p>
        <Link to="/admin/moduli">← Tutti i moduli</Link>
      </p>
      <h1>Nuovo modulo</h1>
      <p>Il modulo nasce con una bozza vuota, da completare nell'editor e poi pubblicare.</p>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form method="post" className="form" noValidate>
        <Field
          id="title"
          label="Titolo"
          required
          defaultValue={values?.title}
          error={errors?.title}
          hint="Come lo vedono gli operatori, es. «Verbale di incontro — Spazio Neutro»."
          onChange={(event) => {
            if (!slugEdited) setSlug(suggestSlug(event.target.value));
          }}
        />
        <Field
          id="slug"
          label="Slug (identificativo)"
          autoComplete="off"
          spellCheck={false}
          value={slug}
          onChange={(event) => {
            setSlug(event.target.value);
            setSlugEdited(true);
          }}
          error={errors?.slug}
          hint="Proposto dal titolo mentre lo scrivi; puoi cambiarlo. Minuscole, cifre e trattini, es. verbale-spazio-neutro. Compare negli indirizzi e nell'API e dopo la creazione non si può più cambiare. Se lo lasci vuoto, si usa quello proposto dal titolo."
        />
        <SelectField id="kind" label="Tipo di modulo" options={kindOptions} defaultValue={values?.kind} error={errors?.kind} />
        <CheckboxList
          id="services"
          name="services"
          legend="Servizi a cui è offerto"
          hint="Solo gli operatori di questi servizi potranno compilarlo."
          error={errors?.services}
          options={services.map((s) => ({ value: s.code, label: s.name }))}
          checked={values?.services?.split(",") ?? []}
        />
        <div className="actions">
          <button type="submit" className="button">
            Crea il modulo
          </button>
          <Link to="/admin/moduli">Annulla</Link>
        </div>
      </Form>
    </div>
  );
}
