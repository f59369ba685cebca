import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { lintFormDefinition } from "~/forms/validation/lint.server";
import { generateStandaloneValidator } from "~/forms/validation/standalone.server";
import { SUPPORTED_WIDGETS } from "~/forms/schema/ui-support";
import { formVersionSchemaId } from "~/forms/validation/validators.server";
import { withSchemaId } from "./italian-validator";
import { SchemaForm } from "./schema-form";
import { ensureValidatorModule } from "./validator-modules.server";

/** Every widget lint accepts, on every type it accepts it for, plus rjsf's fixed-length list layout: lint and the page agree. */
const fieldFor = (type: string, title: string): JsonSchema => {
  const choices = [{ const: type === "boolean" ? true : type === "string" ? "a" : 1, title: "Prima" }, { const: type === "boolean" ? false : type === "string" ? "b" : 2, title: "Seconda" }];
  if (type === "array") return { type, title, uniqueItems: true, items: { type: "string", oneOf: [{ const: "a", title: "A" }, { const: "b", title: "B" }] } };
  if (type === "boolean") return { type, title };
  return { type, title, ...(["radio", "select"].some((w) => title.startsWith(w)) ? { oneOf: choices } : {}) };
};
const entries = SUPPORTED_WIDGETS.flatMap((w) => w.types.map((type) => ({ key: `${w.name}_${type}`.replace(/-/g, "_"), widget: w.name, type })));
const schema: JsonSchema = {
  type: "object",
  title: "Ogni aspetto",
  properties: {
    ...Object.fromEntries(entries.map((e) => [e.key, fieldFor(e.type, e.key)])),
    coppia: { type: "array", title: "Genitori", items: [{ type: "string", title: "Madre" }, { type: "string", title: "Padre" }], additionalItems: { type: "string", title: "Altro adulto" } },
  },
};
const uiSchema = {
  ...Object.fromEntries(entries.map((e) => [e.key, { "ui:widget": e.widget }])),
  coppia: { items: [{ "ui:placeholder": "Nome e cognome" }, { "ui:widget": "textarea" }], additionalItems: { "ui:widget": "textarea" } },
};

describe("every supported widget", () => {
  it("passes lint", async () => {
    expect(await lintFormDefinition({ schema, uiSchema })).toEqual([]);
  });

  it("renders on the server with the theme: no inline style (the CSP blocks it), every control named by its pointer", async () => {
    const schemaId = formVersionSchemaId("ogni-aspetto", 1);
    await ensureValidatorModule(schemaId, () => generateStandaloneValidator(schema, schemaId));
    const html = renderToString(
      <SchemaForm schema={withSchemaId(schema, schemaId)} uiSchema={uiSchema} formData={{ coppia: ["Anna", "Marco", "Zia Carla"], rating_integer: 4 }} />,
    );
    expect(html).not.toContain("style=");
    for (const { key } of entries) expect(html, key).toContain(`name="/${key}"`);
    // The rating: real radio buttons 1–5, the chosen one checked, framed by a fieldset.
    expect(html.match(/<input type="radio" id="root_rating_integer-\d"/g)).toHaveLength(5);
    expect(html).toMatch(/<input type="radio" id="root_rating_integer-3" name="\/rating_integer" checked="" value="4"/);
    expect(html).toMatch(/<fieldset class="field field--choices" id="root_rating_integer">/);
    // The fixed-length list: one control per position, each with its own uiSchema, then the additional row.
    expect(html).toMatch(/<input[^>]*name="\/coppia\/0"[^>]*placeholder="Nome e cognome"/);
    expect(html).toMatch(/<textarea[^>]*name="\/coppia\/1"/);
    expect(html).toMatch(/<textarea[^>]*name="\/coppia\/2"/);
  });
});
