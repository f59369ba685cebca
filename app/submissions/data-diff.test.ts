import { describe, expect, it } from "vitest";
import { diffData, formatValue, readableFields } from "./data-diff";

const schema = {
  type: "object",
  definitions: {
    livello: {
      type: "integer",
      title: "Livello",
      oneOf: [
        { const: 1, title: "1 – Molto critico" },
        { const: 2, title: "2 – Critico" },
        { const: 3, title: "3 – Adeguato" },
      ],
    },
  },
  properties: {
    puntoRilevazione: {
      type: "string",
      title: "Tempo di rilevazione",
      oneOf: [
        { const: "T0", title: "T0 – Avvio del percorso" },
        { const: "T1", title: "T1 – Verifica intermedia" },
      ],
    },
    dataValutazione: { type: "string", format: "date", title: "Data della valutazione" },
    bambino: {
      type: "object",
      title: "Bambino",
      properties: { eta: { type: "number", title: "Età" }, scuola: { type: "boolean", title: "Frequenta la scuola" } },
    },
    salute: { $ref: "#/definitions/livello" },
    fonti: {
      type: "array",
      title: "Fonti",
      items: { type: "string", oneOf: [{ const: "scuola", title: "Scuola" }, { const: "famiglia", title: "Famiglia" }] },
    },
    partecipanti: {
      type: "array",
      title: "Partecipanti",
      items: { type: "object", properties: { nome: { type: "string", title: "Nome e ruolo" } } },
    },
  },
};

describe("diffData", () => {
  it("finds nothing between equal data, whatever the key order", () => {
    expect(diffData(schema, { a: 1, bambino: { eta: 3, scuola: true } }, { bambino: { scuola: true, eta: 3 }, a: 1 })).toEqual([]);
  });

  it("names fields by their titles, in schema order, with readable values", () => {
    const before = { dataValutazione: "2026-03-01", puntoRilevazione: "T0", salute: 2, fonti: ["scuola"], bambino: { eta: 7.5 } };
    const after = { puntoRilevazione: "T1", dataValutazione: "2026-03-04", salute: 3, fonti: ["scuola", "famiglia"], bambino: { eta: 7.5, scuola: false } };
    expect(diffData(schema, before, after)).toEqual([
      { pointer: "/puntoRilevazione", label: ["Tempo di rilevazione"], change: "changed", before: "T0 – Avvio del percorso", after: "T1 – Verifica intermedia" },
      { pointer: "/dataValutazione", label: ["Data della valutazione"], change: "changed", before: "01/03/2026", after: "04/03/2026" },
      { pointer: "/bambino/scuola", label: ["Bambino", "Frequenta la scuola"], change: "added", before: null, after: "No" },
      { pointer: "/salute", label: ["Livello"], change: "changed", before: "2 – Critico", after: "3 – Adeguato" },
      { pointer: "/fonti", label: ["Fonti"], change: "changed", before: "Scuola", after: "Scuola, Famiglia" },
    ]);
  });

  it("compares lists of objects row by row", () => {
    const before = { partecipanti: [{ nome: "Madre" }, { nome: "Assistente sociale" }] };
    const after = { partecipanti: [{ nome: "Madre" }, { nome: "Educatrice" }, { nome: "Padre" }] };
    expect(diffData(schema, before, after)).toEqual([
      { pointer: "/partecipanti/1/nome", label: ["Partecipanti", "riga 2", "Nome e ruolo"], change: "changed", before: "Assistente sociale", after: "Educatrice" },
      { pointer: "/partecipanti/2/nome", label: ["Partecipanti", "riga 3", "Nome e ruolo"], change: "added", before: null, after: "Padre" },
    ]);
    expect(diffData(schema, { partecipanti: [] }, { partecipanti: [{ nome: "Madre" }] })).toEqual([
      { pointer: "/partecipanti/0/nome", label: ["Partecipanti", "riga 1", "Nome e ruolo"], change: "added", before: null, after: "Madre" },
    ]);
  });

  it("reports removed fields and fields the schema does not declare (by name, after the declared ones)", () => {
    expect(diffData(schema, { zeta: "x", bambino: { eta: 4 } }, { alfa: true })).toEqual([
      { pointer: "/bambino/eta", label: ["Bambino", "Età"], change: "removed", before: "4", after: null },
      { pointer: "/alfa", label: ["alfa"], change: "added", before: null, after: "Sì" },
      { pointer: "/zeta", label: ["zeta"], change: "removed", before: "x", after: null },
    ]);
  });

  it("shows a value that changes shape as a whole", () => {
    expect(diffData(schema, { bambino: "sconosciuto" }, { bambino: { eta: 2 } })).toEqual([
      { pointer: "/bambino", label: ["Bambino"], change: "changed", before: "sconosciuto", after: '{"eta":2}' },
    ]);
  });
});

describe("formatValue", () => {
  it.each([
    [{ type: "number" }, 12345.5, "12.345,5"],
    [{ type: "string", format: "date-time" }, "2026-03-01T09:30:00Z", "01/03/26, 10:30"],
    [{ type: "string", format: "date" }, "non una data", "non una data"],
    [{ type: "string", oneOf: [{ const: "a", title: "A" }] }, "z", "z"],
    [undefined, null, null],
    [undefined, [1, null], "1, —"],
  ])("%j %j → %j", (s, value, text) => {
    expect(formatValue({}, s, value)).toBe(text);
  });
});

describe("readableFields", () => {
  it("reads the whole data for people: titles outermost first, choices by title, list rows numbered, undeclared keys last", () => {
    const data = {
      zzz: "non dichiarato",
      salute: 3,
      puntoRilevazione: "T1",
      bambino: { eta: 7, scuola: true },
      partecipanti: [{ nome: "Educatrice" }, { nome: "Madre" }],
    };
    expect(readableFields(schema, data).map((f) => [f.pointer, f.label.join(" › "), f.value])).toEqual([
      ["/puntoRilevazione", "Tempo di rilevazione", "T1 – Verifica intermedia"],
      ["/bambino/eta", "Bambino › Età", "7"],
      ["/bambino/scuola", "Bambino › Frequenta la scuola", "Sì"],
      ["/salute", "Livello", "3 – Adeguato"],
      ["/partecipanti/0/nome", "Partecipanti › riga 1 › Nome e ruolo", "Educatrice"],
      ["/partecipanti/1/nome", "Partecipanti › riga 2 › Nome e ruolo", "Madre"],
      ["/zzz", "zzz", "non dichiarato"],
    ]);
  });

  it("has nothing to read in empty data", () => {
    expect(readableFields(schema, {})).toEqual([]);
  });
});
