import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { scopeFor } from "~/auth/policy";
import { ErrorSummary, Field, SelectField, TextareaField } from "~/components/form";
import { ReportSection } from "~/components/report-view";
import { useDebouncedSubmit } from "~/components/use-debounced-submit";
import { getDb } from "~/db/instance.server";
import { answeringPageErrors } from "~/http/page-errors.server";
import { formatDateTime } from "~/lib/format-date";
import {
  EMPTY_DEFINITION_VALUES,
  definitionValues,
  listDefinitionForms,
  readDefinitionPost,
  type DefinitionFormValues,
} from "~/pages/report-definition-page.server";
import { GROUPING_LABELS, MEASURE_LABELS } from "~/reports/definition-model";
import { previewReportDefinition } from "~/reports/definition-preview.server";
import { findPublishedDefinition, publishReportDefinition, retireReportDefinition } from "~/reports/definition-store.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.published ? data.values.title : "Nuovo report"} · Schedario` }];

const NEW = "nuovo";
const fieldIds = { title: "title", description: "description", form: "form", field: "field", date: "date", measure: "measure", groupBy: "groupBy" };

/** /admin/rapporti/nuovo and /admin/rapporti/:chiave — an admin declares a report over a form's field, previews it, publishes a new version (ADR 0027). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "report.design");
  const db = getDb();
  const key = params.chiave!;
  const found = key === NEW ? undefined : await findPublishedDefinition(db, key);
  if (key !== NEW && !found) throw pageError(404);
  return {
    forms: await listDefinitionForms(db),
    values: found ? definitionValues(found.definition) : EMPTY_DEFINITION_VALUES,
    published: found
      ? { version: found.definition.version, by: found.publishedBy, at: found.publishedAt.toISOString(), retiredAt: found.retiredAt?.toISOString() ?? null }
      : undefined,
  };
}

/** intent anteprima: the table for the current year (audited); pubblica: a new version; ritira: retires the key. Each in one transaction. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "report.design");
  const form = await request.formData();
  const intent = form.get("intent");
  const key = params.chiave === NEW ? undefined : params.chiave!;
  const editor = { userId: admin.id, audit: auditContext(admin, request, context) };
  const { values, input } = readDefinitionPost(form);
  return answeringPageErrors(
    async () => {
      const db = getDb();
      if (intent === "ritira" && key) {
        await db.transaction().execute((trx) => retireReportDefinition(trx, key, editor));
        return redirect("/admin/rapporti?esito=ritirato");
      }
      if (intent === "pubblica") {
        await db.transaction().execute((trx) => publishReportDefinition(trx, input, key, editor));
        return redirect("/admin/rapporti?esito=pubblicato");
      }
      const scope = scopeFor(admin.memberships, "report.design");
      const preview = await db.transaction().execute((trx) => previewReportDefinition(trx, scope, input, editor.audit));
      return { values: values as DefinitionFormValues | undefined, preview, errors: undefined };
    },
    // A refused retirement posts no inputs: the page shows the definition as loaded.
    { extra: { values: intent === "ritira" ? undefined : values, preview: undefined } }
  );
}

type Posted = { values?: DefinitionFormValues; preview?: Awaited<ReturnType<typeof previewReportDefinition>>; errors?: Record<string, string> };

/** How long the inputs must rest before the live preview asks the server. */
const PREVIEW_DELAY_MS = 400;

/** The inputs a definition cannot do without: the live preview waits for all of them. */
const REQUIRED = ["title", "description", "form", "field", "measure", "groupBy"];

/**
 * The live preview: once every required input is filled, the inputs, a
 * moment after the last change, posted as "anteprima". `touched`: the inputs
 * changed since the page was last sent, so the fetcher's answer (or the
 * missing inputs) is what to show, not the page's own answer.
 */
function useLivePreview(formRef: React.RefObject<HTMLFormElement | null>) {
  const [request, setRequest] = useState<string | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const fetcher = useDebouncedSubmit<Posted>(request, PREVIEW_DELAY_MS, (f, sent) => {
    const body = new URLSearchParams(sent);
    body.set("intent", "anteprima");
    f.submit(body, { method: "post" });
  });
  const changed = () => {
    if (!formRef.current) return;
    const entries = [...new FormData(formRef.current)].filter(([name]) => name !== "intent").map(([k, v]) => [k, String(v)] as [string, string]);
    const complete = REQUIRED.every((name) => entries.some(([k, v]) => k === name && v.trim() !== ""));
    setTouched(true);
    setRequest(complete ? new URLSearchParams(entries).toString() : undefined);
  };
  return { changed, sent: () => setTouched(false), touched, posted: request === undefined ? undefined : fetcher.data, busy: fetcher.state !== "idle" };
}

export default function ReportDefinitionEditor() {
  const { forms, values: loaded, published } = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>() as Posted | undefined;
  const values = submitted?.values ?? loaded;
  const [formSlug, setFormSlug] = useState(values.form);
  const formRef = useRef<HTMLFormElement>(null);
  const live = useLivePreview(formRef);
  // The latest answer wins: the live preview after a change, else the page's own answer.
  const shown = live.touched ? live.posted : submitted;
  const chosen = forms.find((f) => f.slug === formSlug);
  const fields = chosen?.fields ?? [];
  const fieldOptions = (keep: (f: (typeof fields)[number]) => boolean, empty: string) => [
    { value: "", label: empty },
    ...fields.filter(keep).map((f) => ({ value: f.path, label: f.label })),
  ];
  const errors = submitted?.errors;
  return (
    <div className="narrow">
      <p>
        <Link to="/admin/rapporti">← Tutti i report</Link>
      </p>
      <h1>{published ? `Report «${loaded.title}»` : "Nuovo report"}</h1>
      {published ? (
        <p>
          Versione {published.version}, pubblicata da {published.by} il {formatDateTime(published.at)}
          {published.retiredAt ? `; ritirata il ${formatDateTime(published.retiredAt)}: non compare nel report finché non pubblichi una nuova versione` : ""}.
          Pubblicando si crea la versione {published.version + 1}; le versioni precedenti restano registrate.
        </p>
      ) : (
        <p>
          Un report conta le schede inviate di un modulo, secondo un suo campo, e compare nel report dei servizi dei coordinatori, con i numeri
          piccoli nascosti come negli altri. Le schede compilate con versioni precedenti del modulo si leggono nella forma della più recente.
        </p>
      )}
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <Form
        method="post"
        className="form"
        noValidate
        ref={formRef}
        onSubmit={live.sent}
        onChange={(event) => {
          const target = event.target as HTMLSelectElement;
          if (target.name === "form") setFormSlug(target.value);
          live.changed();
        }}
      >
        <Field id="title" label="Titolo" defaultValue={values.title} error={errors?.title} hint="Come lo leggono i coordinatori, es. «Esito degli incontri di Spazio Neutro, per mese»." />
        <TextareaField id="description" label="Descrizione" defaultValue={values.description} error={errors?.description} rows={3} hint="Che cosa conta, in una o due frasi." />
        <SelectField
          id="form"
          label="Modulo"
          defaultValue={values.form}
          error={errors?.form}
          options={[{ value: "", label: "Scegli il modulo…" }, ...forms.map((f) => ({ value: f.slug, label: f.title }))]}
          hint="Cambiando modulo, i campi qui sotto diventano quelli del nuovo modulo (senza JavaScript, dopo «Mostra l'anteprima»)."
        />
        {/* Keyed by form: another form's fields start unchosen. */}
        <div key={formSlug}>
          <SelectField
            id="field"
            label="Campo"
            defaultValue={formSlug === values.form ? values.field : ""}
            error={errors?.field}
            options={fieldOptions(() => true, "Scegli il campo…")}
            hint="Il campo che il report conta, distribuisce per opzione o di cui fa la media."
          />
          <SelectField
            id="date"
            label="Campo data"
            defaultValue={formSlug === values.form ? values.date : ""}
            error={errors?.date}
            options={fieldOptions((f) => f.date, "Nessuno (giorno di creazione)")}
            hint="La data che colloca la scheda nel periodo del report."
          />
          <SelectField
            id="measure"
            label="Misura"
            defaultValue={values.measure}
            error={errors?.measure}
            options={[{ value: "", label: "Scegli la misura…" }, ...Object.entries(MEASURE_LABELS).map(([value, label]) => ({ value, label }))]}
            hint="Conteggio: schede con il campo compilato. Distribuzione: schede per ogni opzione di un campo a scelta. Media: di un campo numerico."
          />
          <SelectField
            id="groupBy"
            label="Raggruppa per"
            defaultValue={formSlug === values.form || !values.groupBy.startsWith("field:") ? values.groupBy : ""}
            error={errors?.groupBy}
            options={[
              { value: "", label: "Scegli come raggruppare…" },
              ...Object.entries(GROUPING_LABELS)
                .filter(([value]) => value !== "field")
                .map(([value, label]) => ({ value, label })),
              ...fields.filter((f) => f.choice).map((f) => ({ value: `field:${f.path}`, label: `${GROUPING_LABELS.field}: ${f.label}` })),
            ]}
          />
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="anteprima" className="button button--secondary">
            Mostra l'anteprima
          </button>
          <button type="submit" name="intent" value="pubblica" className="button">
            Pubblica
          </button>
        </div>
      </Form>
      <section aria-labelledby="anteprima" className="report-preview">
        <h2 id="anteprima">Anteprima</h2>
        <div aria-live="polite">
          {shown?.preview ? (
            <>
              <p>
                Come comparirà nel report, per {shown.preview.period}, su tutto l'Ambito{live.busy ? " (in aggiornamento…)" : ""}.
              </p>
              <ReportSection table={shown.preview.table} headingLevel={3} />
            </>
          ) : shown?.errors && live.touched ? (
            <>
              <p>L'anteprima non si può ancora mostrare:</p>
              <ul>
                {Object.entries(shown.errors).map(([k, m]) => (
                  <li key={k}>{m}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Scegli titolo, descrizione, modulo, campo, misura e raggruppamento: la tabella compare qui.</p>
          )}
        </div>
      </section>
      {published && !published.retiredAt ? (
        <Form method="post" className="actions">
          <button type="submit" name="intent" value="ritira" className="button button--danger">
            Ritira il report
          </button>
          <span>Non comparirà più nel report dei servizi; puoi ripubblicarlo quando vuoi.</span>
        </Form>
      ) : null}
    </div>
  );
}
