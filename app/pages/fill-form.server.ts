import type { Kysely } from "kysely";
import { listReferenceData } from "~/organisation/organisation.server";
import { scopeFor, type Membership } from "~/auth/policy";
import { ensureValidatorModule } from "~/components/schema-form/validator-modules.server";
import { validatorModuleUrl } from "~/components/schema-form/validator-script";
import type { Database } from "~/db/schema";
import { FormDataError, formDataToJson, type RowAction } from "~/forms/schema/form-data-to-json";
import { findOfferedFormVersion } from "~/forms/versions/offered-forms.server";
import type { JsonSchema } from "~/forms/schema/json-schema";
import type { FieldError } from "~/lib/errors";
import { findFormVersion, findStandaloneCode, type Form, type FormVersion } from "~/forms/versions/registry.server";
import type { EditorVersion } from "~/components/submission-editor";
import { isPositiveInteger, type SubmissionStatus } from "~/submissions/api-input";

/**
 * A version of a form that the caller may read and that is offered to the
 * target's service: the one the page rendered (`version`, pinned by the
 * post) or else the latest published one; undefined otherwise (a 404).
 */
export async function findFillableVersion(
  db: Kysely<Database>,
  memberships: readonly Membership[],
  slug: string,
  service: string,
  version?: number
): Promise<{ form: Form; version: FormVersion } | undefined> {
  const found = await findOfferedFormVersion(db, scopeFor(memberships, "form.read"), slug, version);
  // Consent forms are answered by the family through a link or recorded on paper from the case, never filled here.
  return found && found.form.kind !== "consent" && found.form.services.includes(service) ? found : undefined;
}

/**
 * The latest published version of a form when it is newer than `version`
 * (published meanwhile): the page says so, and the worker goes on with the
 * version on screen.
 */
export async function findNewerVersion(db: Kysely<Database>, slug: string, version: number): Promise<number | null> {
  const latest = await findFormVersion(db, slug);
  return latest?.version && latest.version > version ? latest.version : null;
}

/**
 * A version as the form pages render it. Also loads its validator module
 * into this process, so that the server render evaluates conditions and
 * choices exactly as the browser will.
 */
export async function editorVersion(db: Kysely<Database>, form: { title: string }, version: FormVersion): Promise<EditorVersion> {
  await ensureValidatorModule(version.schemaId, () => findStandaloneCode(db, version.id));
  return {
    slug: version.slug,
    title: form.title,
    description: typeof version.schema.description === "string" ? version.schema.description : null,
    version: version.version!,
    schemaId: version.schemaId,
    schema: { ...version.schema, $id: version.schemaId },
    uiSchema: version.uiSchema,
    validatorUrl: validatorModuleUrl(version.slug, version.version!),
  };
}

/** The largest form post a page accepts, like the JSON API's body limit. */
const MAX_FORM_BYTES = 1024 * 1024;

/** A form page's post (ordinary HTML form, JavaScript off). */
export interface PostedSubmission {
  data: Record<string, unknown>;
  /** An "Aggiungi"/"Rimuovi" button: re-render with the row changed, save nothing. */
  rowAction?: RowAction;
  status: SubmissionStatus;
  /** The revision the page was showing (`_revisione`), for the conflict check. */
  revision: number | null;
  /** The reason of an amendment (`_motivo`). */
  reason: string | null;
  /** Problems with the post itself (a tampered form); nothing is saved. */
  errors: FieldError[];
}

/** Reads a form page's post and rebuilds the submission's JSON with the version's schema. */
export async function readPostedSubmission(request: Request, schema: JsonSchema): Promise<PostedSubmission> {
  return parsePostedSubmission(await readPostedForm(request), schema);
}

/** A form page's post, refused over the size limit. */
export async function readPostedForm(request: Request): Promise<FormData> {
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_FORM_BYTES) {
    throw new Response("Modulo troppo grande", { status: 413 });
  }
  return request.formData();
}

/** The form version a new scheda's page rendered (`_versione`), when the post carries a valid one. */
export function postedVersion(form: FormData): number | undefined {
  const version = Number(form.get("_versione"));
  return isPositiveInteger(version) ? version : undefined;
}

/** Rebuilds a posted submission's JSON with the version's schema. */
export function parsePostedSubmission(form: FormData, schema: JsonSchema): PostedSubmission {
  const revision = Number(form.get("_revisione"));
  const reason = String(form.get("_motivo") ?? "").trim() || null;
  const status: SubmissionStatus = form.get("_stato") === "submitted" ? "submitted" : "draft";
  const common = { status, revision: isPositiveInteger(revision) ? revision : null, reason };
  try {
    return { ...formDataToJson(schema, form.entries()), ...common, errors: [] };
  } catch (error) {
    if (error instanceof FormDataError) return { data: {}, ...common, errors: error.errors };
    throw error;
  }
}

/** Names of services and comuni by code, for pages that show where a scheda belongs. */
export async function referenceNames(db: Kysely<Database>): Promise<{ services: Record<string, string>; comuni: Record<string, string> }> {
  const { services, comuni } = await listReferenceData(db);
  return {
    services: Object.fromEntries(services.map((s) => [s.code, s.name])),
    comuni: Object.fromEntries(comuni.map((c) => [c.code, c.name])),
  };
}

/** One place a worker may start a form: a service and, for territorial services, a comune. */
export interface FillOption {
  service: string;
  comune: string | null;
  label: string;
}

/**
 * Where the caller may fill a form: each case.write membership in a service
 * the form is offered to; a membership for every comune of a service offers
 * each comune. The compila page checks again (the policy decides, not this list).
 */
export function fillOptions(
  memberships: readonly Membership[],
  formServices: readonly string[],
  names: { services: Record<string, string>; comuni: Record<string, string> }
): FillOption[] {
  const grants = scopeFor(memberships, "case.write").grants.filter((g) => g.service !== null && formServices.includes(g.service));
  const options = grants.flatMap((g) =>
    (g.comune ? [g.comune] : Object.keys(names.comuni)).map((comune) => ({ service: g.service!, comune }))
  );
  const unique = [...new Map(options.map((o) => [`${o.service}|${o.comune}`, o])).values()];
  return unique.map((o) => ({ ...o, label: `${names.services[o.service] ?? o.service} · ${names.comuni[o.comune] ?? o.comune}` }));
}

/**
 * The compila URL of a form for a service, comune and optional case and
 * stage of the case's path (the case page links here with the stage).
 */
export function fillUrl(slug: string, target: { service: string; comune: string | null; caseCode?: string | null; stage?: string }): string {
  const query = new URLSearchParams({ servizio: target.service });
  if (target.comune) query.set("comune", target.comune);
  if (target.caseCode) query.set("caso", target.caseCode);
  if (target.stage) query.set("fase", target.stage);
  return `/moduli/${encodeURIComponent(slug)}/compila?${query}`;
}
