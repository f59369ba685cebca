import { Form } from "@remix-run/react";
import { CheckboxList } from "~/components/checkbox-list";
import { describedByIds, Field, HintAndError, SelectField } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { LintProblems } from "~/components/lint-problems";
import { FORM_KIND_OPTIONS } from "~/forms/versions/form-kinds";
import type { LintProblem } from "~/forms/validation/lint.server";

/**
 * The forms of a form's page that change it, each posting its own `intent`.
 * `errors` and `values` are those of a failed post of that same form (the
 * page re-renders without JavaScript too), else undefined.
 */
type FailedPost = { errors?: Record<string, string>; values?: Record<string, string> };

/** Field ids of each form, for the error summary's links. */
export const FORM_ADMIN_FIELD_IDS: Record<string, Record<string, string>> = {
  meta: { title: "meta-title", kind: "meta-kind", form: "meta-title" },
  services: { services: "services", form: "services" },
  duplicate: { version: "dup-version", slug: "dup-slug", title: "dup-title", form: "dup-version" },
  import: { bundle: "bundle", replaceDraft: "replaceDraft", form: "bundle" },
  retire: { form: "versioni" },
};

/** Upload of a bundle as exported; replacing an existing draft needs its own tick. A refused bundle's lint problems follow the form. */
export function ImportBundleForm({ draftSavedAt, errors, lint }: { draftSavedAt: Date | undefined; lint: readonly LintProblem[] } & FailedPost) {
  return (
    <>
      <h2 id="importa">Importa un pacchetto JSON</h2>
      <p>
        Il file (come quello prodotto da «Esporta») diventa la bozza di questo modulo: lo schema e l'uiSchema vengono
        controllati e, se ci sono problemi, non viene salvato nulla. Titolo, tipo e slug del modulo non cambiano.
      </p>
      <Form method="post" encType="multipart/form-data" className="form narrow" noValidate>
        <input type="hidden" name="intent" value="import" />
        <Field id="bundle" label="File JSON" type="file" accept="application/json,.json" error={errors?.bundle} />
        {draftSavedAt ? (
          <div className={`field field--check${errors?.replaceDraft ? " field--error" : ""}`}>
            <HintAndError id="replaceDraft" error={errors?.replaceDraft} />
            <label>
              <input type="checkbox" id="replaceDraft" name="replaceDraft" value="si" aria-describedby={describedByIds("replaceDraft", undefined, errors?.replaceDraft)} />
              Sostituisci la bozza esistente (salvata il {formatDateTime(draftSavedAt)})
            </label>
          </div>
        ) : null}
        <div className="field field--check">
          <label>
            <input type="checkbox" id="titlesFromKeys" name="titlesFromKeys" value="si" />
            Dai un titolo ai campi che non lo hanno, ricavandolo dal loro nome (es. «dataNascita» diventa «Data nascita»)
          </label>
        </div>
        <button type="submit" className="button">
          Importa nella bozza
        </button>
      </Form>
      {lint.length ? <LintProblems problems={lint} /> : null}
    </>
  );
}

export function FormMetaForm({ form, errors, values }: { form: { title: string; kind: string } } & FailedPost) {
  return (
    <>
      <h2 id="dati">Titolo e tipo</h2>
      <Form method="post" className="form narrow" noValidate>
        <input type="hidden" name="intent" value="meta" />
        <Field id="meta-title" name="title" label="Titolo" defaultValue={values?.title ?? form.title} error={errors?.title} />
        <SelectField id="meta-kind" name="kind" label="Tipo di modulo" options={FORM_KIND_OPTIONS} defaultValue={values?.kind ?? form.kind} error={errors?.kind} />
        <button type="submit" className="button">
          Salva titolo e tipo
        </button>
      </Form>
    </>
  );
}

export function FormServicesForm({
  services,
  offeredTo,
  errors,
  values,
}: { services: readonly { code: string; name: string }[]; offeredTo: string[] } & FailedPost) {
  return (
    <>
      <h2 id="servizi-offerti">Servizi</h2>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="services" />
        <CheckboxList
          id="services"
          name="services"
          legend="Servizi a cui è offerto"
          hint="Solo gli operatori di questi servizi possono compilare il modulo; le schede già compilate restano dove sono."
          error={errors?.services}
          options={services.map((s) => ({ value: s.code, label: s.name }))}
          checked={values?.services?.split(",") ?? offeredTo}
        />
        <button type="submit" className="button">
          Salva i servizi
        </button>
      </Form>
    </>
  );
}

/** A new form whose draft copies a chosen version (or the draft) of this one. */
export function DuplicateForm({ title, versions, errors, values }: { title: string; versions: { value: string; label: string }[] } & FailedPost) {
  return (
    <>
      <h2 id="duplica">Duplica il modulo</h2>
      {versions.length ? (
        <Form method="post" className="form narrow" noValidate>
          <p>Crea un nuovo modulo, con lo stesso tipo e gli stessi servizi, la cui bozza è una copia della versione scelta.</p>
          <input type="hidden" name="intent" value="duplicate" />
          <SelectField id="dup-version" name="version" label="Versione da copiare" options={versions} defaultValue={values?.version} error={errors?.version} />
          <Field id="dup-slug" name="slug" label="Slug del nuovo modulo" autoComplete="off" spellCheck={false} defaultValue={values?.slug} error={errors?.slug} hint="Minuscole, cifre e trattini." />
          <Field id="dup-title" name="title" label="Titolo del nuovo modulo" defaultValue={values?.title ?? `${title} (copia)`} error={errors?.title} />
          <button type="submit" className="button">
            Duplica
          </button>
        </Form>
      ) : (
        <p>Il modulo non ha versioni da copiare.</p>
      )}
    </>
  );
}
