import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { importConsentTranslation } from "~/consent/consent-translations.server";
import { translationStringsOf } from "~/consent/consent-translation";
import { BUILTIN_FORMS_DIR } from "~/forms/versions/builtin.server";
import type { SeedStep } from "./seed-step";

/**
 * The built-in translations of the built-in consent forms
 * (schemas/<slug>/translations/<language>.json), loaded as drafts of each
 * form's newest published version so that an admin can try the approval in
 * demo mode. Never approved here: approving is a person's act (ADR 0023).
 * Idempotent: an unchanged file adds nothing.
 */
export const demoConsentTranslationsSeedStep: SeedStep = {
  name: "consent translations",
  async run(db) {
    const report: string[] = [];
    const forms = await db.selectFrom("forms").select(["id", "slug"]).where("kind", "=", "consent").orderBy("slug").execute();
    for (const form of forms) {
      const dir = path.join(BUILTIN_FORMS_DIR, form.slug, "translations");
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
      const version = await db
        .selectFrom("form_versions")
        .select(["id", "version"])
        .where("form_id", "=", form.id)
        .where("status", "=", "published")
        .orderBy("version", "desc")
        .executeTakeFirst();
      if (!version || !files.length) continue;
      for (const file of files) {
        const document = JSON.parse(await readFile(path.join(dir, file), "utf8")) as { language?: string };
        const language = document.language ?? path.basename(file, ".json");
        const { outcome, translation } = await importConsentTranslation(
          db,
          { formVersionId: version.id, language, strings: translationStringsOf(document) },
          { actor: { kind: "system" } }
        );
        report.push(`${form.slug} v${version.version} ${language}: ${outcome === "created" ? `draft ${translation.version} loaded` : "unchanged"}`);
      }
    }
    return report;
  },
};
