import type { FieldMessages } from "~/lib/errors";
import { formString } from "~/lib/form-string";

/**
 * What a form's page (/admin/moduli/:slug: versions, comparison, import,
 * title and kind, services, duplicate, retire) receives, read into the
 * shapes the builder's domain functions take (pure, shared by the route and
 * the tests). The domain functions check the values themselves; here only
 * what the request alone decides.
 */

/** Check boxes post "si" when ticked and nothing otherwise. */
const ticked = (fields: FormData, name: string) => formString(fields, name) === "si";

export function readFormMetaInput(fields: FormData): { title: string; kind: string } {
  return { title: formString(fields, "title"), kind: formString(fields, "kind") };
}

/** The ticked services' codes; none ticked is a choice too (the domain refuses it). */
export function readFormServicesInput(fields: FormData): string[] {
  return fields.getAll("services").filter((s): s is string => typeof s === "string");
}

export function readDuplicateInput(fields: FormData): { version: string; slug: string; title: string } {
  return { version: formString(fields, "version"), slug: formString(fields, "slug"), title: formString(fields, "title") };
}

/** The uploaded bundle as text ("" without a file, which the import refuses) and the import's two options. */
export async function readBundleUpload(fields: FormData): Promise<{ text: string; fileName: string; replaceDraft: boolean; titlesFromKeys: boolean }> {
  const file = fields.get("bundle");
  return {
    text: file instanceof File ? await file.text() : "",
    fileName: file instanceof File ? file.name : "",
    replaceDraft: ticked(fields, "replaceDraft"),
    titlesFromKeys: ticked(fields, "titlesFromKeys"),
  };
}

/** Retiring cannot be undone: the version comes with the confirmation page's "si", or the errors say so. */
export function readRetireInput(fields: FormData): { version: number; errors: FieldMessages } {
  return { version: Number(formString(fields, "version")), errors: ticked(fields, "confirm") ? {} : { form: "Conferma il ritiro della versione." } };
}

/** What the page's query asks: two versions to compare (?da=&a=), a version to confirm retiring (?ritira=), the message after a redirect. */
export function readFormPageQuery(query: URLSearchParams): { compare: { from: string; to: string } | null; retire: number; notice: string | null } {
  const from = query.get("da");
  const to = query.get("a");
  return { compare: from && to ? { from, to } : null, retire: Number(query.get("ritira")), notice: redirectNotice(query) };
}

/** The message after a redirect (?duplicato=1, ?ritirata=2, ?pubblicata=3). */
function redirectNotice(query: URLSearchParams): string | null {
  if (query.has("duplicato")) return "Modulo duplicato: la bozza è una copia della versione scelta.";
  if (query.has("ritirata")) return `Versione ${query.get("ritirata")} ritirata: non si possono più creare schede con essa, quelle esistenti restano.`;
  if (query.has("pubblicata")) return `Versione ${query.get("pubblicata")} pubblicata.`;
  return null;
}

/** The version ?ritira= names, if it is one of the history's published versions (only those can be retired). */
export function retirableVersion(history: readonly { version: number | null; status: string }[], requested: number): number | null {
  return history.find((v) => v.version === requested && v.status === "published")?.version ?? null;
}

/** What the import says it did, naming the titles it made up (to be reworded in the editor). */
export function importedMessage(fileName: string, filledTitles: readonly { title: string }[]): string {
  const filled = filledTitles.length ? ` Titoli presi dal nome del campo, da rivedere nell'editor: ${filledTitles.map((f) => `«${f.title}»`).join(", ")}.` : "";
  return `Pacchetto «${fileName}» importato nella bozza.${filled}`;
}
