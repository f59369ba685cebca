import { describe, expect, it } from "vitest";
import { lintFormDefinition } from "./lint.server";

const num = { type: "integer", title: "Numero" };
const form = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", title: "Modulo", properties: { a: num, b: num, ...properties }, ...extra });
const computed = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "integer", title: "Calcolato", readOnly: true, "x-computed": rule, ...extra });

describe("lint of computed fields (called by lintFormDefinition)", () => {
  it("accepts well-formed declarations", async () => {
    const schema = form({
      somma: computed({ op: "sum", fields: ["/a", { field: "/b", scores: { "1": 2, "2": 1 } }], minAnswered: 1 }),
      fascia: { type: "string", title: "Fascia", readOnly: true, "x-computed": { op: "band", field: "/somma", bands: [{ max: 2, label: "bassa" }, { label: "alta" }] } },
    });
    expect(await lintFormDefinition({ schema })).toEqual([]);
  });

  it.each([
    { what: "an unknown operation", schema: form({ c: computed({ op: "formula", expr: "a+b" }) }), path: "/properties/c/x-computed", message: /calcolo sconosciuto/ },
    { what: "a key the operation does not take", schema: form({ c: computed({ op: "sum", fields: ["/a"], expr: "a+b" }) }), path: "/properties/c/x-computed/expr", message: /non è previsto/ },
    { what: "a computed field that is not read-only", schema: form({ c: computed({ op: "sum", fields: ["/a"] }, { readOnly: undefined }) }), path: "/properties/c/readOnly", message: /sola lettura/ },
    { what: "a band stored as a number", schema: form({ c: computed({ op: "band", field: "/a", bands: [{ label: "x" }] }) }), path: "/properties/c/type", message: /un testo/ },
    { what: "a required computed field", schema: form({ c: computed({ op: "sum", fields: ["/a"] }) }, { required: ["c"] }), path: "/required", message: /non può essere obbligatorio/ },
    { what: "a missing field", schema: form({ c: computed({ op: "sum", fields: ["/nulla"] }) }), path: "/properties/c/x-computed/fields/0", message: /"\/nulla" non esiste/ },
    { what: "a field inside a list", schema: form({ l: { type: "array", title: "L", items: { type: "object", title: "R", properties: { n: num } } }, c: computed({ op: "sum", fields: ["/l/0/n"] }) }), path: "/properties/c/x-computed/fields/0", message: /lista ripetibile/ },
    { what: "a sum of text", schema: form({ t: { type: "string", title: "T" }, c: computed({ op: "sum", fields: ["/t"] }) }), path: "/properties/c/x-computed/fields/0", message: /non è un numero/ },
    {
      what: "a score for an answer the field cannot hold",
      schema: form({ s: { type: "string", title: "S", oneOf: [{ const: "si", title: "Sì" }] }, c: computed({ op: "sum", fields: [{ field: "/s", scores: { sì: 1 } }] }) }),
      path: "/properties/c/x-computed/fields/0/scores/sì",
      message: /non è fra le risposte possibili/,
    },
    { what: "bands out of order", schema: form({ c: { ...computed({ op: "band", field: "/a", bands: [{ max: 5, label: "x" }, { max: 3, label: "y" }, { label: "z" }] }), type: "string" } }), path: "/properties/c/x-computed/bands/1/max", message: /ordine crescente/ },
    { what: "a last band with a maximum", schema: form({ c: { ...computed({ op: "band", field: "/a", bands: [{ max: 5, label: "x" }] }), type: "string" } }), path: "/properties/c/x-computed/bands/0/max", message: /l'ultima fascia non ha massimo/ },
    { what: "a field computed from itself", schema: form({ c: computed({ op: "sum", fields: ["/c"] }) }), path: "/properties/c/x-computed/fields/0", message: /da sé stesso/ },
    {
      what: "a cycle through another computed field",
      schema: form({ c: computed({ op: "sum", fields: ["/d"] }), d: computed({ op: "sum", fields: ["/c"] }) }),
      path: "/properties/c/x-computed",
      message: /attraverso altri campi calcolati/,
    },
    {
      what: "the keyword inside a list",
      schema: form({ l: { type: "array", title: "L", items: { type: "object", title: "R", properties: { c: computed({ op: "sum", fields: ["/a"] }) } } } }),
      path: "/properties/l/items/properties/c/x-computed",
      message: /non in una lista ripetibile/,
    },
    { what: "minAnswered beyond the fields", schema: form({ c: computed({ op: "sum", fields: ["/a"], minAnswered: 2 }) }), path: "/properties/c/x-computed/minAnswered", message: /da 1 a 1/ },
  ])("reports $what", async ({ schema, path, message }) => {
    const problems = await lintFormDefinition({ schema });
    expect(problems).toContainEqual({ source: "schema", path, message: expect.stringMatching(message) });
  });

  it("does not mistake a field named like the keyword, or a default value, for a declaration", async () => {
    const schema = form({ "x-computed": { type: "string", title: "Nome strano", default: "x", examples: [{ "x-computed": 1 }] } });
    expect(await lintFormDefinition({ schema })).toEqual([]);
  });
});
