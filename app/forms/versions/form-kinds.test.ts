import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, SLUG_PATTERN, suggestSlug } from "./form-kinds";

describe("suggestSlug", () => {
  it.each([
    ["Verbale d'incontro — Spazio Neutro", "verbale-d-incontro-spazio-neutro"],
    ["Progetto di Affido (consensuale)", "progetto-di-affido-consensuale"],
    ["Città, età e perché: 2ª scheda", "citta-eta-e-perche-2a-scheda"],
    ["  SDQ  ", "sdq"],
    ["—", ""],
  ])("%s → %s", (title, slug) => {
    expect(suggestSlug(title)).toBe(slug);
  });

  it("cuts long titles at a word boundary and always gives a valid slug", () => {
    const slug = suggestSlug("Relazione di aggiornamento per il Tribunale per i Minorenni sulla situazione del nucleo familiare");
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug.endsWith("-")).toBe(false);
    expect(suggestSlug("a".repeat(80))).toHaveLength(MAX_SLUG_LENGTH);
  });
});
