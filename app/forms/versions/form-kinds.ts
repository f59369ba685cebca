/** The kinds of form (DESIGN §5); they decide where a form appears, not how it validates. */
export const FORM_KINDS = ["intake", "assessment", "report", "consent", "other"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** True for one of FORM_KINDS. */
export function isFormKind(value: unknown): value is FormKind {
  return (FORM_KINDS as readonly unknown[]).includes(value);
}

/** Slugs appear in URLs and CLI arguments: lower-case words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 60;

/**
 * A slug proposed from a form's title: accents dropped, lower case, words
 * joined by hyphens, cut at a word boundary within MAX_SLUG_LENGTH
 * ("Verbale d'incontro — Spazio Neutro" → "verbale-d-incontro-spazio-neutro").
 * Empty when the title has no letters or digits.
 */
export function suggestSlug(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) return slug || word.slice(0, MAX_SLUG_LENGTH);
    slug = next;
  }
  return slug;
}

/** Italian names of the kinds, for pages. */
export const FORM_KIND_LABELS: Record<FormKind, string> = {
  intake: "Segnalazione / accesso",
  assessment: "Valutazione",
  report: "Relazione",
  consent: "Consenso",
  other: "Altro",
};

/** The kinds as choices of a select. */
export const FORM_KIND_OPTIONS = FORM_KINDS.map((k) => ({ value: k, label: FORM_KIND_LABELS[k] }));
