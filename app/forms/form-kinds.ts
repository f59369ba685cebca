/** The kinds of form (DESIGN §5); they decide where a form appears, not how it validates. */
export const FORM_KINDS = ["intake", "assessment", "report", "consent", "other"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** True for one of FORM_KINDS. */
export function isFormKind(value: unknown): value is FormKind {
  return (FORM_KINDS as readonly unknown[]).includes(value);
}

/** Slugs appear in URLs and CLI arguments: lower-case words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Italian names of the kinds, for pages. */
export const FORM_KIND_LABELS: Record<FormKind, string> = {
  intake: "Segnalazione / accesso",
  assessment: "Valutazione",
  report: "Relazione",
  consent: "Consenso",
  other: "Altro",
};
