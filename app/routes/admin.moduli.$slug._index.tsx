import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { InputError } from "~/auth/input-error";
import { listReferenceData } from "~/auth/memberships.server";
import { CheckboxList } from "~/components/checkbox-list";
import { FieldChanges } from "~/components/field-changes";
import { describedByIds, ErrorSummary, Field, formatDateTime, HintAndError, SelectField } from "~/components/form";
import { LintProblems } from "~/components/lint-problems";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { duplicateForm, importBundleAsDraft, retireVersion, updateFormMeta, updateFormServices } from "~/forms/builder.server";
import { compareVersions } from "~/forms/compare.server";
import { FORM_KIND_LABELS, FORM_KIND_OPTIONS } from "~/forms/form-kinds";
import { LINT_LIMITS } from "~/forms/lint.server";
import { listVersionHistory } from "~/forms/version-history.server";
import { requireFormParam, withBuilderErrors } from "~/http/builder.server";
import { formString, readFormWithFile } from "~/http/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.form.title ?? "Modulo"} · Versioni · Schedario` }];

const STATUS_LABELS = { draft: "Bozza", published: "Pubblicata", retired: "Ritirata" } as const;
/** An uploaded bundle may exceed lint's size bound a little, so that lint (not the upload) reports the size. */
const MAX_BUNDLE_BYTES = 2 * LINT_LIMITS.maxBytes;

/** Field ids of each of the page's forms, for the error summary's links. */
const FIELD_IDS: Record<string, Record<string, string>> = {
  meta: { title: "meta-title", kind: "meta-kind", form: "meta-title" },
  services: { services: "services", form: "services" },
  duplicate: { version: "dup-version", slug: "dup-slug", title: "dup-title", form: "dup-version" },
  import: { bundle: "bundle", replaceDraft: "replaceDraft", form: "bundle" },
  retire: { form: "versioni" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const url = new URL(request.url);
  const db = getDb();
  const [history, reference] = await Promise.all([listVersionHistory(db, form.id), listReferenceData(db)]);
  const from = url.searchParams.get("da");
  const to = url.searchParams.get("a");
  const retire = Number(url.searchParams.get("ritira"));
  return {
    form: { ...form, kindLabel: FORM_KIND_LABELS[form.kind] },
    history,
    services: reference.services,
    comparison: from && to ? await compareVersions(db, form, from, to) : null,
    retire: history.find((v) => v.version === retire && v.status === "published")?.version ?? null,
    notice: noticeFor(url.searchParams),
  };
}

/** The message after a redirect (?duplicato=1, ?ritirata=2, ?pubblicata=3). */
function noticeFor(query: URLSearchParams): string | null {
  if (query.has("duplicato")) return "Modulo duplicato: la bozza è una copia della versione scelta.";
  if (query.has("ritirata")) return `Versione ${query.get("ritirata")} ritirata: non si possono più creare schede con essa, quelle esistenti restano.`;
  if (query.has("pubblicata")) return `Versione ${query.get("pubblicata")} pubblicata.`;
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const audit = auditContext(admin, request, context);
  const db = getDb();
  // Only an uploaded bundle can be too large; the error belongs to the import form.
  const fields = await readFormWithFile(request, { maxPartBytes: MAX_BUNDLE_BYTES, fileField: "bundle" }).catch((error: unknown) => {
    if (error instanceof InputError) return error;
    throw error;
  });
  if (fields instanceof InputError) return withBuilderErrors("import", () => Promise.reject(fields));
  const intent = formString(fields, "intent");
  const value = (name: string) => formString(fields, name);
  switch (intent) {
    case "meta": {
      const values = { title: value("title"), kind: value("kind") };
      return withBuilderErrors(
        intent,
        async () => {
          await db.transaction().execute((trx) => updateFormMeta(trx, form, values, audit));
          return { intent, done: "Titolo e tipo aggiornati." };
        },
        { values },
      );
    }
    case "services": {
      const services = fields.getAll("services").filter((s): s is string => typeof s === "string");
      return withBuilderErrors(
        intent,
        async () => {
          await db.transaction().execute((trx) => updateFormServices(trx, form, services, audit));
          return { intent, done: "Servizi aggiornati." };
        },
        { values: { services: services.join(",") } },
      );
    }
    case "duplicate": {
      const values = { version: value("version"), slug: value("slug"), title: value("title") };
      return withBuilderErrors(
        intent,
        async () => {
          const copy = await db.transaction().execute((trx) => duplicateForm(trx, form, values, audit));
          return redirect(`/admin/moduli/${copy.slug}?duplicato=1`);
        },
        { values },
      );
    }
    case "import": {
      const file = fields.get("bundle");
      return withBuilderErrors(
        intent,
        async () => {
          const text = file instanceof File ? await file.text() : "";
          const fileName = file instanceof File ? file.name : "";
          await db.transaction().execute((trx) => importBundleAsDraft(trx, form, { text, fileName, replaceDraft: value("replaceDraft") === "si" }, audit));
          return { intent, done: `Pacchetto «${fileName}» importato nella bozza.` };
        },
        { lintField: "bundle" },
      );
    }
    case "retire": {
      const version = Number(value("version"));
      return withBuilderErrors(intent, async () => {
        if (value("confirm") !== "si") throw new InputError({ form: "Conferma il ritiro della versione." });
        await db.transaction().execute((trx) => retireVersion(trx, form, version, audit));
        return redirect(`/admin/moduli/${form.slug}?ritirata=${version}`);
      });
    }
    default:
      return withBuilderErrors(intent, () => Promise.reject(new InputError({ form: "Operazione sconosciuta." })));
  }
}

export default function FormVersions() {
  const { form, history, services, comparison, retire, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const done = actionData && "done" in actionData ? actionData.done : notice;
  const errorsFor = (intent: string) => (failed?.intent === intent ? (failed.errors as Record<string, string>) : undefined);
  const valuesFor = (intent: string) => (failed?.intent === intent ? (failed.values as Record<string, string>) : undefined);
  const draft = history.find((v) => v.status === "draft");
  const numbered = history.filter((v) => v.version !== null);
  const versionOptions = [
    ...(draft ? [{ value: "bozza", label: "Bozza" }] : []),
    ...numbered.map((v) => ({ value: String(v.version), label: `Versione ${v.version} (${STATUS_LABELS[v.status].toLowerCase()})` })),
  ];
  const confirmRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (retire) confirmRef.current?.focus();
  }, [retire]);

  return (
    <>
      <p>
        <Link to="/admin/moduli">← Tutti i moduli</Link>
      </p>
      <h1>{form.title}</h1>
      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={failed?.errors as Record<string, string> | undefined} fieldIds={FIELD_IDS[failed?.intent ?? ""] ?? {}} />
      <dl className="summary-list">
        <div>
          <dt>Slug</dt>
          <dd>
            <code>{form.slug}</code>
          </dd>
        </div>
        <div>
          <dt>Tipo</dt>
          <dd>{form.kindLabel}</dd>
        </div>
        <div>
          <dt>Servizi</dt>
          <dd>{services.filter((s) => form.services.includes(s.code)).map((s) => s.name).join(", ") || "Nessuno"}</dd>
        </div>
      </dl>
      <p className="actions">
        <Link to={`/admin/moduli/${form.slug}/bozza`} className="button">
          {draft ? "Apri la bozza nell'editor" : "Crea una bozza nell'editor"}
        </Link>
        {draft ? (
          <Link to={`/admin/moduli/${form.slug}/pubblica`} className="button button--secondary">
            Verifica e pubblica la bozza
          </Link>
        ) : null}
      </p>
      <nav className="section-nav" aria-label="Sezioni della pagina">
        <ul>
          <li><a href="#versioni">Versioni</a></li>
          <li><a href="#confronto">Confronta due versioni</a></li>
          <li><a href="#importa">Importa un pacchetto JSON</a></li>
          <li><a href="#dati">Titolo e tipo</a></li>
          <li><a href="#servizi-offerti">Servizi</a></li>
          <li><a href="#duplica">Duplica il modulo</a></li>
        </ul>
      </nav>

      <h2 id="versioni" tabIndex={-1}>Versioni</h2>
      {retire ? (
        <section className="confirm" aria-labelledby="retire-title" tabIndex={-1} ref={confirmRef}>
          <h2 id="retire-title">Ritirare la versione {retire}?</h2>
          <p>
            Dopo il ritiro nessuno potrà più creare schede con la versione {retire}. Le schede già compilate restano legate a
            essa e si possono ancora leggere e modificare. Il ritiro non si può annullare.
          </p>
          <Form method="post" className="actions" action={`/admin/moduli/${form.slug}`}>
            <input type="hidden" name="intent" value="retire" />
            <input type="hidden" name="version" value={retire} />
            <input type="hidden" name="confirm" value="si" />
            <button type="submit" className="button button--danger">
              Sì, ritira la versione {retire}
            </button>
            <Link to={`/admin/moduli/${form.slug}`}>Annulla</Link>
          </Form>
        </section>
      ) : null}
      {history.length ? (
        <Table caption={`Versioni di ${form.title}`} columns={["Versione", "Stato", "Autore", "Data", ""]}>
          {history.map((v) => (
            <tr key={v.version ?? "bozza"}>
              <td>{v.version ?? "—"}</td>
              <td>
                <span className={v.status === "published" ? "tag" : v.status === "draft" ? "tag tag--draft" : "tag tag--neutral"}>
                  {STATUS_LABELS[v.status]}
                </span>
                {v.retiredAt ? <> il {formatDateTime(v.retiredAt)}</> : null}
                {v.mappingRules ? (
                  <>
                    <br />
                    {v.mappingRules === 1 ? "1 corrispondenza" : `${v.mappingRules} corrispondenze`} dalla versione precedente
                  </>
                ) : null}
              </td>
              <td>{v.author ?? "—"}</td>
              <td>{formatDateTime(v.date)}</td>
              <td>
                <span className="cell-actions">
                  <a href={`/admin/moduli/${form.slug}/esporta?versione=${v.version ?? "bozza"}`} download>
                    Esporta<span className="visually-hidden"> {v.version ? `la versione ${v.version}` : "la bozza"}</span> (JSON)
                  </a>
                  {v.status === "published" ? (
                    <Link to={`/admin/moduli/${form.slug}?ritira=${v.version}#versioni`}>
                      Ritira<span className="visually-hidden"> la versione {v.version}</span>
                    </Link>
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessuna versione.</p>
      )}

      <h2 id="confronto">Confronta due versioni</h2>
      {versionOptions.length < 2 ? (
        <p>Servono almeno due versioni (o una versione e la bozza) per un confronto.</p>
      ) : (
        <>
          <Form method="get" className="filters" preventScrollReset>
            <SelectField id="da" label="Dalla versione" options={versionOptions} defaultValue={comparison?.from ?? versionOptions.at(-1)?.value} />
            <SelectField id="a" label="Alla versione" options={versionOptions} defaultValue={comparison?.to ?? versionOptions[0]?.value} />
            <button type="submit" className="button">
              Confronta
            </button>
          </Form>
          {comparison ? (
            "error" in comparison ? (
              <p className="notice">{comparison.error}</p>
            ) : (
              <FieldChanges changes={comparison.changes} caption={`Differenze tra ${comparison.fromLabel} e ${comparison.toLabel}`} />
            )
          ) : null}
        </>
      )}

      <h2 id="importa">Importa un pacchetto JSON</h2>
      <p>
        Il file (come quello prodotto da «Esporta») diventa la bozza di questo modulo: lo schema e l'uiSchema vengono
        controllati e, se ci sono problemi, non viene salvato nulla. Titolo, tipo e slug del modulo non cambiano.
      </p>
      <Form method="post" encType="multipart/form-data" className="form narrow" noValidate>
        <input type="hidden" name="intent" value="import" />
        <Field id="bundle" label="File JSON" type="file" accept="application/json,.json" error={errorsFor("import")?.bundle} />
        {draft ? (
          <div className={`field field--check${errorsFor("import")?.replaceDraft ? " field--error" : ""}`}>
            <HintAndError id="replaceDraft" error={errorsFor("import")?.replaceDraft} />
            <label>
              <input type="checkbox" id="replaceDraft" name="replaceDraft" value="si" aria-describedby={describedByIds("replaceDraft", undefined, errorsFor("import")?.replaceDraft)} />
              Sostituisci la bozza esistente (salvata il {formatDateTime(draft.date)})
            </label>
          </div>
        ) : null}
        <button type="submit" className="button">
          Importa nella bozza
        </button>
      </Form>
      {failed?.intent === "import" && failed.lint.length ? <LintProblems problems={failed.lint} /> : null}

      <h2 id="dati">Titolo e tipo</h2>
      <Form method="post" className="form narrow" noValidate>
        <input type="hidden" name="intent" value="meta" />
        <Field id="meta-title" name="title" label="Titolo" defaultValue={valuesFor("meta")?.title ?? form.title} error={errorsFor("meta")?.title} />
        <SelectField id="meta-kind" name="kind" label="Tipo di modulo" options={FORM_KIND_OPTIONS} defaultValue={valuesFor("meta")?.kind ?? form.kind} error={errorsFor("meta")?.kind} />
        <button type="submit" className="button">
          Salva titolo e tipo
        </button>
      </Form>

      <h2 id="servizi-offerti">Servizi</h2>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="services" />
        <CheckboxList
          id="services"
          name="services"
          legend="Servizi a cui è offerto"
          hint="Solo gli operatori di questi servizi possono compilare il modulo; le schede già compilate restano dove sono."
          error={errorsFor("services")?.services}
          options={services.map((s) => ({ value: s.code, label: s.name }))}
          checked={valuesFor("services")?.services?.split(",") ?? form.services}
        />
        <button type="submit" className="button">
          Salva i servizi
        </button>
      </Form>

      <h2 id="duplica">Duplica il modulo</h2>
      {versionOptions.length ? (
        <Form method="post" className="form narrow" noValidate>
          <p>Crea un nuovo modulo, con lo stesso tipo e gli stessi servizi, la cui bozza è una copia della versione scelta.</p>
          <input type="hidden" name="intent" value="duplicate" />
          <SelectField id="dup-version" name="version" label="Versione da copiare" options={versionOptions} defaultValue={valuesFor("duplicate")?.version} error={errorsFor("duplicate")?.version} />
          <Field id="dup-slug" name="slug" label="Slug del nuovo modulo" autoComplete="off" spellCheck={false} defaultValue={valuesFor("duplicate")?.slug} error={errorsFor("duplicate")?.slug} hint="Minuscole, cifre e trattini." />
          <Field id="dup-title" name="title" label="Titolo del nuovo modulo" defaultValue={valuesFor("duplicate")?.title ?? `${form.title} (copia)`} error={errorsFor("duplicate")?.title} />
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
