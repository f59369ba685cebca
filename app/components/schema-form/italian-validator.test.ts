import createPrecompiledValidator from "@rjsf/validator-ajv8/lib/createPrecompiledValidator.js";
import type { RJSFSchema } from "@rjsf/utils";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { generateStandaloneValidator } from "~/forms/validation/standalone.server";
import { createItalianValidator } from "./italian-validator";
import type { ValidateFns } from "./validator-modules";

const schemaId = "https://schedario.test/forms/condizioni/1";
const schema: JsonSchema = {
  $id: schemaId,
  type: "object",
  properties: {
    relazione: { type: "string", oneOf: [{ const: "madre", title: "Madre" }, { const: "padre", title: "Padre" }] },
    domanda: { type: "boolean" },
  },
  allOf: [{ if: { properties: { domanda: { const: true } }, required: ["domanda"] }, then: { properties: { dettaglio: { type: "string" } } } }],
};
const code = await generateStandaloneValidator(schema, schemaId);
const fns = ((await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as { default: ValidateFns }).default;

describe("createItalianValidator isValid", () => {
  it("answers like rjsf's precompiled validator, on the same objects again and on equal copies", () => {
    const ours = createItalianValidator(fns, schema);
    const theirs = createPrecompiledValidator(fns, schema as RJSFSchema);
    const subSchemas = [
      ...(schema.properties as { relazione: { oneOf: RJSFSchema[] } }).relazione.oneOf,
      (schema.allOf as { if: RJSFSchema }[])[0]!.if,
    ];
    const values = ["madre", "padre", "zio", { domanda: true }, { domanda: false }, {}];
    for (const root of [schema, structuredClone(schema)] as RJSFSchema[]) {
      for (const sub of [...subSchemas, ...subSchemas.map((s) => structuredClone(s))]) {
        for (const value of values) {
          expect(ours.isValid(sub, value, root)).toBe(theirs.isValid(sub, value, root));
        }
      }
    }
    expect(ours.isValid({ $id: "_$junk_option_schema_id$_" }, "madre", schema as RJSFSchema)).toBe(false);
  });

  it("still refuses a root schema that is not the module's", () => {
    const ours = createItalianValidator(fns, schema);
    const other = { ...schema, properties: {} } as RJSFSchema;
    expect(() => ours.isValid({ const: "madre" }, "madre", other)).toThrow(/differs from the rootSchema/);
  });
});
