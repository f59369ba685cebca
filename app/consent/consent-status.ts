/**
 * The words of consent requests shared by the server and the worker pages
 * (no server code here: the pages' client bundle imports it).
 */

/** Where a consent request stands (DESIGN §4), derived from its row and its answer. */
export const CONSENT_STATUSES = ["pending", "completed", "declined", "expired", "revoked", "withdrawn"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Italian words for each status, for pages and messages. */
export const STATUS_WORDS: Record<ConsentStatus, string> = {
  pending: "in attesa",
  completed: "firmata",
  declined: "rifiutata",
  expired: "scaduta",
  revoked: "revocata",
  withdrawn: "ritirata",
};

/** Days a link stays open when the worker does not choose (issue 7), and the longest allowed. */
export const DEFAULT_EXPIRY_DAYS = 14;
export const MAX_EXPIRY_DAYS = 90;

/** The exceptions a worker can declare to "both holders consent" (DOMAIN §3). */
export const EXCEPTION_KINDS = {
  "parent-absent": "Un genitore è lontano, incapace o impedito (art. 317 c.c.), con dichiarazione sostitutiva",
  "court-order": "Un provvedimento del giudice attribuisce l'esercizio esclusivo a un genitore",
  "sole-parent": "Un solo genitore (l'altro è deceduto o non ha riconosciuto il figlio)",
  "psychologist-court-ordered": "L'intervento psicologico è disposto dall'Autorità giudiziaria: il consenso allo psicologo non è richiesto",
} as const;
export type ExceptionKind = keyof typeof EXCEPTION_KINDS;

/** Who answers a consent, as the worker records it (and as the family's answer names it). */
export const RELATIONSHIPS = [
  { value: "madre", label: "Madre" },
  { value: "padre", label: "Padre" },
  { value: "tutore", label: "Tutore/tutrice" },
  { value: "affidatario", label: "Affidatario/affidataria" },
  { value: "altro", label: "Altro" },
] as const;

/** The Italian word of a relationship ("—" when unknown). */
export function relationshipLabel(value: string | null | undefined): string {
  return RELATIONSHIPS.find((r) => r.value === value)?.label ?? value ?? "—";
}
