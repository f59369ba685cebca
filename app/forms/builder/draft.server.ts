import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import { ConflictError } from "~/lib/errors";
import {
  createDraftVersion,
  findFormVersion,
  FormNotFoundError,
  updateDraftVersion,
  type Form,
  type FormContent,
  type FormVersion,
} from "../versions/registry.server";

/**
 * Starts the draft of a form as a copy of its latest published version (or an
 * empty form with the form's title when nothing is published), audited in the
 * caller's transaction.
 */
export async function startDraft(trx: Kysely<Database>, form: Form, context: AuditContext): Promise<FormVersion> {
  const latest = await findFormVersion(trx, form.slug);
  const content: FormContent = latest
    ? { schema: latest.schema, uiSchema: latest.uiSchema }
    : { schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", title: form.title, properties: {} }, uiSchema: {} };
  const draft = await createDraftVersion(trx, form.id, content);
  await recordAuditEvent(trx, {
    ...context,
    action: "forms.draft.created",
    target: { type: "form_version", id: draft.id },
    details: { slug: form.slug, from: latest?.version ?? null, contentHash: draft.contentHash },
  });
  return draft;
}

/**
 * Saves the editor's content into the form's draft, only if the draft is still
 * the one the editor loaded (`expectedHash`): two administrators editing the
 * same draft get a conflict instead of silently overwriting each other.
 * Lint runs inside (FormLintError); the audit event commits with the change.
 */
export async function saveDraft(
  trx: Kysely<Database>,
  input: { form: Form; expectedHash: string; content: FormContent },
  context: AuditContext,
): Promise<FormVersion> {
  // The row lock makes a concurrent save wait here, so the hash comparison below cannot race.
  const row = await trx
    .selectFrom("form_versions")
    .select(["id", "content_hash"])
    .where("form_id", "=", input.form.id)
    .where("status", "=", "draft")
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new FormNotFoundError("la bozza non esiste più: forse è stata pubblicata nel frattempo");
  if (row.content_hash !== input.expectedHash) {
    // `current` is the content hash stored now: the editor offers to overwrite it knowingly.
    throw new ConflictError("un'altra persona ha salvato questa bozza dopo che l'hai aperta", row.content_hash);
  }
  const saved = await updateDraftVersion(trx, row.id, input.content);
  await recordAuditEvent(trx, {
    ...context,
    action: "forms.draft.saved",
    target: { type: "form_version", id: row.id },
    details: { slug: input.form.slug, previousHash: row.content_hash, contentHash: saved.contentHash },
  });
  return saved;
}
