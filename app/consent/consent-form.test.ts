import { describe, expect, it } from "vitest";
import schema from "../../schemas/consenso-intervento/schema.json";
import uiSchema from "../../schemas/consenso-intervento/ui.json";
import { answerLabel, consentOutcome, consentQuestions, parseConsentAnswers, purposeQuestions } from "./consent-form";

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
    expect(questions.find((q) => q.name === "parereMinore")).toMatchObject({ kind: "text", multiline: true, required: false });
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

describe("answerLabel", () => {
  it("shows the chosen option's title, Sì/No for the confirmation, text as it is", () => {
    expect(answerLabel({ questions }, "relazione", "madre")).toBe("Madre");
    expect(answerLabel({ questions }, "conferma", true)).toBe("Sì");
    expect(answerLabel({ questions }, "firma", "Maria Rossi")).toBe("Maria Rossi");
  });
});
