import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FormDataError, formDataToJson, FORM_DATA_LIMITS } from "./form-data-to-json";
import type { JsonSchema } from "./json-schema";

const schema: JsonSchema = {
  type: "object",
  definitions: { eta: { type: "integer", title: "Età" } },
  properties: {
    nome: { type: "string", title: "Nome" },
    punteggio: { type: "number", title: "Punteggio" },
    urgente: { type: "boolean", title: "Urgente" },
    livello: { type: "integer", title: "Livello", oneOf: [{ const: 1, title: "Uno" }, { const: 2, title: "Due" }] },
    motivi: { type: "array", title: "Motivi", items: { type: "string", oneOf: [{ const: "a", title: "A" }, { const: "b", title: "B" }] }, uniqueItems: true },
    minore: { type: "object", title: "Minore", properties: { nome: { type: "string" }, eta: { $ref: "#/definitions/eta" } } },
    nucleo: {
      type: "array",
      title: "Nucleo",
      items: { type: "object", properties: { relazione: { type: "string" }, eta: { $ref: "#/definitions/eta" }, figli: { type: "array", items: { type: "object", properties: { nome: { type: "string" } } } } } },
    },
  },
  allOf: [{ if: { properties: { urgente: { const: true } } }, then: { properties: { motivoUrgenza: { type: "string" } } } }],
};

const rebuild = (entries: [string, string][]) => formDataToJson(schema, entries);

describe("formDataToJson", () => {
  it("rebuilds nested objects and arrays, coercing by the schema's types and dropping empty strings", () => {
    const { data, rowAction } = rebuild([
      ["/nome", "Anna"],
      ["/punteggio", "3.5"],
      ["/urgente", "true"],
      ["/livello", "2"],
      ["/motivi", "b"],
      ["/motivi", "a"],
      ["/minore/nome", "Luca"],
      ["/minore/eta", "7"],
      ["_righe:/nucleo", "2"],
      ["/nucleo/0/relazione", "madre"],
      ["/nucleo/0/eta", ""],
      ["/nucleo/1/relazione", ""],
      ["_righe:/nucleo/0/figli", "1"],
      ["/nucleo/0/figli/0/nome", "Mia"],
      ["/motivoUrgenza", "rischio"],
      ["_revisione", "3"],
    ]);
    expect(rowAction).toBeUndefined();
    expect(data).toEqual({
      nome: "Anna",
      punteggio: 3.5,
      urgente: true,
      livello: 2,
      motivi: ["b", "a"],
      minore: { nome: "Luca", eta: 7 },
      nucleo: [{ relazione: "madre", figli: [{ nome: "Mia" }] }, {}],
      motivoUrgenza: "rischio",
    });
  });

  it("keeps values that do not parse as typed, for the validator to name and the page to show", () => {
    expect(rebuild([["/punteggio", "tre"], ["/urgente", "forse"], ["/livello", "9"]]).data).toEqual({ punteggio: "tre", urgente: "forse", livello: 9 });
  });

  it("adds and removes rows as the buttons say", () => {
    const added = rebuild([["_righe:/nucleo", "1"], ["/nucleo/0/relazione", "padre"], ["_azione", "aggiungi:/nucleo"]]);
    expect(added).toEqual({ data: { nucleo: [{ relazione: "padre" }, {}] }, rowAction: { kind: "add", pointer: "/nucleo" } });
    const nested = rebuild([["_azione", "aggiungi:/nucleo/0/figli"]]);
    expect(nested.data).toEqual({ nucleo: [{ figli: [{}] }] });
    const removed = rebuild([
      ["_righe:/nucleo", "3"],
      ["/nucleo/0/relazione", "a"],
      ["/nucleo/1/relazione", "b"],
      ["/nucleo/2/relazione", "c"],
      ["_azione", "rimuovi:/nucleo/1"],
    ]);
    expect(removed).toEqual({ data: { nucleo: [{ relazione: "a" }, { relazione: "c" }] }, rowAction: { kind: "remove", pointer: "/nucleo", index: 1 } });
  });

  it.each([
    ["an unknown field", [["/sconosciuto", "x"]], /campo non previsto/],
    ["__proto__", [["/__proto__/polluted", "yes"]], /campo non previsto/],
    ["constructor.prototype", [["/constructor/prototype/x", "1"]], /campo non previsto/],
    ["an index out of range", [["/nucleo/1000/relazione", "x"]], /riga fuori dai limiti/],
    ["a non-numeric index", [["/nucleo/abc/relazione", "x"]], /riga fuori dai limiti/],
    ["a huge row count", [["_righe:/nucleo", "99999"]], /numero di righe non valido/],
    ["a row count on a non-list", [["_righe:/nome", "2"]], /non è un elenco/],
    ["adding to a non-list", [["_azione", "aggiungi:/nome"]], /non è un elenco/],
    ["removing a missing row", [["_azione", "rimuovi:/nucleo/4"]], /riga inesistente/],
    ["an unknown action", [["_azione", "cancella:/nucleo"]], /azione sconosciuta/],
    ["a very deep name", [["/nucleo" + "/0/figli".repeat(40), "x"]], /campo non previsto/],
    ["a very long name", [["/" + "a".repeat(FORM_DATA_LIMITS.maxNameLength + 1), "x"]], /troppo lungo/],
  ] as [string, [string, string][], RegExp][])("refuses %s with a clear error", (_label, entries, message) => {
    expect(() => rebuild(entries)).toThrow(FormDataError);
    expect(() => rebuild(entries)).toThrow(message);
  });

  it("refuses too many fields without building them", () => {
    const entries = Array.from({ length: FORM_DATA_LIMITS.maxFields + 1 }, () => ["/nome", "x"] as [string, string]);
    expect(() => rebuild(entries)).toThrow(/troppi campi/);
  });

  it("never pollutes Object.prototype", () => {
    // A schema may even declare "__proto__" (JSON.parse makes it an own key): it stays a plain key.
    const parsed = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"object","properties":{"x":{"type":"string"}}}}}') as JsonSchema;
    const { data } = formDataToJson(parsed, [["/__proto__/x", "1"]]);
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("refuses files", () => {
    expect(() => formDataToJson(schema, [["/nome", new File(["x"], "a.txt")]])).toThrow(/file/);
  });

  it("rebuilds a posted Scheda di segnalazione with its real choices", () => {
    const segnalazione = JSON.parse(readFileSync("schemas/scheda-segnalazione/schema.json", "utf8")) as JsonSchema;
    const { data } = formDataToJson(segnalazione, [
      ["/dataSegnalazione", "2026-11-20"],
      ["/segnalante/tipo", "scuola"],
      ["/urgenza", "art403"],
    ]);
    expect(data).toEqual({ dataSegnalazione: "2026-11-20", segnalante: { tipo: "scuola" }, urgenza: "art403" });
  });
});

describe("formDataToJson with a fixed-length list (items as a list of schemas, then additionalItems)", () => {
  const tuple: JsonSchema = {
    type: "object",
    properties: {
      visita: { type: "array", title: "Visita", items: [{ type: "string", title: "Luogo" }, { type: "integer", title: "Durata" }], additionalItems: { type: "number", title: "Altro" } },
    },
  };
  it("coerces each position by its own schema, and the rows after them by additionalItems", () => {
    const { data } = formDataToJson(tuple, [
      ["_righe:/visita", "3"],
      ["/visita/0", "Seregno"],
      ["/visita/1", "45"],
      ["/visita/2", "1.5"],
    ]);
    expect(data).toEqual({ visita: ["Seregno", 45, 1.5] });
  });
});
