import { describe, expect, it } from "vitest";
import { MappingChainError } from "~/forms/mapping/mapping";
import { listColumns, listFieldsOf, listRowValues } from "./list-columns";

const clima = (codes: [string, string][]) => ({ type: "string", title: "Clima", oneOf: codes.map(([c, title]) => ({ const: c, title })) });

const v1 = {
  type: "object",
  properties: {
    durata: { type: "integer", title: "Durata (minuti)" },
    clima: clima([["sereno", "Sereno"], ["teso", "Teso"]]),
    presenza: { type: "boolean", title: "Presente il genitore" },
  },
};
const v2 = {
  type: "object",
  properties: {
    durataMinuti: { type: "integer", title: "Durata in minuti" },
    clima: clima([["sereno", "Sereno"], ["difficile", "Difficile"]]),
    presenza: { type: "boolean", title: "Presente il genitore" },
    note: { type: "string", title: "Note" },
  },
};
const mapping = {
  fromVersion: 1,
  rules: [
    { from: "/durata", to: "/durataMinuti" },
    { from: "/clima", to: "/clima", recode: [{ from: "teso", to: "difficile" }] },
  ],
};
const versions = [
  { version: 1, schema: v1, uiSchema: {}, mapping: null },
  { version: 2, schema: v2, uiSchema: {}, mapping },
];

describe("listColumns", () => {
  it("takes the first three fields in the form's order, with the export's titles", () => {
    expect(listColumns({ schema: v2, uiSchema: {} })).toEqual([
      { pointer: "/durataMinuti", title: "Durata in minuti" },
      { pointer: "/clima", title: "Clima" },
      { pointer: "/presenza", title: "Presente il genitore" },
    ]);
    // The order people see (ui:order), not the stored key order (jsonb sorts keys).
    expect(listColumns({ schema: v2, uiSchema: { "ui:order": ["note", "*", "durataMinuti"] } }).map((c) => c.pointer)).toEqual(["/note", "/clima", "/presenza"]);
  });

  it("opens groups into their fields, keeps multiple choices and skips lists of rows and free objects", () => {
    const schema = {
      type: "object",
      definitions: { data: { type: "string", format: "date", title: "Data" } },
      properties: {
        partecipanti: { type: "array", title: "Partecipanti", items: { type: "object", properties: { nome: { type: "string" } } } },
        extra: { type: "object", title: "Dati liberi" },
        matrice: { type: "array", title: "Matrice", items: { type: "array", items: { type: "number" } } },
        bambino: { type: "object", title: "Bambino", properties: { nascita: { $ref: "#/definitions/data" } } },
        fonti: { type: "array", title: "Fonti", items: { type: "string", enum: ["scuola", "famiglia"] } },
        esito: { type: "string", title: "Esito" },
      },
    };
    expect(listColumns({ schema, uiSchema: {} })).toEqual([
      { pointer: "/bambino/nascita", title: "Bambino › Data" },
      { pointer: "/fonti", title: "Fonti" },
      { pointer: "/esito", title: "Esito" },
    ]);
  });

  it("is empty for a form without fields", () => {
    expect(listColumns({ schema: { type: "object" }, uiSchema: {} })).toEqual([]);
    expect(listFieldsOf([{ version: 1, schema: { type: "object" }, uiSchema: {}, mapping: null }])).toBeUndefined();
    expect(listFieldsOf([])).toBeUndefined();
  });
});

describe("listRowValues", () => {
  const fields = listFieldsOf(versions)!;

  it("shows a v1 submission and a v2 one in the same columns of the newest version, renamed and recoded", () => {
    expect(fields.columns.map((c) => c.title)).toEqual(["Durata in minuti", "Clima", "Presente il genitore"]);
    const old = { formVersion: 1, data: { durata: 45, clima: "teso", presenza: true } };
    expect(listRowValues(fields, old)).toEqual(["45", "Difficile", "Sì"]);
    expect(listRowValues(fields, { formVersion: 2, data: { durataMinuti: 60, clima: "sereno", presenza: false } })).toEqual(["60", "Sereno", "No"]);
    // Presentation only: the stored data stays as it was written.
    expect(old.data).toEqual({ durata: 45, clima: "teso", presenza: true });
  });

  it("shows empty values as a dash, codes without a title as they are, dates and numbers in Italian", () => {
    expect(listRowValues(fields, { formVersion: 2, data: { clima: "", durataMinuti: 1.5 } })).toEqual(["1,5", "—", "—"]);
    expect(listRowValues(fields, { formVersion: 2, data: { clima: "ignoto" } })).toEqual(["—", "ignoto", "—"]);
    const dated = listFieldsOf([
      {
        version: 1,
        schema: {
          type: "object",
          properties: {
            giorno: { type: "string", format: "date", title: "Giorno" },
            fonti: { type: "array", items: { type: "string", oneOf: [{ const: "s", title: "Scuola" }, { const: "f", title: "Famiglia" }] } },
            livello: { type: "integer", enum: [1, 2, 3] },
          },
        },
        uiSchema: {},
        mapping: null,
      },
    ])!;
    expect(dated.columns.map((c) => c.title)).toEqual(["Giorno", "fonti", "livello"]);
    expect(listRowValues(dated, { formVersion: 1, data: { giorno: "2026-03-01", fonti: ["f", "s"], livello: 2 } })).toEqual([
      "01/03/2026",
      "Famiglia, Scuola",
      "2",
    ]);
    expect(listRowValues(dated, { formVersion: 1, data: { fonti: [] } })).toEqual(["—", "—", "—"]);
  });

  it("refuses to guess across a missing link of the chain", () => {
    const broken = listFieldsOf([versions[0]!, { version: 3, schema: v2, uiSchema: {}, mapping: null }])!;
    expect(() => listRowValues(broken, { formVersion: 1, data: {} })).toThrow(MappingChainError);
  });
});
