import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../app/db/schema";
import { createDraftVersion, createForm, publishFormVersion } from "../../app/forms/versions/registry.server";

const root = path.resolve(import.meta.dirname, "../..");

/** Publishes a built-in consent form from schemas/ (offered to every service), as the demo seed would. */
export async function publishBuiltinConsentForm(db: Kysely<Database>, slug = "consenso-intervento") {
  const schema = JSON.parse(await readFile(path.join(root, "schemas", slug, "schema.json"), "utf8"));
  const uiSchema = JSON.parse(await readFile(path.join(root, "schemas", slug, "ui.json"), "utf8"));
  return db.transaction().execute(async (trx) => {
    const form = await createForm(trx, { slug, kind: "consent", title: schema.title, services: undefined });
    const draft = await createDraftVersion(trx, form.id, { schema, uiSchema });
    const version = await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    return { form, version, schema: schema as Record<string, unknown> };
  });
}

/** Answers that validate against consenso-intervento; `overrides` change some. */
export function consentAnswers(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "answer",
    nomeCognome: "Maria Rossi",
    relazione: "madre",
    nomeMinore: "Luca Rossi",
    consensoIntervento: "acconsento",
    consensoPsicologo: "acconsento",
    altroGenitore: "firma-separata",
    firma: "Maria Rossi",
    conferma: "true",
    ...overrides,
  };
}

/** Loads the built-in translation of a consent form (schemas/<slug>/translations/<language>.json) and, unless told not to, approves it. */
export async function approveBuiltinTranslation(
  db: Kysely<Database>,
  formVersionId: number,
  language: string,
  adminId: number,
  options: { slug?: string; approve?: boolean } = {}
) {
  const { importConsentTranslation, approveConsentTranslation } = await import("../../app/consent/consent-translations.server");
  const file = JSON.parse(await readFile(path.join(root, "schemas", options.slug ?? "consenso-intervento", "translations", `${language}.json`), "utf8"));
  const audit = { actor: { kind: "user" as const, userId: adminId } };
  return db.transaction().execute(async (trx) => {
    const { translation } = await importConsentTranslation(trx, { formVersionId, language, strings: file.strings }, audit);
    return options.approve === false ? translation : approveConsentTranslation(trx, translation.id, audit);
  });
}
