import { describe, expect, it } from "vitest";
import { newField } from "~/forms/builder/palette";
import { lintFormDefinition } from "~/forms/validation/lint.server";

const schema = {
  type: "object",
  title: "Consenso",
  properties: {
    figli: newField("group", "Figli presenti").definition,
    sezione: { type: "object", title: "Recapiti", properties: { sito: { type: "string", title: "Sito web", format: "uri" } } },
    firma: { type: "string", title: "Firma" },
  },
  required: ["figli"],
};

describe("lint of a consent form", () => {
  it("names, in Italian, every field the family page cannot render", async () => {
    const problems = await lintFormDefinition({ schema, uiSchema: {}, kind: "consent" });
    expect(problems).toEqual([
      { source: "schema", path: "/properties/figli", message: expect.stringMatching(/^il campo «Figli presenti» non si può mostrare nella pagina dei consensi/) },
      { source: "schema", path: "/properties/sezione/properties/sito", message: expect.stringContaining("«Sito web»") },
    ]);
  });

  it("leaves other kinds of forms alone: workers' pages render every kind", async () => {
    expect(await lintFormDefinition({ schema, uiSchema: {}, kind: "assessment" })).toEqual([]);
    expect(await lintFormDefinition({ schema, uiSchema: {} })).toEqual([]);
  });
});
