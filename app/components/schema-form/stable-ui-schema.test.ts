import { describe, expect, it } from "vitest";
import { withStableListUiSchemas } from "./stable-ui-schema";

describe("withStableListUiSchemas", () => {
  const schema = {
    type: "object",
    properties: {
      nome: { type: "string" },
      persone: { type: "array", items: { type: "object", properties: { figli: { type: "array", items: { type: "string" } } } } },
      sezione: { type: "object", properties: { eventi: { type: "array", items: { type: "string" } } } },
    },
    allOf: [{ if: { properties: { nome: { const: "x" } } }, then: { properties: { extra: { type: "array", items: { type: "string" } } } } }],
  };

  it("gives every list its own object, keeping what the uiSchema says and leaving it unchanged", () => {
    const ui = { nome: { "ui:widget": "textarea" }, persone: { "ui:title": "Persone" } };
    const filled = withStableListUiSchemas(schema, ui);
    expect(filled).toEqual({
      nome: { "ui:widget": "textarea" },
      persone: { "ui:title": "Persone", items: { figli: {} } },
      sezione: { eventi: {} },
      extra: {},
    });
    expect(filled.nome).toBe(ui.nome);
    expect(ui).toEqual({ nome: { "ui:widget": "textarea" }, persone: { "ui:title": "Persone" } });
  });

  it("returns the uiSchema itself when there is no list", () => {
    const ui = {};
    expect(withStableListUiSchemas({ type: "object", properties: { a: { type: "string" } } }, ui)).toBe(ui);
  });
});
