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
      { path: "/esito", change: "changed", title: "Esito", place: [], details: ["opzioni aggiunte: «Forse»", "opzioni tolte: «No»"] },
      { path: "/eta", change: "changed", title: "Età", place: [], details: ["tipo: numero intero → numero", "ora obbligatorio"] },
      { path: "/figli/*/eta", change: "added", title: "Età", place: ["Figli"], details: ["numero intero"] },
      { path: "/nome", change: "changed", title: "Nome", place: [], details: ["lunghezza massima: 100 → 200"] },
      { path: "/nuovo", change: "added", title: "Data", place: [], details: ["data"] },
      { path: "/vecchio", change: "removed", title: "Campo tolto", place: [], details: ["testo"] },
    ]);
  });

  it("says what a field is and how its bounds changed in plain words", () => {
    const a = { type: "object", title: "M", required: ["nome"], properties: { nome: { type: "string", title: "Nome" }, g: { type: "object", title: "Gruppo", properties: { d: { type: "string", title: "Quando" } } } } };
    const b = {
      type: "object",
      title: "M",
      properties: {
        nome: { type: "string", title: "Nome e cognome", pattern: "^[A-Z]" },
        g: { type: "object", title: "Gruppo", properties: { d: { type: "string", format: "date", title: "Quando" } } },
        s: { type: "array", title: "Servizi", uniqueItems: true, items: { type: "string", oneOf: [{ const: "a", title: "Affidi" }] } },
      },
      required: ["s"],
    };
    expect(diffFormSchemas(a, b)).toEqual([
      { path: "/g/d", change: "changed", title: "Quando", place: ["Gruppo"], details: ["tipo: testo → data"] },
      { path: "/nome", change: "changed", title: "Nome e cognome", place: [], details: ["titolo: «Nome» → «Nome e cognome»", "non più obbligatorio", "formato richiesto: nessuno → «^[A-Z]»"] },
      { path: "/s", change: "added", title: "Servizi", place: [], details: ["scelta multipla, obbligatorio"] },
      { path: "/s/*", change: "added", title: "(senza titolo)", place: ["Servizi"], details: ["scelta"] },
    ]);
  });

  it("finds nothing between a schema and itself", () => {
    expect(diffFormSchemas(after, structuredClone(after))).toEqual([]);
  });
});
