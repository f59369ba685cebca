import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { InvalidInputError, fieldErrors } from "~/lib/errors";
import { FieldChanges } from "~/components/field-changes";
import { DoneNotice, ErrorSummary, SelectField, TextareaField } from "~/components/form";
import { LintProblems } from "~/components/lint-problems";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { addMappingRule, previewPublish, publishDraft, removeMappingRule, type FieldChoice } from "~/forms/versions/publish.server";
import { requireFormParam, withBuilderErrors } from "~/http/builder.server";
import { formString } from "~/lib/form-string";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Pubblica ${data?.form.title ?? "il modulo"} · Schedario` }];

const FIELD_IDS: Record<string, Record<string, string>> = {
  "add-rule": { from: "rule-from", to: "rule-to", recode: "rule-recode", form: "rule-from" },
  "remove-rule": { form: "corrispondenze" },
  publish: { form: "pubblica" },
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const preview = await getDb()
    .transaction()
    .execute((trx) => previewPublish(trx, form, auditContext(admin, request, context)));
  return { form: { slug: form.slug, title: form.title }, preview: preview ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  const audit = auditContext(admin, request, context);
  const fields = await request.formData();
  const intent = formString(fields, "intent");
  const transaction = getDb().transaction();
  switch (intent) {
    case "add-rule": {
      const values = { from: formString(fields, "from"), to: formString(fields, "to"), recode: formString(fields, "recode") };
      return withBuilderErrors(
        intent,
        async () => {
          await transaction.execute((trx) => addMappingRule(trx, form, values, audit));
          return { intent, done: "Corrispondenza aggiunta." };
        },
        { values },
      );
    }
    case "remove-rule":
      return withBuilderErrors(intent, async () => {
        await transaction.execute((trx) => removeMappingRule(trx, form, Number(formString(fields, "index")), audit));
        return { intent, done: "Corrispondenza tolta." };
      });
    case "publish":
      return withBuilderErrors(intent, async () => {
        const published = await transaction.execute((trx) => publishDraft(trx, form, audit));
        return redirect(`/admin/moduli/${form.slug}?pubblicata=${published.version}`);
      });
    default:
      return withBuilderErrors(intent, () => Promise.reject(new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta." }))));
  }
}

function fieldLabel(fields: readonly FieldChoice[], path: string): string {
  return fields.find((f) => f.path === path)?.title ?? "campo inesistente";
}

function fieldOptions(fields: readonly FieldChoice[]) {
  return [
    { value: "", label: "Scegli…" },
    ...fields.map((f) => ({ value: f.path, label: `${f.title} (${f.path})${f.codes.length ? ` — codici: ${f.codes.map((c) => JSON.parse(c) as unknown).join(", ")}` : ""}` })),
  ];
}

export default function PublishForm() {
  const { form, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "errors" in actionData ? actionData : undefined;
  const done = actionData && "done" in actionData ? actionData.done : undefined;
  const errors = failed?.errors as Record<string, string> | undefined;
  const values = failed?.intent === "add-rule" ? (failed.values as Record<string, string>) : undefined;

  if (!preview) {
    return (
      <>
        <p>
          <Link to={`/admin/moduli/${form.slug}`}>← Versioni di {form.title}</Link>
        </p>
        <h1>Pubblica «{form.title}»</h1>
        <p>Il modulo non ha una bozza da pubblicare.</p>
        <p>
          <Link to={`/admin/moduli/${form.slug}/bozza`} className="button">
            Crea una bozza nell'editor
          </Link>
        </p>
      </>
    );
  }

  const { previous, impact } = preview;
  const blocked = preview.lint.length > 0 || preview.mappingProblems.length > 0;
  return (
    <>
      <p>
        <Link to={`/admin/moduli/${form.slug}`}>← Versioni di {form.title}</Link>
      </p>
      <h1>Pubblica «{form.title}»</h1>
      <p className="lead">
        La bozza diventerà la <strong>versione {preview.nextVersion}</strong>. Una versione pubblicata non si può più
        modificare: le schede già compilate restano legate alla loro versione.
      </p>
      <DoneNotice message={done} />
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS[failed?.intent ?? ""] ?? {}} />

      <h2>1. Controlli</h2>
      {preview.lint.length ? (
        <LintProblems problems={preview.lint} title={`La bozza ha ${preview.lint.length} problemi da correggere nell'editor`} />
      ) : (
        <p className="notice notice--success">Nessun problema: la bozza supera i controlli.</p>
      )}

      <h2>2. Modifiche {previous ? `rispetto alla versione ${previous.version}` : ""}</h2>
      {previous ? null : <p>È la prima versione del modulo: tutti i campi sono nuovi.</p>}
      <FieldChanges changes={preview.changes} caption={previous ? `Campi cambiati dalla versione ${previous.version} alla bozza` : "Campi della bozza"} />

      {previous ? (
        <>
          <h2 id="corrispondenze" tabIndex={-1}>3. Corrispondenze dalla versione {previous.version}</h2>
          <p>
            Se un campo è stato rinominato o spostato, o i codici di una scelta sono cambiati, dichiaralo qui: elenchi ed
            esportazioni mostreranno le schede delle versioni precedenti con la forma della nuova. I dati salvati non
            vengono mai riscritti.
          </p>
          {preview.mappingProblems.length ? (
            <section className="notice" aria-labelledby="mapping-problems-title">
              <h3 id="mapping-problems-title">Corrispondenze da correggere</h3>
              <ul className="problem-list">
                {preview.mappingProblems.map((p, i) => (
                  <li key={i}>
                    {p.rule >= 0 ? `Corrispondenza ${p.rule + 1}: ` : ""}
                    {p.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {preview.rules.length ? (
            <Table caption="Corrispondenze dichiarate" columns={["N.", "Dal campo", "Al campo", "Ricodifica", ""]}>
              {preview.rules.map((r, i) => (
                <tr key={`${r.from}-${r.to}`}>
                  <td>{i + 1}</td>
                  <td>
                    {fieldLabel(preview.oldFields, r.from)}
                    <br />
                    <code>{r.from}</code>
                  </td>
                  <td>
                    {fieldLabel(preview.newFields, r.to)}
                    <br />
                    <code>{r.to}</code>
                  </td>
                  <td>{r.recodeText ? <span className="details">{r.recodeText}</span> : "—"}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="index" value={i} />
                      <button type="submit" name="intent" value="remove-rule" className="button button--secondary button--small">
                        Togli<span className="visually-hidden"> la corrispondenza {i + 1}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>Nessuna corrispondenza dichiarata: i campi con lo stesso nome restano uguali, quelli tolti non compaiono più.</p>
          )}
          <h3>Aggiungi una corrispondenza</h3>
          <Form method="post" className="form narrow" noValidate>
            <input type="hidden" name="intent" value="add-rule" />
            <SelectField id="rule-from" name="from" label={`Campo della versione ${previous.version}`} options={fieldOptions(preview.oldFields)} defaultValue={values?.from} error={failed?.intent === "add-rule" ? errors?.from : undefined} />
            <SelectField id="rule-to" name="to" label={`Campo della versione ${preview.nextVersion}`} options={fieldOptions(preview.newFields)} defaultValue={values?.to} error={failed?.intent === "add-rule" ? errors?.to : undefined} />
            <TextareaField
              id="rule-recode"
              name="recode"
              label="Ricodifica dei valori (facoltativa)"
              hint="Una riga per codice cambiato: «codice vecchio = codice nuovo». I codici dei campi a scelta sono elencati accanto ai campi."
              rows={3}
              defaultValue={values?.recode}
              error={failed?.intent === "add-rule" ? errors?.recode : undefined}
            />
            <button type="submit" className="button">
              Aggiungi la corrispondenza
            </button>
          </Form>
        </>
      ) : null}

      <h2>{previous ? "4" : "3"}. Impatto sulle bozze in corso</h2>
      {impact.versions.length ? (
        <>
          <p>
            Le schede ancora in bozza delle versioni precedenti sono state presentate nella forma della nuova versione
            {preview.rules.length ? " (con le corrispondenze dichiarate)" : ""} e controllate con le sue regole. I campi
            obbligatori mancanti non contano: una bozza può essere incompleta.
          </p>
          <ul className="figures">
            <li>
              <strong>{impact.drafts}</strong> bozze controllate
            </li>
            <li>
              <strong>{impact.noLongerValid}</strong> non sarebbero più valide
            </li>
          </ul>
          <Table caption="Impatto per versione" columns={["Versione", "Bozze", "Ancora valide", "Non più valide", "Già non valide"]}>
            {impact.versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.drafts}</td>
                <td>{v.stillValid}</td>
                <td>{v.noLongerValid ? <span className="tag tag--danger">{v.noLongerValid}</span> : 0}</td>
                <td>{v.alreadyInvalid}</td>
              </tr>
            ))}
          </Table>
          {impact.versions
            .filter((v) => v.problems.length)
            .map((v) => (
              <section key={v.version} aria-labelledby={`problems-${v.version}`}>
                <h3 id={`problems-${v.version}`}>Problemi più frequenti nelle bozze della versione {v.version}</h3>
                <ul className="problem-list">
                  {v.problems.map((p) => (
                    <li key={p.message}>
                      {p.message} — {p.drafts === 1 ? "1 bozza" : `${p.drafts} bozze`}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </>
      ) : (
        <p>Nessuna versione precedente: nessuna bozza può esserne toccata.</p>
      )}

      <h2 id="pubblica" tabIndex={-1}>{previous ? "5" : "4"}. Pubblica</h2>
      {blocked ? (
        <p id="publish-blocked">
          La pubblicazione non è possibile finché {preview.lint.length ? "la bozza ha problemi" : "le corrispondenze hanno problemi"}.
        </p>
      ) : null}
      <Form method="post">
        <button type="submit" name="intent" value="publish" className="button" disabled={blocked} aria-describedby={blocked ? "publish-blocked" : undefined}>
          Pubblica la versione {preview.nextVersion}
        </button>
      </Form>
    </>
  );
}
