import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { readFormSource, type FormSource } from "./bundle.server";
import { importForm } from "./import.server";

/** Where the built-in forms live: one folder per form (schemas/README.md). */
export const BUILTIN_FORMS_DIR = path.resolve("schemas");

/** Reads every built-in form folder, in slug order. */
export async function loadBuiltinForms(dir = BUILTIN_FORMS_DIR): Promise<FormSource[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(folders.map((name) => readFormSource(path.join(dir, name))));
}

/**
 * Brings the registry in line with the files: a form whose content hash
 * differs from its latest published version gets a new published version;
 * an unchanged one is left alone (idempotent). Returns one line per form.
 */
export async function syncBuiltinForms(trx: Kysely<Database>, dir = BUILTIN_FORMS_DIR): Promise<string[]> {
  const report: string[] = [];
  for (const source of await loadBuiltinForms(dir)) {
    const { outcome, version } = await importForm(trx, source, { publish: true, actor: { kind: "system" } });
    report.push(outcome === "unchanged" ? `${source.slug} v${version.version} unchanged` : `${source.slug} v${version.version} published`);
  }
  return report;
}
