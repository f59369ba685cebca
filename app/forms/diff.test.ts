import { describe, expect, it } from "vitest";
import { diffFormSchemas } from "./diff";

const before = {
  type: "object",
  title: "Modulo",
  required: ["nome"],
  definitions: { esito: { type: "string", title: "Esito", oneOf: [{ const: "si", title: "Sì" }, { const: "no", title: "No" }] } },
  properties: {
    nome: { type: "string", title: "Nome", maxLength: 100 },
    eta: { type: "integer", title: "Età" },
    esito: { $ref: "#/definitions/esito", title: "Esito" },
    vecchio: { type: "string", title: "Campo tolto" },
    figli: { type: "array", title: "Figli", items: { type: "object", title: "Figlio", properties: { nome: { type: "string", title: "Nome" } } } },
  },
};

const after = {
  type: "object",
  title: "Modulo",
  required: ["nome", "eta"],
  definitions: {
    esito: { type: "string", title: "Esito", oneOf: [{ const: "si", title: "Sì" }, { const: "forse", title: "Forse" }] },
  },
  properties: {
    nome: { type: "string", title: "Nome", maxLength: 200 },
    eta: { type: "number", title: "Età" },
    esito: { $ref: "#/definitions/esito", title: "Esito" },
    nuovo: { type: "string", format: "date", title: "Data" },
    figli: {
      type: "array",
      title: "Figli",
      items: { type: "object", title: "Figlio", properties: { nome: { type: "string", title: "Nome" }, eta: { type: "integer", title: "Età" } } },
    },
  },
};

describe("diffFormSchemas", () => {
  it("lists fields added, removed and changed in type, options, required and bounds", () => {
    expect(diffFormSchemas(before, after)).toEqual([
      { path: "/esito", change: "changed", title: "Esito", details: ['opzioni aggiunte: "forse"', 'opzioni rimosse: "no"'] },
      { path: "/eta", change: "changed", title: "Età", details: ["tipo: integer → number", "ora obbligatorio"] },
      { path: "/figli/*/eta", change: "added", title: "Età", details: ["Età (integer)"] },
      { path: "/nome", change: "changed", title: "Nome", details: ["maxLength: 100 → 200"] },
      { path: "/nuovo", change: "added", title: "Data", details: ["Data (string)"] },
      { path: "/vecchio", change: "removed", title: "Campo tolto", details: ["Campo tolto (string)"] },
    ]);
  });

  it("finds nothing between a schema and itself", () => {
    expect(diffFormSchemas(after, structuredClone(after))).toEqual([]);
  });
});
