import { Link } from "@remix-run/react";
import { DuplicateForm, FORM_ADMIN_FIELD_IDS, FormMetaForm, FormServicesForm, ImportBundleForm } from "~/components/form-admin-forms";
import { ErrorSummary } from "~/components/form";
import { CompareVersions, FormVersions, versionOptions, type FormVersionView } from "~/components/form-versions";
import type { Comparison } from "~/forms/mapping/compare.server";
import type { LintProblem } from "~/forms/validation/lint.server";

/** What a post of the page answered: what was done, or why one of its forms was refused (`intent` says which). */
export type FormAdminResult =
  | { intent: string; done: string }
  | { intent: string; errors: Record<string, string>; values: Record<string, string>; lint: LintProblem[] };

/**
 * A form's page for the people who design forms: what it is, its versions
 * (export, retire), comparison of two versions, and the forms that import a
 * bundle, change its title, kind and services, or duplicate it.
 */
export function FormOverview({
  form,
  history,
  services,
  comparison,
  retire,
  notice,
  result,
}: {
  form: { slug: string; title: string; kind: string; kindLabel: string; services: string[] };
  history: FormVersionView[];
  services: { code: string; name: string }[];
  comparison: Comparison | null;
  retire: number | null;
  notice: string | null;
  result: FormAdminResult | undefined;
}) {
  const failed = result && "errors" in result ? result : undefined;
  const done = result && "done" in result ? result.done : notice;
  const failedPost = (intent: string) => (failed?.intent === intent ? { errors: failed.errors, values: failed.values } : {});
  const draft = history.find((v) => v.status === "draft");
  const versions = versionOptions(history);

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
      <ErrorSummary errors={failed?.errors} fieldIds={FORM_ADMIN_FIELD_IDS[failed?.intent ?? ""] ?? {}} />
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
        {form.kind === "consent" ? (
          <Link to={`/admin/moduli/${form.slug}/traduzioni`} className="button button--secondary">
            Traduzioni per le famiglie
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

      <FormVersions slug={form.slug} title={form.title} history={history} retire={retire} />
      <CompareVersions options={versions} comparison={comparison} />
      <ImportBundleForm draftSavedAt={draft?.date} lint={failed?.intent === "import" ? failed.lint : []} {...failedPost("import")} />
      <FormMetaForm form={form} {...failedPost("meta")} />
      <FormServicesForm services={services} offeredTo={form.services} {...failedPost("services")} />
      <DuplicateForm title={form.title} versions={versions} {...failedPost("duplicate")} />
    </>
  );
}
