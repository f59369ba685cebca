import type { Kysely } from "kysely";
import type { Database } from "../../app/db/schema";
import { createDraftVersion, createForm, publishFormVersion } from "../../app/forms/versions/registry.server";

/** A small valid form schema; `extra` adds properties. */
export function simpleSchema(extra: Record<string, unknown> = {}) {
  return {
    type: "object",
    title: "Verbale di prova",
    required: ["dataIncontro"],
    properties: { dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" }, ...extra },
  };
}

/** Creates a form with one published version, as the CLI would; offered to spazio-neutro unless `services` says otherwise. */
export async function createPublishedForm(
  db: Kysely<Database>,
  slug: string,
  schema: Record<string, unknown> = simpleSchema(),
  services = ["spazio-neutro"]
) {
  return db.transaction().execute(async (trx) => {
    const form = await createForm(trx, { slug, kind: "report", title: "Verbale di prova", services });
    const draft = await createDraftVersion(trx, form.id, { schema, uiSchema: {} });
    const version = await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    return { form, version };
  });
}
