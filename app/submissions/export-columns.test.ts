import { describe, expect, it } from "vitest";
import { exportColumns } from "./export-columns";

const v2 = {
  type: "object",
  definitions: { data: { type: "string", format: "date", title: "Data" } },
  properties: {
    dataValutazione: { $ref: "#/definitions/data" },
    bambino: {
      type: "object",
      title: "Bambino",
      properties: { eta: { type: "integer", title: "Età" }, "scuola/classe": { type: "string", title: "Classe" } },
    },
    partecipanti: { type: "array", title: "Partecipanti", items: { type: "object", properties: { nome: { type: "string", title: "Nome" } } } },
    note: { type: "string", title: "Note" },
  },
};
const v1 = {
  type: "object",
  properties: {
    note: { type: "string", title: "Note vecchie" },
    vecchioCampo: { type: "string", title: "Campo ritirato" },
    bambino: { type: "object", title: "Bambino", properties: { eta: { type: "integer", title: "Età (anni)" } } },
  },
};

describe("exportColumns", () => {
  it("flattens objects by pointer, keeps arrays whole, takes titles and order from the newest version", () => {
    expect(exportColumns([{ schema: v2, uiSchema: {} }, { schema: v1, uiSchema: {} }])).toEqual([
      { pointer: "/dataValutazione", title: "Data" },
      { pointer: "/bambino/eta", title: "Bambino › Età" },
      { pointer: "/bambino/scuola~1classe", title: "Bambino › Classe" },
      { pointer: "/partecipanti", title: "Partecipanti" },
      { pointer: "/note", title: "Note" },
      { pointer: "/vecchioCampo", title: "Campo ritirato" },
    ]);
  });

  it("follows the form's order (ui:order, nested too) rather than the stored key order", () => {
    const uiSchema = { "ui:order": ["note", "bambino", "*"], bambino: { "ui:order": ["scuola/classe", "eta"] } };
    expect(exportColumns([{ schema: v2, uiSchema }, { schema: v1, uiSchema: { "ui:order": ["vecchioCampo", "*"] } }]).map((c) => c.pointer)).toEqual([
      "/note",
      "/bambino/scuola~1classe",
      "/bambino/eta",
      "/dataValutazione",
      "/partecipanti",
      "/vecchioCampo",
    ]);
  });

  it("finds fields declared in conditional branches, and names untitled fields by their key", () => {
    const schema = {
      type: "object",
      properties: { tipo: { type: "string", title: "Tipo" } },
      if: { properties: { tipo: { const: "altro" } } },
      then: { properties: { altro: { type: "string" } } },
    };
    expect(exportColumns([{ schema, uiSchema: {} }])).toEqual([
      { pointer: "/tipo", title: "Tipo" },
      { pointer: "/altro", title: "altro" },
    ]);
  });

  it("makes repeated titles unique with their pointer", () => {
    const schema = {
      type: "object",
      properties: {
        madre: { type: "object", title: "Genitore", properties: { nome: { type: "string", title: "Nome" } } },
        padre: { type: "object", title: "Genitore", properties: { nome: { type: "string", title: "Nome" } } },
      },
    };
    expect(exportColumns([{ schema, uiSchema: {} }]).map((c) => c.title)).toEqual(["Genitore › Nome (/madre/nome)", "Genitore › Nome (/padre/nome)"]);
  });

  it("stops at a recursive $ref instead of looping", () => {
    const schema = {
      type: "object",
      definitions: { nodo: { type: "object", title: "Nodo", properties: { figlio: { $ref: "#/definitions/nodo" } } } },
      properties: { radice: { $ref: "#/definitions/nodo" } },
    };
    const columns = exportColumns([{ schema, uiSchema: {} }]);
    expect(columns).toHaveLength(1);
    expect(columns[0]!.pointer).toBe("/radice" + "/figlio".repeat(7));
  });
});
