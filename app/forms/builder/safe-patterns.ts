/**
 * The only regular expressions the visual editor offers (issue 6): each one
 * is proven safe from catastrophic backtracking by lint (a test runs it), and
 * each carries the message people read when a value does not match. A pattern
 * typed by hand belongs in the JSON tab, where lint judges it.
 */
export const SAFE_PATTERNS = {
  codiceFiscale: {
    label: "Codice fiscale (persona fisica)",
    pattern: "^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$",
    example: "RSSMRA80A01F704X",
  },
  telefono: { label: "Numero di telefono", pattern: "^\\+?[0-9 ]{6,20}$", example: "+39 0362 123456" },
  ora: { label: "Ora (hh:mm)", pattern: "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", example: "09:30" },
  cap: { label: "CAP (5 cifre)", pattern: "^[0-9]{5}$", example: "20831" },
  soloCifre: { label: "Solo cifre", pattern: "^[0-9]+$", example: "12345" },
  siglaProvincia: { label: "Sigla di provincia (2 lettere maiuscole)", pattern: "^[A-Z]{2}$", example: "MB" },
  partitaIva: { label: "Partita IVA (11 cifre)", pattern: "^[0-9]{11}$", example: "01234567890" },
  iban: { label: "IBAN italiano (27 caratteri, senza spazi)", pattern: "^IT[0-9]{2}[A-Z][0-9A-Z]{22}$", example: "IT60X0542811101000000123456" },
} as const;

export type SafePatternName = keyof typeof SAFE_PATTERNS;

export const SAFE_PATTERN_NAMES = Object.keys(SAFE_PATTERNS) as SafePatternName[];

/** The name of a safe pattern, or undefined for any other expression. */
export function safePatternName(pattern: unknown): SafePatternName | undefined {
  return SAFE_PATTERN_NAMES.find((name) => SAFE_PATTERNS[name].pattern === pattern);
}
