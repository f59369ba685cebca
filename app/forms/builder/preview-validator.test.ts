import { describe, expect, it } from "vitest";
import type { RJSFSchema } from "@rjsf/utils";
import { createPreviewValidator } from "./preview-validator";

describe("createPreviewValidator", () => {
  const validator = createPreviewValidator();
  const root: RJSFSchema = {
    type: "object",
    definitions: { scala: { type: "integer", oneOf: [{ const: 1, title: "Uno" }, { const: 2, title: "Due" }] } },
    properties: { voto: { $ref: "#/definitions/scala" }, esito: { type: "string" } },
  };

  it("answers rjsf's questions about if/then conditions and options", () => {
    const condition = { properties: { esito: { const: "si" } }, required: ["esito"] };
    expect(validator.isValid(condition, { esito: "si" }, root)).toBe(true);
    expect(validator.isValid(condition, { esito: "no" }, root)).toBe(false);
    expect(validator.isValid(condition, {}, root)).toBe(false);
    expect(validator.isValid({ const: 2, title: "Due" }, 2, root)).toBe(true);
  });

  it("follows local references to the form's definitions", () => {
    expect(validator.isValid({ properties: { voto: { $ref: "#/definitions/scala" } } }, { voto: 2 }, root)).toBe(true);
    expect(validator.isValid({ properties: { voto: { $ref: "#/definitions/scala" } } }, { voto: 7 }, root)).toBe(false);
  });

  it("treats a reference it cannot follow as a branch that does not apply, and reports no errors of its own", () => {
    expect(validator.isValid({ $ref: "#/definitions/manca" }, 1, root)).toBe(false);
    expect(validator.validateFormData({ voto: 7 }, root)).toEqual({ errors: [], errorSchema: {} });
  });
});
