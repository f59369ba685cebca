import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isFormKind, SLUG_PATTERN, type FormKind } from "./form-kinds";
import { isObject } from "../schema/json-schema";
import { JsonSyntaxError, parseJson } from "../schema/parse-json";

/** A form definition read from disk, ready for lint and import. */
export interface FormSource {
  slug: string;
  title: string;
  kind: FormKind;
  /** Services the form is offered to; undefined: not said (import offers it to all). */
  services?: string[];
  schema: unknown;
  uiSchema: unknown;
}

/** A version as a bundle file: what `forms export` prints and the builder downloads; `forms import` reads it back. */
export function formBundle(
  form: { slug: string; title: string; kind: FormKind; services: string[] },
  version: { version: number | null; schema: unknown; uiSchema: unknown },
) {
  return {
    slug: form.slug,
    title: form.title,
    kind: form.kind,
    services: form.services,
    version: version.version,
    schema: version.schema,
    uiSchema: version.uiSchema,
  };
}

/** A file that cannot be read as a form; the message names the file and, for bad JSON, line and column. */
export class FormSourceError extends Error {
  override name = "FormSourceError";
}

// Far above LINT_LIMITS.maxBytes, so that lint reports the size; this only stops reading huge files whole.
const MAX_FILE_BYTES = 20_000_000;

/**
 * Reads a form from FILE, in any of the three shapes of DESIGN §3: a folder
 * (`schema.json`, `ui.json`, optional `form.json` with kind and services), a
 * bundle file `{"slug","title","kind","schema","uiSchema"}`, or a bare JSON
 * Schema whose slug is its file name.
 */
export async function readFormSource(file: string): Promise<FormSource> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new FormSourceError(`${file}: file o cartella inesistente`);
  if (info.isDirectory()) return readFormFolder(file);

  const document = await readJsonFile(file);
  if (isObject(document) && "schema" in document && "slug" in document) {
    return checkedSource(file, {
      slug: document.slug,
      title: document.title,
      kind: document.kind,
      services: document.services,
      schema: document.schema,
      uiSchema: document.uiSchema ?? {},
    });
  }
  const slug = path.basename(file).replace(/(\.schema)?\.json$/, "");
  return checkedSource(file, { slug, title: isObject(document) ? document.title : undefined, kind: "other", schema: document, uiSchema: {} });
}

async function readFormFolder(folder: string): Promise<FormSource> {
  const schema = await readJsonFile(path.join(folder, "schema.json"));
  const uiFile = path.join(folder, "ui.json");
  const uiSchema = (await stat(uiFile).catch(() => undefined)) ? await readJsonFile(uiFile) : {};
  const metaFile = path.join(folder, "form.json");
  const meta = (await stat(metaFile).catch(() => undefined)) ? await readJsonFile(metaFile) : {};
  if (!isObject(meta)) throw new FormSourceError(`${metaFile}: deve essere un oggetto {"kind", "services"}`);
  return checkedSource(folder, {
    slug: path.basename(path.resolve(folder)),
    title: isObject(schema) ? schema.title : undefined,
    kind: meta.kind ?? "other",
    services: meta.services,
    schema,
    uiSchema,
  });
}

/** Reads and parses one JSON file; errors carry the file name and the position. */
export async function readJsonFile(file: string): Promise<unknown> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new FormSourceError(`${file}: file inesistente`);
  if (info.size > MAX_FILE_BYTES) throw new FormSourceError(`${file}: file troppo grande (${info.size} byte)`);
  try {
    return parseJson(await readFile(file, "utf8"));
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new FormSourceError(`${file}: ${error.message}`);
    throw error;
  }
}

function checkedSource(
  file: string,
  raw: { slug: unknown; title: unknown; kind: unknown; services?: unknown; schema: unknown; uiSchema: unknown },
): FormSource {
  if (typeof raw.slug !== "string" || !SLUG_PATTERN.test(raw.slug)) {
    throw new FormSourceError(`${file}: slug non valido ${JSON.stringify(raw.slug)} (minuscole, cifre e trattini, es. "scheda-segnalazione")`);
  }
  if (!isFormKind(raw.kind)) {
    throw new FormSourceError(`${file}: tipo di modulo non valido ${JSON.stringify(raw.kind)} (intake, assessment, report, consent, other)`);
  }
  const services = raw.services;
  if (services !== undefined && !(Array.isArray(services) && services.every((s) => typeof s === "string"))) {
    throw new FormSourceError(`${file}: "services" deve essere un elenco di codici di servizio`);
  }
  const title = typeof raw.title === "string" && raw.title.trim() ? raw.title.trim() : raw.slug;
  return { slug: raw.slug, title, kind: raw.kind, services, schema: raw.schema, uiSchema: raw.uiSchema };
}
