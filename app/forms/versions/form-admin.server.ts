import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { throwIfAny, type FieldMessages } from "~/lib/errors";
import type { Database } from "~/db/schema";
import { formContentHash } from "./content-hash.server";
import { isFormKind, MAX_SLUG_LENGTH, SLUG_PATTERN, type FormKind } from "./form-kinds";
import { isObject } from "../schema/json-schema";
import { JsonSyntaxError, parseJson } from "../schema/parse-json";
import {
  createDraftVersion,
  createForm,
  findDraftVersion,
  findForm,
  findFormVersion,
  FormRegistryError,
  retireFormVersion,
  setFormServices,
  updateDraftVersion,
  updateForm,
  type Form,
  type FormVersion,
} from "./registry.server";
import { fillTitlesFromKeys, type FilledTitle } from "../schema/titles-from-keys";
import { findVersionNamed } from "./version-history.server";

/**
 * The form builder's changes to forms (issue 6): each validates its input
 * (Italian field errors through InvalidInputError), makes its change and writes its
 * audit event in the caller's transaction, so both commit or neither does.
 */

/** Path segments the builder's own pages take under /admin/moduli; a form cannot be called like them. */
const RESERVED_SLUGS = ["nuovo"];
const MAX_TITLE_LENGTH = 200;

export interface FormMetaInput {
  kind: string;
  title: string;
}

function checkMeta(input: FormMetaInput, errors: FieldMessages): { kind: FormKind; title: string } {
  const title = input.title.trim();
  if (!title) errors.title = "Indica il titolo del modulo.";
  else if (title.length > MAX_TITLE_LENGTH) errors.title = `Il titolo può avere al massimo ${MAX_TITLE_LENGTH} caratteri.`;
  if (!isFormKind(input.kind)) errors.kind = "Scegli il tipo di modulo.";
  return { kind: input.kind as FormKind, title };
}

async function checkNewSlug(db: Kysely<Database>, slug: string, errors: FieldMessages): Promise<void> {
  if (!SLUG_PATTERN.test(slug) || slug.length > MAX_SLUG_LENGTH) {
    errors.slug = `Lo slug va scritto in minuscolo, con cifre e trattini, al massimo ${MAX_SLUG_LENGTH} caratteri (es. verbale-spazio-neutro).`;
  } else if (RESERVED_SLUGS.includes(slug)) {
    errors.slug = `«${slug}» è riservato: scegli un altro slug.`;
  } else if (await findForm(db, slug)) {
    errors.slug = `Esiste già un modulo con lo slug «${slug}».`;
  }
}

async function checkServices(db: Kysely<Database>, services: readonly string[], errors: FieldMessages): Promise<void> {
  const known = new Set((await db.selectFrom("services").select("code").execute()).map((s) => s.code));
  if (!services.length) errors.services = "Scegli almeno un servizio a cui offrire il modulo.";
  else if (services.some((s) => !known.has(s))) errors.services = "Uno dei servizi scelti non esiste.";
}

/** The draft a new form starts with: no fields yet, lint-clean, titled like the form. */
export function initialSchema(title: string) {
  return { type: "object", title, properties: {} };
}

/** Creates a form with its first (empty) draft; audited as forms.created. */
export async function createFormWithDraft(
  trx: Kysely<Database>,
  input: FormMetaInput & { slug: string; services: string[] },
  audit: AuditContext,
): Promise<{ form: Form; draft: FormVersion }> {
  const errors: FieldMessages = {};
  const slug = input.slug.trim();
  await checkNewSlug(trx, slug, errors);
  const meta = checkMeta(input, errors);
  await checkServices(trx, input.services, errors);
  throwIfAny(errors);
  const form = await createForm(trx, { slug, ...meta, services: input.services });
  const draft = await createDraftVersion(trx, form.id, { schema: initialSchema(meta.title), uiSchema: {} });
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.created",
    target: { type: "form", id: form.id },
    details: { slug, kind: meta.kind, title: meta.title, services: form.services, draft: draft.id },
  });
  return { form, draft };
}

/** Changes a form's title and kind; audited as forms.updated with both values. */
export async function updateFormMeta(trx: Kysely<Database>, form: Form, input: FormMetaInput, audit: AuditContext): Promise<void> {
  const errors: FieldMessages = {};
  const meta = checkMeta(input, errors);
  throwIfAny(errors);
  await updateForm(trx, form.id, meta);
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.updated",
    target: { type: "form", id: form.id },
    details: { slug: form.slug, before: { kind: form.kind, title: form.title }, after: meta },
  });
}

/** Replaces the services a form is offered to; audited as forms.services.updated. */
export async function updateFormServices(trx: Kysely<Database>, form: Form, services: string[], audit: AuditContext): Promise<void> {
  const errors: FieldMessages = {};
  await checkServices(trx, services, errors);
  throwIfAny(errors);
  const sorted = [...new Set(services)].sort();
  await setFormServices(trx, form.id, sorted);
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.services.updated",
    target: { type: "form", id: form.id },
    details: { slug: form.slug, before: form.services, after: sorted },
  });
}

/**
 * A new form with the same kind and services, whose draft is a copy of the
 * chosen version of `source`; audited as forms.duplicated.
 */
export async function duplicateForm(
  trx: Kysely<Database>,
  source: Form,
  input: { version: string; slug: string; title: string },
  audit: AuditContext,
): Promise<Form> {
  const errors: FieldMessages = {};
  const slug = input.slug.trim();
  await checkNewSlug(trx, slug, errors);
  const meta = checkMeta({ kind: source.kind, title: input.title }, errors);
  const from = await findVersionNamed(trx, source, input.version);
  if (!from) errors.version = "Scegli la versione da copiare.";
  throwIfAny(errors);
  const form = await createForm(trx, { slug, ...meta, services: source.services });
  const draft = await createDraftVersion(trx, form.id, { schema: from!.schema, uiSchema: from!.uiSchema });
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.duplicated",
    target: { type: "form", id: form.id },
    details: { slug, title: meta.title, from: { slug: source.slug, version: from!.version ?? "draft", contentHash: from!.contentHash }, draft: draft.id },
  });
  return form;
}

/**
 * Puts the schema and uiSchema of an uploaded bundle
 * (`{"slug","title","kind","schema","uiSchema"}`, as exported) in the form's
 * draft. The form keeps its own slug, title and kind. Replacing an existing
 * draft needs `replaceDraft`; `titlesFromKeys` gives fields without a title
 * one made from their key first (returned in `filledTitles`, to be reworded).
 * Bad JSON or shape → InvalidInputError; lint problems → FormLintError (from the
 * registry); either way nothing is saved.
 */
export async function importBundleAsDraft(
  trx: Kysely<Database>,
  form: Form,
  input: { text: string; fileName: string; replaceDraft: boolean; titlesFromKeys: boolean },
  audit: AuditContext,
): Promise<{ version: FormVersion; filledTitles: FilledTitle[] }> {
  if (!input.text.trim()) throwIfAny({ bundle: "Scegli un file JSON da importare." });
  let bundle: unknown;
  try {
    bundle = parseJson(input.text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throwIfAny({ bundle: `Il file non è JSON valido: ${error.message.replace(/^JSON non valido /, "")}.` });
  }
  if (!isObject(bundle) || !("schema" in bundle)) {
    throwIfAny({ bundle: 'Il file non è un pacchetto di modulo: serve un oggetto con "schema" (e "uiSchema"), come quello esportato.' });
  }
  const given = (bundle as Record<string, unknown>).schema;
  const { schema, filled } = input.titlesFromKeys ? fillTitlesFromKeys(given) : { schema: given, filled: [] };
  const content = { schema, uiSchema: (bundle as Record<string, unknown>).uiSchema ?? {} };
  const draft = await findDraftVersion(trx, form.id);
  if (draft && !input.replaceDraft) {
    throwIfAny({ replaceDraft: "Il modulo ha già una bozza: conferma di volerla sostituire con il contenuto del file." });
  }
  const version = draft ? await updateDraftVersion(trx, draft.id, content) : await createDraftVersion(trx, form.id, content);
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.imported",
    target: { type: "form_version", id: version.id },
    details: {
      slug: form.slug,
      contentHash: formContentHash(content),
      version: null,
      published: false,
      file: input.fileName,
      replacedDraft: draft?.contentHash ?? null,
      titlesFromKeys: filled.map((f) => f.pointer),
    },
  });
  return { version, filledTitles: filled };
}

/** Retires a published version of this form (the registry audits it as forms.version.retired). */
export async function retireVersion(trx: Kysely<Database>, form: Form, version: number, audit: AuditContext): Promise<FormVersion> {
  const found = await findFormVersion(trx, form.slug, version);
  if (!found || found.status !== "published") {
    throw new FormRegistryError(`la versione ${version} non è pubblicata: solo una versione pubblicata può essere ritirata`);
  }
  return retireFormVersion(trx, { versionId: found.id, actor: audit.actor, client: audit.client });
}
