import type { FieldError } from "~/forms/messages";
import { isObject } from "~/forms/json-schema";
import { SubmissionRequestError } from "./errors";

/**
 * The JSON API's request envelopes (DESIGN §4), checked field by field. What
 * the form itself says about `data` is the validator's job; this only makes
 * sure the envelope has the right shapes, and answers 400 with every problem.
 */

export const SUBMISSION_STATUSES = ["draft", "submitted"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface CreateSubmissionInput {
  data: Record<string, unknown>;
  status: SubmissionStatus;
  service: string;
  comune: string | null;
  /** A case code of the same service, or null. */
  caseCode: string | null;
}

export interface UpdateSubmissionInput {
  data: Record<string, unknown>;
  status: SubmissionStatus;
  /** The revision the caller started from; anything else is a conflict. */
  revision: number;
  reason: string | null;
}

export interface SubmissionFilters {
  form?: string;
  service?: string;
  comune?: string;
  /** A case code (matched upper-case, as codes are stored). */
  case?: string;
  status?: SubmissionStatus;
  /** created_at ≥ from */
  from?: Date;
  /** created_at < to */
  to?: Date;
}

/** `{"data","status","service","comune"?,"case"?}` of POST /forms/:slug/submissions. */
export function parseCreateSubmissionBody(body: Record<string, unknown>): CreateSubmissionInput {
  const errors: FieldError[] = [];
  const input = {
    data: dataField(body, errors),
    status: statusField(body.status, "/status", errors),
    service: requiredText(body.service, "/service", "servizio", errors),
    comune: optionalText(body.comune, "/comune", "comune", errors),
    caseCode: optionalText(body.case, "/case", "cartella", errors),
  };
  if (errors.length) throw new SubmissionRequestError(errors);
  return input as CreateSubmissionInput;
}

/** `{"data","status","revision","reason"?}` of PUT /submissions/:id. */
export function parseUpdateSubmissionBody(body: Record<string, unknown>): UpdateSubmissionInput {
  const errors: FieldError[] = [];
  const revision = body.revision;
  if (!Number.isSafeInteger(revision) || (revision as number) < 1) {
    errors.push({ path: "/revision", message: "revisione: serve il numero intero della revisione di partenza" });
  }
  const input = {
    data: dataField(body, errors),
    status: statusField(body.status, "/status", errors),
    revision,
    reason: optionalText(body.reason, "/reason", "motivo", errors),
  };
  if (errors.length) throw new SubmissionRequestError(errors);
  return input as UpdateSubmissionInput;
}

/** `?form=&service=&comune=&case=&status=&from=&to=` of GET /submissions and /export; dates are ISO 8601. */
export function parseSubmissionFilters(query: URLSearchParams): SubmissionFilters {
  const errors: FieldError[] = [];
  const filters: SubmissionFilters = {};
  const text = (name: "form" | "service" | "comune" | "case") => query.get(name)?.trim() || undefined;
  filters.form = text("form");
  filters.service = text("service");
  filters.comune = text("comune");
  filters.case = text("case");
  const status = query.get("status");
  if (status) filters.status = statusField(status, "/status", errors);
  for (const name of ["from", "to"] as const) {
    const value = query.get(name);
    if (!value) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) errors.push({ path: `/${name}`, message: `${name}: serve una data ISO 8601` });
    else filters[name] = date;
  }
  if (errors.length) throw new SubmissionRequestError(errors);
  return filters;
}

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?form=SLUG&format=csv|ndjson` of GET /export, plus the list's filters (except form, which is required here). */
export function parseExportQuery(query: URLSearchParams): { form: string; format: ExportFormat; filters: Omit<SubmissionFilters, "form"> } {
  const errors: FieldError[] = [];
  const form = query.get("form")?.trim() ?? "";
  if (!form) errors.push({ path: "/form", message: "form: serve lo slug del modulo da esportare" });
  const format = query.get("format");
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) errors.push({ path: "/format", message: `format: deve essere "csv" o "ndjson"` });
  let filters: SubmissionFilters = {};
  try {
    filters = parseSubmissionFilters(query);
  } catch (error) {
    if (!(error instanceof SubmissionRequestError)) throw error;
    errors.push(...error.errors);
  }
  if (errors.length) throw new SubmissionRequestError(errors);
  const { form: _slug, ...rest } = filters;
  return { form, format: format as ExportFormat, filters: rest };
}

/** Largest page a client may ask for with `limit`. */
export const MAX_SUBMISSION_PAGE_SIZE = 100;

/** `?cursor=&limit=` of GET /submissions: the opaque cursor as given, and a page size of 1–100 (default 50). */
export function parseSubmissionPage(query: URLSearchParams): { cursor?: string; limit?: number } {
  const limit = query.get("limit");
  if (limit !== null && !(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_SUBMISSION_PAGE_SIZE)) {
    throw new SubmissionRequestError([{ path: "/limit", message: `limit: un numero da 1 a ${MAX_SUBMISSION_PAGE_SIZE}` }]);
  }
  return { cursor: query.get("cursor") || undefined, limit: limit === null ? undefined : Number(limit) };
}

function dataField(body: Record<string, unknown>, errors: FieldError[]): Record<string, unknown> | undefined {
  if (isObject(body.data)) return body.data;
  errors.push({ path: "/data", message: "dati: serve un oggetto JSON (anche parziale per una bozza)" });
  return undefined;
}

function statusField(value: unknown, path: string, errors: FieldError[]): SubmissionStatus | undefined {
  if (SUBMISSION_STATUSES.includes(value as SubmissionStatus)) return value as SubmissionStatus;
  errors.push({ path, message: `stato: deve essere "draft" o "submitted"` });
  return undefined;
}

function requiredText(value: unknown, path: string, label: string, errors: FieldError[]): string | undefined {
  if (typeof value === "string" && value.trim()) return value.trim();
  errors.push({ path, message: `${label}: campo obbligatorio` });
  return undefined;
}

function optionalText(value: unknown, path: string, label: string, errors: FieldError[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() || null;
  errors.push({ path, message: `${label}: deve essere un testo` });
  return null;
}
