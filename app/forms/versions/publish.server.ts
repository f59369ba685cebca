import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { InvalidInputError, fieldErrors, throwIfAny, type FieldMessages } from "~/lib/errors";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { diffFormSchemas, listFormFields, type FieldChange, type FormField } from "../mapping/diff";
import { checkDraftImpact, type ImpactReport } from "../mapping/impact.server";
import { lintFormDefinition, type LintProblem } from "../validation/lint.server";
import { checkMappingRules, fieldCodes, formatRecodeText, parseRecodeText, RecodeSyntaxError, type MappingProblem } from "../mapping/mapping-check";
import type { MappingRule, VersionMapping } from "../mapping/mapping";
import { findDraftVersion, FormLintError, FormRegistryError, listFormVersions, publishFormVersion, type Form, type FormVersion } from "./registry.server";
import { formVersionSchemaId } from "../validation/validators.server";

/** A field as the mapping form offers it: pointer, title and its codes (for recoding). */
export interface FieldChoice {
  path: string;
  title: string;
  codes: string[];
}

export interface PublishPreview {
  draft: { id: number; contentHash: string };
  /** The number the draft will get. */
  nextVersion: number;
  /** The latest numbered version (published or retired): what the diff and the mapping start from. */
  previous: { version: number; status: string } | null;
  lint: LintProblem[];
  changes: FieldChange[];
  oldFields: FieldChoice[];
  newFields: FieldChoice[];
  rules: (MappingRule & { recodeText: string })[];
  /** Problems of the declared rules against the current draft (it may have changed since they were declared). */
  mappingProblems: MappingProblem[];
  impact: ImpactReport;
}

function fieldChoices(schema: Record<string, unknown>): FieldChoice[] {
  const fields = listFormFields(schema);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  return fields.filter((f) => !f.path.endsWith("/*")).map((f: FormField) => ({ path: f.path, title: f.title, codes: fieldCodes(byPath, f.path) }));
}

/** The draft of a form, or a FormRegistryError saying there is none. */
async function requireDraft(db: Kysely<Database>, form: Form): Promise<FormVersion> {
  const draft = await findDraftVersion(db, form.id);
  if (!draft) throw new FormRegistryError("il modulo non ha una bozza da pubblicare");
  return draft;
}

/** Problems of the draft's declared mapping: rules against both schemas, and whether it starts from the right version. */
function mappingProblemsOf(draft: FormVersion, previous: FormVersion | undefined): MappingProblem[] {
  const mapping = draft.mapping;
  if (!mapping?.rules.length) return [];
  if (!previous || mapping.fromVersion !== previous.version) {
    return [{ rule: -1, field: "from", message: `le corrispondenze partono dalla versione ${mapping.fromVersion}, ma la precedente è la ${previous?.version ?? "—"}: vanno riviste` }];
  }
  return checkMappingRules(mapping.rules, previous.schema, draft.schema);
}

/**
 * Everything the publish page shows before publishing: lint of the draft,
 * the diff against the previous version, the declared mapping and its
 * problems, and the impact check on earlier versions' drafts. The impact
 * check reads case data of every service, so it is audited
 * (forms.impact.checked, counts only): pass a transaction.
 */
export async function previewPublish(trx: Kysely<Database>, form: Form, audit: AuditContext): Promise<PublishPreview | undefined> {
  const draft = await findDraftVersion(trx, form.id);
  if (!draft) return undefined;
  const earlier = await listFormVersions(trx, form.slug);
  const previous = earlier.at(-1);
  const nextVersion = (previous?.version ?? 0) + 1;
  const mappingProblems = mappingProblemsOf(draft, previous);
  // A mapping declared against another version cannot be chained; the impact is then shown without it.
  const mapping = draft.mapping && draft.mapping.fromVersion === previous?.version ? draft.mapping : null;
  const impact = await checkDraftImpact(trx, {
    earlier: earlier.map((v) => ({ id: v.id, version: v.version!, mapping: v.mapping, schema: v.schema, schemaId: v.schemaId })),
    next: { version: nextVersion, mapping, schema: draft.schema, schemaId: formVersionSchemaId(form.slug, "draft") },
  });
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.impact.checked",
    target: { type: "form_version", id: draft.id },
    details: {
      slug: form.slug,
      contentHash: draft.contentHash,
      drafts: impact.drafts,
      noLongerValid: impact.noLongerValid,
      versions: impact.versions.map((v) => ({ version: v.version, drafts: v.drafts, noLongerValid: v.noLongerValid })),
    },
  });
  return {
    draft: { id: draft.id, contentHash: draft.contentHash },
    nextVersion,
    previous: previous ? { version: previous.version!, status: previous.status } : null,
    lint: await lintFormDefinition({ schema: draft.schema, uiSchema: draft.uiSchema, kind: form.kind }),
    changes: diffFormSchemas(previous?.schema ?? {}, draft.schema),
    oldFields: previous ? fieldChoices(previous.schema) : [],
    newFields: fieldChoices(draft.schema),
    rules: (draft.mapping?.rules ?? []).map((r) => ({ ...r, recodeText: formatRecodeText(r.recode) })),
    mappingProblems,
    impact,
  };
}

async function saveDraftMapping(trx: Kysely<Database>, form: Form, draft: FormVersion, mapping: VersionMapping | null, audit: AuditContext) {
  await trx
    .updateTable("form_versions")
    .set({ mapping: mapping && toJsonb(mapping), updated_at: sql`now()` })
    .where("id", "=", draft.id)
    .where("status", "=", "draft")
    .execute();
  await recordAuditEvent(trx, {
    ...audit,
    action: "forms.mapping.updated",
    target: { type: "form_version", id: draft.id },
    details: { slug: form.slug, mapping },
  });
}

/**
 * Declares one more rule on the draft (old pointer → new pointer, optional
 * recoding written "old = new" per line), checked against the previous
 * version's and the draft's schemas; audited as forms.mapping.updated.
 */
export async function addMappingRule(
  trx: Kysely<Database>,
  form: Form,
  input: { from: string; to: string; recode: string },
  audit: AuditContext,
): Promise<void> {
  const draft = await requireDraft(trx, form);
  const previous = (await listFormVersions(trx, form.slug)).at(-1);
  if (!previous) throw new FormRegistryError("la prima versione di un modulo non ha una versione precedente da cui fare corrispondenze");
  const errors: FieldMessages = {};
  if (!input.from) errors.from = "Scegli il campo della versione precedente.";
  if (!input.to) errors.to = "Scegli il campo della nuova versione.";
  throwIfAny(errors);
  const oldFields = new Map(listFormFields(previous.schema).map((f) => [f.path, f]));
  const newFields = new Map(listFormFields(draft.schema).map((f) => [f.path, f]));
  let rule: MappingRule;
  try {
    const recode = parseRecodeText(input.recode, fieldCodes(oldFields, input.from), fieldCodes(newFields, input.to));
    rule = recode.length ? { from: input.from, to: input.to, recode } : { from: input.from, to: input.to };
  } catch (error) {
    if (error instanceof RecodeSyntaxError) throw new InvalidInputError(fieldErrors({ recode: `Ricodifica, ${error.message}.` }));
    throw error;
  }
  // Rules declared against another version are dropped: they cannot be published anyway.
  const kept = draft.mapping?.fromVersion === previous.version ? draft.mapping.rules : [];
  const rules = [...kept, rule];
  for (const problem of checkMappingRules(rules, previous.schema, draft.schema).filter((p) => p.rule === rules.length - 1)) {
    errors[problem.field] ??= `${problem.message.charAt(0).toUpperCase()}${problem.message.slice(1)}.`;
  }
  throwIfAny(errors);
  await saveDraftMapping(trx, form, draft, { fromVersion: previous.version!, rules }, audit);
}

/** Removes the rule at `index` from the draft's mapping; audited as forms.mapping.updated. */
export async function removeMappingRule(trx: Kysely<Database>, form: Form, index: number, audit: AuditContext): Promise<void> {
  const draft = await requireDraft(trx, form);
  const rules = draft.mapping?.rules ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= rules.length) throw new FormRegistryError("corrispondenza inesistente");
  const remaining = rules.filter((_, i) => i !== index);
  await saveDraftMapping(trx, form, draft, remaining.length ? { fromVersion: draft.mapping!.fromVersion, rules: remaining } : null, audit);
}

/**
 * Publishes the draft with its mapping: lint must pass and every declared
 * rule must hold against the previous version, numbered under a lock on the
 * form so that no other publish slips in between. The registry records
 * forms.version.published with the mapping; from then on the database
 * refuses any change to either.
 */
export async function publishDraft(trx: Kysely<Database>, form: Form, audit: AuditContext): Promise<FormVersion> {
  await trx.selectFrom("forms").select("id").where("id", "=", form.id).forUpdate().executeTakeFirstOrThrow();
  const draft = await requireDraft(trx, form);
  const lint = await lintFormDefinition({ schema: draft.schema, uiSchema: draft.uiSchema, kind: form.kind });
  if (lint.length) throw new FormLintError(lint);
  const problems = mappingProblemsOf(draft, (await listFormVersions(trx, form.slug)).at(-1));
  if (problems.length) throw new FormRegistryError(`le corrispondenze dichiarate hanno ${problems.length} problemi: correggile prima di pubblicare`);
  return publishFormVersion(trx, { versionId: draft.id, actor: audit.actor, client: audit.client });
}
