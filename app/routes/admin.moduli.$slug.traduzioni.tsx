import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { auditContext, pageError, requirePermission } from "~/auth/guard.server";
import { ConsentTranslationsAdmin, type TranslationProblemRow } from "~/components/consent-translations-admin";
import { describeTranslationPointer, translationStringsOf, translationTemplate } from "~/consent/consent-translation";
import { approveConsentTranslation, getConsentTranslation, importConsentTranslation, listFormTranslations } from "~/consent/consent-translations.server";
import { LANGUAGES, languageInfo } from "~/consent/family-language";
import { getDb } from "~/db/instance.server";
import { JsonSyntaxError, parseJson } from "~/forms/schema/parse-json";
import { listFormVersions, type Form } from "~/forms/versions/registry.server";
import { requireFormParam } from "~/http/builder.server";
import { answeringPageErrors } from "~/http/page-errors.server";
import { InvalidInputError, fieldErrors, type FieldError } from "~/lib/errors";
import { formString } from "~/lib/form-string";

/**
 * /admin/moduli/:slug/traduzioni — the translations of a consent form for the
 * families (issue 15, item 4; ADR 0023): load one as a draft, see what it
 * misses, approve it. Admins only (`form.design`); other forms are a 404.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Traduzioni di ${data?.form.title ?? "un modulo"} · Schedario` }];

async function requireConsentForm(request: Request, params: { slug?: string }) {
  const admin = await requirePermission(request, "form.design");
  const form = await requireFormParam(params);
  if (form.kind !== "consent") throw pageError(404);
  return { admin, form };
}

async function publishedVersions(form: Form) {
  return (await listFormVersions(getDb(), form.slug)).filter((v) => v.status !== "draft");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { form } = await requireConsentForm(request, params);
  const versions = await publishedVersions(form);
  const translations = await listFormTranslations(getDb(), form.id);
  const newest = versions[versions.length - 1];
  return {
    form: { slug: form.slug, title: form.title },
    versions: versions.map((v) => v.version!),
    languages: LANGUAGES.filter((l) => l.code !== "it").map((l) => ({ code: l.code, label: `${l.italianName} (${l.name})` })),
    translations: translations.map((t) => ({
      id: t.id,
      formVersion: t.formVersion,
      language: t.language,
      languageName: languageInfo(t.language).italianName,
      version: t.version,
      status: t.status,
      createdAt: t.createdAt.toISOString(),
      approvedAt: t.approvedAt?.toISOString() ?? null,
      approvedBy: t.approvedBy,
      inUse:
        t.status === "approved" &&
        !translations.some((o) => o.formVersionId === t.formVersionId && o.language === t.language && o.status === "approved" && o.version > t.version),
    })),
    template: newest ? { version: newest.version!, json: JSON.stringify({ strings: translationTemplate(newest.schema) }, null, 2) } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, form } = await requireConsentForm(request, params);
  const audit = auditContext(admin, request, context);
  const fields = await request.formData();
  const db = getDb();
  if (formString(fields, "intent") === "approve") {
    return answeringPageErrors(async () => {
      const id = Number(formString(fields, "id"));
      // A translation of another form is not found here, whatever its id.
      const translation = Number.isSafeInteger(id) ? await getConsentTranslation(db, id) : undefined;
      const versions = await publishedVersions(form);
      if (!translation || !versions.some((v) => v.id === translation.formVersionId)) throw pageError(404);
      const approved = await db.transaction().execute((trx) => approveConsentTranslation(trx, id, audit));
      return { done: `Traduzione in ${languageInfo(approved.language).italianName} (versione ${approved.version}) approvata: le famiglie la vedono da ora.` };
    });
  }
  const values = { versione: formString(fields, "versione"), lingua: formString(fields, "lingua"), testo: formString(fields, "testo") };
  const versions = await publishedVersions(form);
  const target = versions.find((v) => String(v.version) === values.versione);
  // Filled when the translation is refused, and sent back with the errors (the same array).
  const problems: TranslationProblemRow[] = [];
  return answeringPageErrors(
    async () => {
      if (!target) throw new InvalidInputError(fieldErrors({ versione: "Scegli una versione pubblicata del modulo." }));
      if (!values.lingua) throw new InvalidInputError(fieldErrors({ lingua: "Scegli la lingua della traduzione." }));
      let parsed: unknown;
      try {
        parsed = parseJson(values.testo);
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        throw new InvalidInputError(fieldErrors({ testo: `La traduzione non si legge: ${error.message}` }));
      }
      try {
        const imported = await db
          .transaction()
          .execute((trx) => importConsentTranslation(trx, { formVersionId: target.id, language: values.lingua, strings: translationStringsOf(parsed) }, audit));
        const name = languageInfo(imported.translation.language).italianName;
        return {
          done:
            imported.outcome === "unchanged"
              ? `La traduzione in ${name} è uguale alla versione ${imported.translation.version}: nulla è cambiato.`
              : `Traduzione in ${name} caricata come bozza (versione ${imported.translation.version}). Controllala e approvala.`,
        };
      } catch (error) {
        if (!(error instanceof InvalidInputError) || error.errors.some((e) => e.path === "/language")) throw error;
        problems.push(...error.errors.map((e: FieldError) => ({ where: describeTranslationPointer(target.schema, e.path), message: e.message })));
        const count = problems.length === 1 ? "un problema" : `${problems.length} problemi`;
        throw new InvalidInputError(fieldErrors({ testo: `La traduzione ha ${count}: nulla è stato salvato. Dettagli sotto il campo.` }));
      }
    },
    { extra: { values, problems }, fields: (errors) => Object.fromEntries(errors.map((e) => [e.path === "/language" ? "lingua" : e.path.replace(/^\//, "") || "form", e.message])) }
  );
}

export default function ConsentTranslationsPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | { done?: string; errors?: Record<string, string>; values?: Record<string, string>; problems?: TranslationProblemRow[] }
    | undefined;
  return (
    <ConsentTranslationsAdmin
      {...page}
      errors={result?.errors}
      problems={result?.problems ?? []}
      values={result?.values ?? {}}
      done={result?.done}
    />
  );
}
