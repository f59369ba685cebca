import { describe, expect, it } from "vitest";
import schema from "../../schemas/consenso-intervento/schema.json";
import uiSchema from "../../schemas/consenso-intervento/ui.json";
import { FIELD_KINDS, newField, type FieldKind } from "~/forms/builder/palette";
import { createAjv } from "~/forms/validation/create-ajv";
import type { JsonSchema } from "~/forms/schema/json-schema";
import {
  answerItems,
  carriedValues,
  consentOutcome,
  consentQuestions,
  flattenQuestions,
  parseConsentAnswers,
  purposeQuestions,
  questionOfErrorPath,
  unrenderableConsentFields,
  type ConsentQuestion,
} from "./consent-form";

const questions = consentQuestions(schema, uiSchema);

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

describe("consentQuestions", () => {
  it("follows ui:order and reads each field's kind", () => {
    expect(questions.map((q) => q.name)).toEqual(uiSchema["ui:order"]);
    expect(questions.find((q) => q.name === "relazione")).toMatchObject({ kind: "choice", required: true });
    expect(questions.find((q) => q.name === "parereMinore")).toMatchObject({ kind: "text", multiline: true, inputType: "text", required: false });
    expect(questions.find((q) => q.name === "nomeCognome")).toMatchObject({ kind: "text", autocomplete: "name", maxLength: 200 });
    expect(questions.find((q) => q.name === "conferma")).toMatchObject({ kind: "confirm", required: true });
  });

  it("knows which questions ask for agreement to a purpose", () => {
    expect(purposeQuestions(questions).map((q) => q.name)).toEqual(["consensoIntervento", "consensoPsicologo"]);
  });
});

describe("parseConsentAnswers", () => {
  it("trims text, drops empty answers, reads a ticked box as true and ignores unknown fields", () => {
    const data = parseConsentAnswers(
      questions,
      form({ nomeCognome: "  Maria Rossi ", relazione: "madre", parereMinore: "   ", conferma: "true", intruso: "x" })
    );
    expect(data).toEqual({ nomeCognome: "Maria Rossi", relazione: "madre", conferma: true });
  });

  it("leaves an unticked or forged confirmation out, so that the schema's const: true refuses it", () => {
    expect(parseConsentAnswers(questions, form({ conferma: "on" }))).toEqual({});
    expect(parseConsentAnswers(questions, form({}))).toEqual({});
  });

  it("takes the first value when a field is sent twice", () => {
    expect(parseConsentAnswers(questions, form({ relazione: ["padre", "madre"] }))).toEqual({ relazione: "padre" });
  });
});

describe("consentOutcome", () => {
  it.each([
    ["agrees to both", { consensoIntervento: "acconsento", consensoPsicologo: "acconsento" }, "completed"],
    ["agrees to one", { consensoIntervento: "acconsento", consensoPsicologo: "non-acconsento" }, "completed"],
    ["agrees to none", { consensoIntervento: "non-acconsento", consensoPsicologo: "non-acconsento" }, "declined"],
    ["refuses, psychologist court-ordered", { consensoIntervento: "non-acconsento", consensoPsicologo: "disposto-autorita" }, "declined"],
  ] as const)("%s → %s", (_what, data, outcome) => {
    expect(consentOutcome(questions, data)).toBe(outcome);
  });

  it("is completed for a form without purposes (an acknowledgement)", () => {
    expect(consentOutcome([], { conferma: true })).toBe("completed");
  });
});

describe("answerItems", () => {
  it("shows the chosen option's title, Sì/No for the confirmation, text as it is", () => {
    const items = answerItems(questions, { relazione: "madre", conferma: true, firma: "Maria Rossi" });
    expect(items).toEqual([
      { name: "relazione", title: "Rapporto con il/la minore", value: "Madre" },
      { name: "firma", title: "Firma", value: "Maria Rossi" },
      { name: "conferma", title: expect.stringContaining("Confermo"), value: "Sì" },
    ]);
  });
});

describe("carriedValues", () => {
  it("fills the name and the relationship the worker entered, never the signature", () => {
    expect(carriedValues(questions, { name: "Maria Rossi", relationship: "madre" })).toEqual({ nomeCognome: "Maria Rossi", relazione: "madre" });
    expect(carriedValues(questions, { name: "Maria Rossi", relationship: "nonna" })).toEqual({ nomeCognome: "Maria Rossi" });
  });
});

/**
 * A consent form made in the builder with one required field of each palette
 * kind (a section holding a required text): every kind the family page can
 * render is filled through its HTML controls and validates; the one it cannot
 * (the repeatable group) is named by unrenderableConsentFields, which lint and
 * publishing use to refuse the form.
 */
describe("every kind of the builder's palette", () => {
  const RENDERABLE: readonly FieldKind[] = FIELD_KINDS.filter((k) => k !== "group");

  function formWith(kind: FieldKind): { schema: JsonSchema; ui: Record<string, unknown> } {
    const { definition, ui } = newField(kind, `Campo ${kind}`);
    if (kind === "section") (definition as { properties: object; required: string[] }).properties = { interno: newField("shortText", "Interno").definition };
    if (kind === "section") (definition as { required: string[] }).required = ["interno"];
    return {
      schema: { type: "object", properties: { campo: definition }, required: kind === "explanation" ? [] : ["campo"] },
      ui: ui ? { campo: ui } : {},
    };
  }

  /** What a person would enter in each control of a question. */
  function fill(q: ConsentQuestion, form: FormData) {
    if (q.kind === "section") return q.questions.forEach((inner) => fill(inner, form));
    if (q.kind === "choice" || q.kind === "multi") return form.append(q.name, q.options[q.options.length - 1]!.value);
    if (q.kind === "confirm") return form.append(q.name, "true");
    if (q.kind === "number") return form.append(q.name, q.integer ? "42" : "3,5");
    if (q.kind === "text") {
      const byType = { date: "2026-12-04", email: "maria.rossi@example.it", tel: "+39 0362 123456", text: "Testo" } as const;
      return form.append(q.name, q.title.includes("codiceFiscale") ? "RSSMRA80A41F205X" : byType[q.inputType]);
    }
  }

  it.each(RENDERABLE)("%s: rendered, and a filled-in page stores valid data", (kind) => {
    const { schema, ui } = formWith(kind);
    expect(unrenderableConsentFields(schema, ui)).toEqual([]);
    const [q] = consentQuestions(schema, ui);
    expect(q).toBeDefined();
    const form = new FormData();
    fill(q!, form);
    const data = parseConsentAnswers([q!], form);
    const validate = createAjv().compile(schema);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    if (kind !== "explanation") expect(Object.keys(data)).toEqual(["campo"]);
  });

  it("names the repeatable group as a field the page cannot render", () => {
    const { schema, ui } = formWith("group");
    expect(consentQuestions(schema, ui)).toEqual([]);
    expect(unrenderableConsentFields(schema, ui)).toEqual([{ pointer: "/properties/campo", title: "Campo group" }]);
  });

  it("renders standard JSON Schema enum as choices, arrays of choices as checkboxes, long lists as a drop-down, and finds fields inside sections", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        colore: { type: "string", enum: ["rosso", "verde"] },
        lingue: { type: "array", uniqueItems: true, items: { type: "string", enum: ["it", "en", "fr"] } },
        comune: { type: "string", oneOf: Array.from({ length: 9 }, (_, i) => ({ const: `c${i}`, title: `Comune ${i}` })) },
        sezione: { type: "object", title: "Sezione", properties: { nato: { type: "string", format: "date" }, strano: { type: "string", format: "uri" } } },
      },
    };
    const questions = consentQuestions(schema, {});
    expect(flattenQuestions(questions).map((q) => [q.name, q.kind, "select" in q ? q.select : undefined])).toEqual([
      ["colore", "choice", false],
      ["lingue", "multi", undefined],
      ["comune", "choice", true],
      ["sezione", "section", undefined],
      ["sezione.nato", "text", undefined],
    ]);
    expect(unrenderableConsentFields(schema, {})).toEqual([{ pointer: "/properties/sezione/properties/strano", title: "strano" }]);
    const form = new FormData();
    form.append("lingue", "it");
    form.append("lingue", "fr");
    form.append("sezione.nato", "2020-01-31");
    expect(parseConsentAnswers(questions, form)).toEqual({ lingue: ["it", "fr"], sezione: { nato: "2020-01-31" } });
    expect(questionOfErrorPath(questions, "/sezione/nato")?.name).toBe("sezione.nato");
    expect(questionOfErrorPath(questions, "/lingue/1")?.name).toBe("lingue");
    expect(questionOfErrorPath(questions, "/sezione")?.name).toBe("sezione.nato");
  });
});
