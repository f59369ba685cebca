import { MalformedRequestError, type FieldError } from "~/lib/errors";
import { isObject } from "~/forms/schema/json-schema";

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
  /** The version the worker saw (ADR 0007); without it, the latest published one. */
  formVersion?: number;
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

/** `{"data","status","service","comune"?,"case"?,"formVersion"?}` of POST /forms/:slug/submissions. */
export function parseCreateSubmissionBody(body: Record<string, unknown>): CreateSubmissionInput {
  const errors: FieldError[] = [];
  const input = {
    data: dataField(body, errors),
    status: statusField(body.status, "/status", errors),
    service: requiredText(body.service, "/service", "servizio", errors),
    comune: optionalText(body.comune, "/comune", "comune", errors),
    caseCode: optionalText(body.case, "/case", "cartella", errors),
    ...(body.formVersion === undefined || body.formVersion === null ? {} : { formVersion: body.formVersion }),
  };
  if (input.formVersion !== undefined && !isPositiveInteger(input.formVersion)) {
    errors.push({ path: "/formVersion", message: "versione del modulo: serve il numero intero della versione mostrata" });
  }
  if (errors.length) throw new MalformedRequestError(errors);
  return input as CreateSubmissionInput;
}

/** `{"data","status","revision","reason"?}` of PUT /submissions/:id. */
export function parseUpdateSubmissionBody(body: Record<string, unknown>): UpdateSubmissionInput {
  const errors: FieldError[] = [];
  const revision = body.revision;
  if (!isPositiveInteger(revision)) {
    errors.push({ path: "/revision", message: "revisione: serve il numero intero della revisione di partenza" });
  }
  const input = {
    data: dataField(body, errors),
    status: statusField(body.status, "/status", errors),
    revision,
    reason: optionalText(body.reason, "/reason", "motivo", errors),
  };
  if (errors.length) throw new MalformedRequestError(errors);
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
    const date = parseIsoDate(value);
    if (!date) errors.push({ path: `/${name}`, message: `${name}: serve una data ISO 8601 tra gli anni 0001 e 9999 (per esempio 2026-01-31)` });
    else filters[name] = date;
  }
  if (errors.length) throw new MalformedRequestError(errors);
  return filters;
}

/**
 * An ISO 8601 date or date-time with a four-digit year, or undefined.
 * JavaScript reads years up to ±275760, PostgreSQL's timestamps do not go
 * as far back (−4713): the four digits keep every date within both.
 */
export function parseIsoDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 ? undefined : date;
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
    if (!(error instanceof MalformedRequestError)) throw error;
    errors.push(...error.errors);
  }
  if (errors.length) throw new MalformedRequestError(errors);
  const { form: _slug, ...rest } = filters;
  return { form, format: format as ExportFormat, filters: rest };
}

/** Largest page a client may ask for with `limit`. */
export const MAX_SUBMISSION_PAGE_SIZE = 100;

/** Page size of GET /submissions/:id/history: revisions may hold up to 512 KiB each, so a page holds few. */
export const HISTORY_PAGE_SIZE = 10;
export const MAX_HISTORY_PAGE_SIZE = 25;

/**
 * `?cursor=&limit=` of GET /submissions (and of /submissions/:id/history with
 * `max` MAX_HISTORY_PAGE_SIZE): the opaque cursor as given, and a page size of 1–max.
 */
export function parseSubmissionPage(query: URLSearchParams, max = MAX_SUBMISSION_PAGE_SIZE): { cursor?: string; limit?: number } {
  const limit = query.get("limit");
  if (limit !== null && !(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= max)) {
    throw new MalformedRequestError([{ path: "/limit", message: `limit: un numero da 1 a ${max}` }]);
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

/** A version or revision number as clients send it: a positive safe integer. */
export function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
