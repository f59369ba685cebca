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
