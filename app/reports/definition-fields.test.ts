import { describe, expect, it } from "vitest";
import { checkDefinitionFields, reportableFields } from "./definition-fields";
import type { ReportDefinition } from "./definition-model";

const SCHEMA = {
  type: "object",
  properties: {
    minore: { type: "object", title: "Minore", properties: { nascita: { type: "string", format: "date", title: "Data di nascita" } } },
    esito: { type: "string", title: "Esito", oneOf: [{ const: "si", title: "Sì" }] },
    durata: { type: "integer", title: "Durata" },
    partecipanti: { type: "array", title: "Partecipanti", items: { type: "object", properties: { nome: { type: "string", title: "Nome" } } } },
  },
};

const definition = (over: Partial<ReportDefinition>): ReportDefinition => ({
  key: "k",
  version: 1,
  title: "T",
  description: "D",
  form: "f",
  field: "/esito",
  measure: "distribution",
  groupBy: { by: "month" },
  ...over,
});

describe("reportableFields", () => {
  it("names nested fields under their group's title and leaves out groups, lists and the fields of list rows", () => {
    expect(reportableFields(SCHEMA)).toEqual([
      { path: "/minore/nascita", label: "Minore › Data di nascita", choice: false, numeric: false, date: true },
      { path: "/esito", label: "Esito", choice: true, numeric: false, date: false },
      { path: "/durata", label: "Durata", choice: false, numeric: true, date: false },
    ]);
  });
});

describe("checkDefinitionFields", () => {
  it.each([
    ["a distribution of a choice by a date", definition({ date: "/minore/nascita" }), []],
    ["a mean of a number grouped by a choice", definition({ field: "/durata", measure: "mean", groupBy: { by: "field", field: "/esito" } }), []],
    ["a count of any field", definition({ field: "/durata", measure: "count" }), []],
    ["a field of a list row", definition({ field: "/partecipanti/nome", measure: "count" }), ["/field"]],
    ["a distribution of a number", definition({ field: "/durata" }), ["/measure"]],
    ["a mean of a choice", definition({ measure: "mean" }), ["/measure"]],
    ["a date field that is no date", definition({ date: "/esito" }), ["/date"]],
    ["a grouping by a number", definition({ groupBy: { by: "field", field: "/durata" } }), ["/groupBy"]],
  ])("%s", (_, def, paths) => {
    expect(checkDefinitionFields(def, SCHEMA).map((e) => e.path)).toEqual(paths);
  });

  it("refuses a form with no published version", () => {
    expect(checkDefinitionFields(definition({}), undefined)).toEqual([{ path: "/form", message: "Modulo: non ha ancora una versione pubblicata." }]);
  });
});
