import type { FieldMessages } from "~/lib/errors";
import type { CreateConsentRequestInput } from "./consent-requests.server";
import { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, RELATIONSHIPS } from "./consent-status";
import type { PaperConsentInput } from "./paper-consent.server";

/**
 * The forms of a case's consents page (/casi/:caseId/consensi), read from
 * the posted fields and checked field by field before the domain sees them
 * (pure, shared by the page and the tests). The domain checks the rest:
 * the form version, the witness, the answers.
 */

/** The fields of a form post, trimmed ("" when absent). */
export type PostedFields = (name: string) => string;

/** A new link for one person of the family: the request without its case, and the problems by field. */
export function parseConsentRequestForm(text: PostedFields): {
  input: Omit<CreateConsentRequestInput, "service" | "comune" | "case">;
  errors: FieldMessages;
} {
  const errors: FieldMessages = {};
  const [slug, version] = text("formVersion").split("@");
  const days = Number(text("expiresInDays") || DEFAULT_EXPIRY_DAYS);
  if (!slug || !version) errors.formVersion = "Scegli il modulo.";
  if (!text("recipientName")) errors.recipientName = "Scrivi il nome e cognome di chi deve rispondere.";
  if (!RELATIONSHIPS.some((r) => r.value === text("relationship"))) errors.relationship = "Scegli il rapporto con il minore.";
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) errors.expiresInDays = `Un numero di giorni da 1 a ${MAX_EXPIRY_DAYS}.`;
  return {
    input: {
      form: slug ?? "",
      version: Number(version),
      recipient: { name: text("recipientName"), relationship: text("relationship"), email: null },
      expiresInDays: days,
    },
    errors,
  };
}

/** A consent signed on paper: each purpose's answer comes as a `scopo:<purpose>` field. */
export function parsePaperConsentForm(text: PostedFields, entries: Iterable<[string, unknown]>): PaperConsentInput {
  const answers = Object.fromEntries(
    [...entries].flatMap(([name, value]) => (name.startsWith("scopo:") && typeof value === "string" ? [[name.slice(6), value]] : []))
  );
  return {
    formVersion: text("paperFormVersion"),
    signerName: text("signerName"),
    relationship: text("paperRelationship"),
    signedOn: text("signedOn"),
    witnessId: Number(text("witnessId")),
    answers,
    note: text("paperNote"),
  };
}

/** The paper form's field for a paper-consent error path (the request form has fields of the same meaning under the plain names). */
export function paperConsentField(path: string): string | undefined {
  return PAPER_FIELDS[path];
}

const PAPER_FIELDS: Record<string, string> = {
  "/formVersion": "paperFormVersion",
  "/relationship": "paperRelationship",
  "/answers": "paperAnswers",
  "/note": "paperNote",
};
