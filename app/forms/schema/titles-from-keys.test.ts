import { describe, expect, it } from "vitest";
import { lintFormDefinition } from "../validation/lint.server";
import { fillTitlesFromKeys, titleFromKey } from "./titles-from-keys";

describe("fillTitlesFromKeys", () => {
  it.each([
    ["dataNascita", "Data nascita"],
    ["data_nascita", "Data nascita"],
    ["data-di-nascita", "Data di nascita"],
    ["CAP", "CAP"],
    ["codiceFiscaleMinore", "Codice fiscale minore"],
    ["età", "Età"],
  ])("%s → %s", (key, title) => expect(titleFromKey(key)).toBe(title));

  it("fills every missing field and option title lint asks for, says which, and leaves the input and conditions alone", async () => {
    const schema = {
      type: "object",
      title: "Modulo",
      properties: {
        nome: { type: "string", title: "Nome" },
        dataNascita: { type: "string", format: "date" },
        esito: { type: "string", oneOf: [{ const: "si", title: "Sì" }, { const: "no" }] },
        persona: { $ref: "#/definitions/persona" },
      },
      definitions: { persona: { type: "object", properties: { codice_fiscale: { type: "string" } } } },
      allOf: [{ if: { properties: { nome: { const: "x" } }, required: ["nome"] }, then: { properties: { motivo: { type: "string" } } } }],
    };
    const before = structuredClone(schema);
    expect((await lintFormDefinition({ schema })).map((p) => p.path)).toHaveLength(6);

    const { schema: filledSchema, filled } = fillTitlesFromKeys(schema);
    expect(schema).toEqual(before);
    expect(filled).toEqual([
      { pointer: "/properties/dataNascita", title: "Data nascita" },
      { pointer: "/properties/esito", title: "Esito" },
      { pointer: "/properties/persona", title: "Persona" },
      { pointer: "/properties/esito/oneOf/1", title: "no" },
      { pointer: "/definitions/persona/properties/codice_fiscale", title: "Codice fiscale" },
      { pointer: "/allOf/0/then/properties/motivo", title: "Motivo" },
    ]);
    expect(await lintFormDefinition({ schema: filledSchema })).toEqual([]);
    expect((filledSchema as typeof schema).allOf[0]!.if).toEqual(before.allOf[0]!.if);
  });
});
