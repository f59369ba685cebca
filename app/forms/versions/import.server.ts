import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditActor } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import type { FormSource } from "./bundle.server";
import { lintFormDefinition } from "~/forms/validation/lint.server";
import { formContentHash } from "./content-hash.server";
import {
  createDraftVersion,
  createForm,
  findDraftVersion,
  findForm,
  findFormVersion,
  FormLintError,
  publishFormVersion,
  setFormServices,
  updateDraftVersion,
  updateForm,
  type FormVersion,
} from "./registry.server";

export interface ImportResult {
  /** "unchanged": the latest published version (or the draft, without publish) already has this content. */
  outcome: "unchanged" | "draft" | "published";
  version: FormVersion;
}

/**
 * Brings a form definition into the registry (CLI import, sync of built-in
 * forms): creates the form if needed, puts the content in its draft, and
 * publishes it when asked. Content equal to the latest published version
 * (same hash) changes nothing, so importing twice is harmless. Run it in a
 * transaction: the import and its audit event commit together.
 */
export async function importForm(
  trx: Kysely<Database>,
  source: FormSource,
  options: { publish: boolean; services?: string[]; actor: AuditActor },
): Promise<ImportResult> {
  const services = options.services ?? source.services;
  let form = await findForm(trx, source.slug);
  if (!form) {
    form = await createForm(trx, { slug: source.slug, kind: source.kind, title: source.title, services });
  } else {
    await updateForm(trx, form.id, { kind: source.kind, title: source.title });
    if (services) await setFormServices(trx, form.id, services);
  }

  const content = { schema: source.schema, uiSchema: source.uiSchema };
  const hash = formContentHash(content);
  const latest = await findFormVersion(trx, source.slug);
  const draft = await findDraftVersion(trx, form.id);
  if (latest?.contentHash === hash) return { outcome: "unchanged", version: latest };
  if (!options.publish && draft?.contentHash === hash) return { outcome: "unchanged", version: draft };

  // Publishing from a file skips the builder's publish page, which also checks that a consent
  // form renders on the family page (issue 15): a required field it cannot show would make the
  // consent impossible to give. Drafts stay free, as in the builder.
  if (options.publish && source.kind === "consent") {
    const problems = await lintFormDefinition({ ...content, kind: source.kind });
    if (problems.length) throw new FormLintError(problems);
  }
  let version = draft ? await updateDraftVersion(trx, draft.id, content) : await createDraftVersion(trx, form.id, content);
  if (options.publish) version = await publishFormVersion(trx, { versionId: version.id, actor: options.actor });
  await recordAuditEvent(trx, {
    actor: options.actor,
    action: "forms.imported",
    target: { type: "form_version", id: version.id },
    details: { slug: source.slug, contentHash: hash, version: version.version, published: options.publish },
  });
  return { outcome: options.publish ? "published" : "draft", version };
}
