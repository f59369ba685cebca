import type { FieldError } from "~/lib/errors";
import { isObject } from "~/forms/schema/json-schema";
import type { CreateConsentRequestInput } from "./consent-requests.server";
import { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS } from "./consent-status";

/**
 * `{"form","service","comune"?,"case"?,"recipient":{"name","email"?,"relationship"?},"expiresInDays"?,"version"?}`
 * of POST /api/v1/consent-requests (DESIGN §4). Returns the input, or every problem of the envelope.
 */
export function parseCreateConsentRequestBody(body: Record<string, unknown>): { input?: CreateConsentRequestInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (value: unknown, path: string, what: string, { required = false, max = 200 } = {}): string | null => {
    if (value === undefined || value === null || value === "") {
      if (required) errors.push({ path, message: `${what}: obbligatorio` });
      return null;
    }
    if (typeof value !== "string" || value.trim().length === 0 || value.length > max) {
      errors.push({ path, message: `${what}: serve un testo di al massimo ${max} caratteri` });
      return null;
    }
    return value.trim();
  };
  const form = text(body.form, "/form", "modulo", { required: true });
  const service = text(body.service, "/service", "servizio", { required: true });
  const comune = text(body.comune, "/comune", "comune");
  const caseCode = text(body.case, "/case", "cartella");
  const recipient = isObject(body.recipient) ? body.recipient : undefined;
  if (!recipient) errors.push({ path: "/recipient", message: "destinatario: serve un oggetto con name" });
  const name = recipient ? text(recipient.name, "/recipient/name", "nome del destinatario", { required: true }) : null;
  const email = recipient ? text(recipient.email, "/recipient/email", "e-mail del destinatario", { max: 320 }) : null;
  const relationship = recipient ? text(recipient.relationship, "/recipient/relationship", "rapporto con il minore") : null;
  const expiresInDays = integer(body.expiresInDays, "/expiresInDays", `scadenza in giorni: un intero da 1 a ${MAX_EXPIRY_DAYS}`, 1, MAX_EXPIRY_DAYS, errors);
  const version = integer(body.version, "/version", "versione: un intero positivo", 1, 2_147_483_647, errors);
  if (errors.length) return { errors };
  return {
    errors,
    input: {
      form: form!,
      ...(version !== undefined ? { version } : {}),
      service: service!,
      comune,
      case: caseCode ? { code: caseCode } : null,
      recipient: { name: name!, email, relationship },
      expiresInDays: expiresInDays ?? DEFAULT_EXPIRY_DAYS,
    },
  };
}

function integer(value: unknown, path: string, message: string, min: number, max: number, errors: FieldError[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  errors.push({ path, message });
  return undefined;
}
