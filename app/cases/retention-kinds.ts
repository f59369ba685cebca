import { FORM_KIND_LABELS, isFormKind } from "~/forms/versions/form-kinds";

/** What a deletion removes, counted by kind: the dry run, and afterwards what was removed. */
export const DELETION_KINDS = [
  "submissions",
  "revisions",
  "consentRequests",
  "paperConsents",
  "consentExceptions",
  "courtOrders",
  "deadlines",
  "legalHolds",
  "rateLimitKeys",
] as const;
export type DeletionKind = (typeof DELETION_KINDS)[number];
export type DeletionCounts = Record<DeletionKind, number>;

/** Italian names of the kinds, for the dry-run report. */
export const DELETION_KIND_LABELS: Record<DeletionKind, string> = {
  submissions: "Schede",
  revisions: "Revisioni delle schede",
  consentRequests: "Richieste di consenso alle famiglie",
  paperConsents: "Consensi su carta",
  consentExceptions: "Eccezioni sul consenso",
  courtOrders: "Provvedimenti del tribunale",
  deadlines: "Scadenze delle relazioni",
  legalHolds: "Blocchi legali revocati",
  rateLimitKeys: "Contatori di accesso delle famiglie",
};

/** Italian words for where a deletion proposal stands. */
export const DELETION_STATUS_LABELS = {
  proposed: "proposta, in attesa della conferma di un amministratore",
  confirmed: "confermata",
  rejected: "respinta",
} as const;

/** The bounds of a retention rule, as the database checks them (migration 0014_a). */
export const MIN_RETENTION_YEARS = 1;
export const MAX_RETENTION_YEARS = 100;
export const MAX_BASIS_LENGTH = 300;

/** The cases a retention rule applies to, in words: its form kind, or null for the service's base rule. */
export function retentionRuleScope(formKind: unknown): string {
  return isFormKind(formKind) ? `le cartelle con un modulo di tipo «${FORM_KIND_LABELS[formKind]}»` : "tutte le cartelle del servizio";
}
