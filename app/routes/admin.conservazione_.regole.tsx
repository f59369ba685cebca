import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { Transaction } from "kysely";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { MAX_BASIS_LENGTH, MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, retentionRuleScope } from "~/cases/retention-kinds";
import { listRetentionRules, removeRetentionRule, saveRetentionRule } from "~/cases/retention-rules.server";
import type { RetentionRule } from "~/cases/retention-rules.server";
import { DoneNotice, ErrorSummary, Field, SelectField, TextareaField } from "~/components/form";
import { getDb } from "~/db/instance.server";
import type { Database } from "~/db/schema";
import { FORM_KIND_OPTIONS } from "~/forms/versions/form-kinds";
import { answeringPageErrors } from "~/http/page-errors.server";
import { InvalidInputError, NotFoundError, fieldErrors } from "~/lib/errors";
import { parseIdParam } from "~/lib/id-param";

export const meta: MetaFunction = () => [{ title: "Regole di conservazione · Schedario" }];

/** /admin/conservazione/regole — admins: how many years after closure each service's cases are kept (ADR 0024). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "retention.rules");
  const rules = await listRetentionRules(getDb());
  const services = [...new Map(rules.map((r) => [r.service, r.serviceName])).entries()].map(([code, name]) => ({
    code,
    name,
    rules: rules.filter((r) => r.service === code),
  }));
  return { services };
}

/** Which form of the page was posted: a rule's own, or a service's "add a rule" form. */
const formKey = (service: string, formKind: string) => `${service}:${formKind || "base"}`;
const NEW_RULE = "nuova";

/** Saves a rule (intent save: change or add) or removes a form kind's rule (intent remove); audited, one transaction. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "retention.rules");
  const audit = auditContext(user, request, context);
  const form = await request.formData();
  const field = (name: string) => form.get(name)?.toString() ?? "";
  const intent = form.get("intent");
  const posted = { key: field("modulo"), values: { anni: field("anni"), fondamento: field("fondamento"), tipo: field("tipo") } };
  return answeringPageErrors(
    async () => {
      const run = <T,>(step: (trx: Transaction<Database>) => Promise<T>) => getDb().transaction().execute(step);
      if (intent === "save") {
        const outcome = await run((trx) =>
          saveRetentionRule(trx, audit, { service: field("servizio"), formKind: field("tipo"), years: field("anni"), basis: field("fondamento") })
        );
        return redirect(`/admin/conservazione/regole?esito=${outcome}#servizio-${field("servizio")}`);
      }
      if (intent === "remove") {
        const id = parseIdParam(field("regola"));
        if (id === undefined) throw new NotFoundError("retention rule");
        await run((trx) => removeRetentionRule(trx, audit, id));
        return redirect(`/admin/conservazione/regole?esito=removed#servizio-${field("servizio")}`);
      }
      throw new InvalidInputError(fieldErrors({ form: "Operazione sconosciuta: ricarica la pagina e riprova." }));
    },
    { extra: { posted } }
  );
}

const OUTCOMES: Record<string, string> = {
  created: "Regola aggiunta.",
  changed: "Regola salvata: vale da subito per le cartelle chiuse del servizio.",
  unchanged: "Nessuna modifica da salvare.",
  removed: "Regola tolta: per quel tipo di modulo vale ora la regola di base del servizio.",
};

type Posted = { key: string; values: Record<"anni" | "fondamento" | "tipo", string> };

export default function RetentionRulesPage() {
  const { services } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer?.errors as Record<string, string> | undefined;
  const posted = (answer as { posted?: Posted } | undefined)?.posted;
  const [searchParams] = useSearchParams();
  const idOf = (key: string, name: string) => `${key.replace(":", "-")}-${name}`;
  const fieldIds: Record<string, string> = { form: "regole" };
  for (const name of ["anni", "fondamento", "tipo"]) if (posted) fieldIds[name] = idOf(posted.key, name);
  return (
    <>
      <p>
        <Link to="/admin/conservazione">← Eliminazioni da confermare</Link>
      </p>
      <h1 id="regole">Regole di conservazione</h1>
      <DoneNotice message={OUTCOMES[searchParams.get("esito") ?? ""]} />
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <p>
        Per quanti anni dopo la chiusura si conservano le cartelle di ogni servizio. Una regola per un tipo di modulo vale per le cartelle che
        contengono un modulo di quel tipo; quando più regole valgono per una cartella, vale la più lunga. Scaduto il termine, un coordinatore può
        proporre l'eliminazione della cartella e un altro amministratore deve confermarla.
      </p>
      <nav aria-label="Servizi">
        <ul className="section-index">
          {services.map((service) => (
            <li key={service.code}>
              <a href={`#servizio-${service.code}`}>{service.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {services.map((service) => {
        const kinds = new Set(service.rules.map((r) => r.formKind));
        const addable = FORM_KIND_OPTIONS.filter((o) => !kinds.has(o.value));
        const newKey = formKey(service.code, NEW_RULE);
        return (
          <section key={service.code} id={`servizio-${service.code}`} aria-labelledby={`titolo-${service.code}`} className="retention-rules">
            <h2 id={`titolo-${service.code}`}>{service.name}</h2>
            {service.rules.map((rule) => {
              const key = formKey(service.code, rule.formKind ?? "");
              return (
                <RuleForm key={key} formKeyValue={key} service={service.code} serviceName={service.name} idOf={idOf} posted={posted?.key === key ? posted : undefined} errors={posted?.key === key ? errors : undefined} rule={rule} />
              );
            })}
            {addable.length ? (
              <details open={posted?.key === newKey}>
                <summary>Aggiungi una regola per un tipo di modulo</summary>
                <RuleForm formKeyValue={newKey} service={service.code} serviceName={service.name} idOf={idOf} posted={posted?.key === newKey ? posted : undefined} errors={posted?.key === newKey ? errors : undefined} kinds={addable} />
              </details>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

/** One rule's form (its years and basis), or, with `kinds`, the form that adds a rule for one of them. */
function RuleForm({
  formKeyValue,
  service,
  serviceName,
  rule,
  kinds,
  posted,
  errors,
  idOf,
}: {
  formKeyValue: string;
  service: string;
  serviceName: string;
  rule?: RetentionRule;
  kinds?: { value: string; label: string }[];
  posted: Posted | undefined;
  errors: Record<string, string> | undefined;
  idOf: (key: string, name: string) => string;
}) {
  const id = (name: string) => idOf(formKeyValue, name);
  const legend = rule ? `Vale per ${retentionRuleScope(rule.formKind)}` : "Nuova regola";
  // Every service has these buttons: their names say which rule they act on.
  const which = `${serviceName}, ${rule ? retentionRuleScope(rule.formKind) : "nuova regola"}`;
  return (
    <Form method="post" className="form retention-rule" noValidate>
      <fieldset className="fieldset">
        <legend>{legend}</legend>
        <input type="hidden" name="modulo" value={formKeyValue} />
        <input type="hidden" name="servizio" value={service} />
        {rule ? (
          <input type="hidden" name="tipo" value={rule.formKind ?? ""} />
        ) : (
          <SelectField id={id("tipo")} name="tipo" label="Tipo di modulo" options={kinds ?? []} defaultValue={posted?.values.tipo} error={errors?.tipo} />
        )}
        <Field
          id={id("anni")}
          name="anni"
          label="Anni di conservazione dopo la chiusura"
          inputMode="numeric"
          type="number"
          min={MIN_RETENTION_YEARS}
          max={MAX_RETENTION_YEARS}
          defaultValue={posted?.values.anni ?? rule?.years}
          error={errors?.anni}
        />
        <TextareaField
          id={id("fondamento")}
          rows={2}
          name="fondamento"
          label="Fondamento"
          hint="Da dove viene il termine: per esempio il piano di conservazione dell'Ente o una norma."
          maxLength={MAX_BASIS_LENGTH}
          defaultValue={posted?.values.fondamento ?? rule?.basis}
          error={errors?.fondamento}
        />
        <div className="actions">
          <button type="submit" name="intent" value="save" className="button" aria-label={`${rule ? "Salva la regola" : "Aggiungi la regola"}: ${which}`}>
            {rule ? "Salva la regola" : "Aggiungi la regola"}
          </button>
          {rule?.formKind ? (
            <>
              <input type="hidden" name="regola" value={rule.id} />
              <button type="submit" name="intent" value="remove" className="button button--secondary" aria-label={`Togli la regola: ${which}`}>
                Togli la regola
              </button>
            </>
          ) : null}
        </div>
      </fieldset>
    </Form>
  );
}
