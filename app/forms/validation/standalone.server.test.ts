import { readFile } from "node:fs/promises";
import vm from "node:vm";
import createPrecompiledValidator from "@rjsf/validator-ajv8/lib/createPrecompiledValidator.js";
import type { ErrorObject } from "ajv";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../schema/json-schema";
import { describeValidationErrors } from "./messages";
import { generateStandaloneValidator } from "./standalone.server";
import { formVersionSchemaId, validateFormData, ValidatorCache } from "./validators.server";

type Validate = ((data: unknown) => boolean) & { errors?: null | ErrorObject[] };

/**
 * Loads the generated module in a V8 context where code generation from
 * strings is disabled: `eval` and `new Function` throw there, exactly like a
 * browser page whose CSP has no 'unsafe-eval'.
 */
async function loadWithoutEval(moduleCode: string): Promise<Record<string, Validate>> {
  // vm runs scripts, not ES modules: turn `export default` into module.exports first.
  const { code } = await transform(moduleCode, { format: "cjs" });
  const context = vm.createContext({ module: { exports: {} as Record<string, unknown> } }, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(code, context);
  return (context.module as { exports: { default: Record<string, Validate> } }).exports.default;
}

const mondo = JSON.parse(await readFile("schemas/mondo-del-bambino/schema.json", "utf8")) as JsonSchema;
const id = formVersionSchemaId("mondo-del-bambino", 1);

describe("generateStandaloneValidator", () => {
  it("the sandbox really forbids code generation from strings", () => {
    const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
    expect(() => vm.runInContext("new Function('return 1')", context)).toThrow(/Code generation from strings disallowed/);
  });

  it("produces a self-contained ES module that validates without eval, like the server", async () => {
    const code = await generateStandaloneValidator(mondo, id);
    expect(code).toMatch(/export default \w+\(\);\s*$/);
    // Nothing left to resolve: no imports; `require` is undefined in the sandbox below.
    expect(code).not.toMatch(/\bimport\s*[{*"(]/);
    const validateFns = await loadWithoutEval(code);
    const validate = validateFns[id]!;

    const valid = { puntoRilevazione: "T0", dataValutazione: "2026-11-25", bisogniSviluppo: { saluteCrescita: { valutazione: 4 } } };
    expect(validate(valid)).toBe(true);

    const invalid = { puntoRilevazione: "T9", dataValutazione: "25/11/2026", bisogniSviluppo: { saluteCrescita: { valutazione: 7 } } };
    expect(validate(invalid)).toBe(false);
    const browserErrors = describeValidationErrors(validate.errors, mondo);
    const serverErrors = validateFormData({ schemaId: id, schema: mondo }, invalid, new ValidatorCache(1)).errors;
    expect(browserErrors).toEqual(serverErrors);
    expect(browserErrors).toContainEqual({ path: "/dataValutazione", message: "Data della valutazione: inserire una data valida" });
    expect(validate({ dataValutazione: "2026-11-25" })).toBe(false);
    expect(describeValidationErrors(validate.errors, mondo)).toContainEqual({ path: "/puntoRilevazione", message: "Tempo di rilevazione: campo obbligatorio" });

    // rjsf takes the module's map as it is.
    const rootSchema = { ...mondo, $id: id };
    const rjsfValidator = createPrecompiledValidator(validateFns, rootSchema);
    expect(rjsfValidator.validateFormData(valid, rootSchema).errors).toEqual([]);
    expect(rjsfValidator.validateFormData(invalid, rootSchema).errors.length).toBeGreaterThan(0);
  });

  it("does not count a name inherited from Object.prototype as an answer, in the browser module and on the server", async () => {
    const schema = {
      type: "object",
      title: "Prova",
      required: ["constructor"],
      properties: { constructor: { type: "string", title: "Costruttore" } },
    };
    const schemaId = "https://schedario.local/forms/prova/versions/1.json";
    const browserValidate = (await loadWithoutEval(await generateStandaloneValidator(schema, schemaId)))[schemaId]!;
    const server = (data: unknown) => validateFormData({ schemaId, schema }, data, new ValidatorCache(1));

    expect(browserValidate({})).toBe(false);
    expect(server({})).toEqual({ valid: false, errors: [{ path: "/constructor", message: "Costruttore: campo obbligatorio" }] });
    expect(browserValidate({ constructor: "sì" })).toBe(true);
    expect(server({ constructor: "sì" }).valid).toBe(true);
  });
});
