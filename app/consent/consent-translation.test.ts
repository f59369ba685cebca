import { describe, expect, it } from "vitest";
import schema from "../../schemas/consenso-intervento/schema.json";
import uiSchema from "../../schemas/consenso-intervento/ui.json";
import ar from "../../schemas/consenso-intervento/translations/ar.json";
import en from "../../schemas/consenso-intervento/translations/en.json";
import { consentQuestions } from "./consent-form";
import { PLACEHOLDER_MARK, lintTranslation, translatableStrings, translateSchema, translationStringsOf, translationTemplate } from "./consent-translation";

describe("consent translations", () => {
  it("lists every string the family reads, by pointer, the consent text included", () => {
    const strings = translatableStrings(schema);
    expect(strings["/title"]).toBe(schema.title);
    expect(strings["/description"]).toBe(schema.description);
    expect(strings["/properties/relazione/oneOf/0/title"]).toBe("Madre");
    expect(strings["/properties/conferma/title"]).toMatch(/^Confermo/);
    // Values, keywords and the rules are not strings to translate.
    expect(Object.keys(strings).some((p) => p.includes("const") || p.includes("allOf"))).toBe(false);
  });

  it("accepts the built-in English and Arabic translations of consenso-intervento as complete", () => {
    expect(lintTranslation(schema, translationStringsOf(en))).toEqual([]);
    expect(lintTranslation(schema, translationStringsOf(ar))).toEqual([]);
  });

  it("names each missing, empty, placeholder, extra or non-text string by its pointer", () => {
    const strings: Record<string, unknown> = { ...en.strings };
    delete strings["/properties/firma/title"];
    strings["/properties/relazione/oneOf/0/title"] = "  ";
    strings["/properties/relazione/oneOf/1/title"] = `${PLACEHOLDER_MARK} Padre`;
    strings["/properties/relazione/oneOf/5/title"] = "Grandparent";
    strings["/properties/nomeMinore/title"] = 12;
    expect(lintTranslation(schema, strings)).toEqual([
      { path: "/properties/relazione/oneOf/0/title", message: "la traduzione di «Madre» è ancora da completare" },
      { path: "/properties/relazione/oneOf/1/title", message: "la traduzione di «Padre» è ancora da completare" },
      { path: "/properties/nomeMinore/title", message: "la traduzione deve essere un testo" },
      { path: "/properties/firma/title", message: "manca la traduzione di «Firma»" },
      { path: "/properties/relazione/oneOf/5/title", message: "il modulo italiano non ha questo testo: va tolto (campo o opzione inesistente)" },
    ]);
    expect(lintTranslation(schema, ["no"])).toHaveLength(1);
    expect(lintTranslation(schema, translationTemplate(schema))).toHaveLength(Object.keys(translatableStrings(schema)).length);
  });

  it("translates the words and keeps the values, the required questions and the original schema", () => {
    const before = JSON.stringify(schema);
    const translated = translateSchema(schema, ar.strings);
    expect(JSON.stringify(schema)).toBe(before);
    const questions = consentQuestions(translated, uiSchema);
    const italian = consentQuestions(schema, uiSchema);
    expect(questions.map((q) => [q.name, q.required])).toEqual(italian.map((q) => [q.name, q.required]));
    const relazione = questions.find((q) => q.name === "relazione");
    expect(relazione?.kind === "choice" && relazione.options[0]).toEqual({ value: "madre", title: "الأم" });
    expect(translated.description).toBe(ar.strings["/description"]);
  });

  it("translates an enum's shown words while its values stay Italian", () => {
    const withEnum = { type: "object", properties: { colore: { type: "string", title: "Colore", enum: ["rosso", "verde"] } } };
    const translated = translateSchema(withEnum, { "/properties/colore/title": "Colour", "/properties/colore/enum/0": "red", "/properties/colore/enum/1": "green" });
    expect(translated.properties).toEqual({ colore: { type: "string", title: "Colour", oneOf: [{ const: "rosso", title: "red" }, { const: "verde", title: "green" }] } });
  });
});
