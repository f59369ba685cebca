import type { FieldMessages } from "~/lib/errors";

/**
 * What a worker types to open a case, checked field by field (pure, shared
 * by the page and the tests). A case holds no names: its code is the
 * service's file number and `minorRef` a pseudonym of the child.
 */

/** Upper-case letters, digits and single hyphens, 3–32 characters: "TM-SER-2026-001". */
export const CASE_CODE_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
export const CASE_CODE_MAX_LENGTH = 32;

/** A pseudonym: letters, digits, dots, hyphens, underscores; no spaces (names have them), 2–40 characters. */
const MINOR_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;
/** An Italian tax code (codice fiscale), also with omocodia letters: never allowed as a pseudonym. */
const TAX_CODE_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/i;

export interface CaseInput {
  code: string;
  minorRef: string;
  service: string;
  comune: string | null;
}

/** The normalised input and the problems found, by field name. */
export function parseCaseInput(values: Record<string, string | undefined>): { input: CaseInput; errors: FieldMessages } {
  const errors: FieldMessages = {};
  const code = (values.code ?? "").trim().toUpperCase();
  const minorRef = (values.minorRef ?? "").trim();
  const service = (values.service ?? "").trim();
  const comune = (values.comune ?? "").trim() || null;
  if (!code) errors.code = "Indica il codice della cartella.";
  else if (code.length < 3 || code.length > CASE_CODE_MAX_LENGTH || !CASE_CODE_PATTERN.test(code)) {
    errors.code = `Il codice della cartella va scritto con lettere, cifre e trattini, da 3 a ${CASE_CODE_MAX_LENGTH} caratteri (ad esempio TM-SER-2026-001).`;
  }
  if (!minorRef) errors.minorRef = "Indica il riferimento pseudonimo del minore.";
  else if (TAX_CODE_PATTERN.test(minorRef)) {
    errors.minorRef = "Non inserire il codice fiscale: usa un riferimento pseudonimo (ad esempio M-0412).";
  } else if (!MINOR_REF_PATTERN.test(minorRef)) {
    errors.minorRef =
      "Il riferimento pseudonimo va scritto senza spazi, con lettere, cifre, punti o trattini, da 2 a 40 caratteri; mai il nome del minore.";
  }
  if (!service) errors.service = "Scegli il servizio.";
  return { input: { code, minorRef, service, comune }, errors };
}
