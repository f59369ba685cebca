import path from "node:path";
import { fileURLToPath } from "node:url";
import { ajvOptions } from "./ajv-options";
import type { JsonSchema } from "../schema/json-schema";

// esbuild resolves ajv's runtime helpers from the project's node_modules.
const resolveDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * Generates, at publish, the browser validator of one version as a
 * self-contained ES module whose default export maps schema ids to validate
 * functions: the version's `$id` → the root validator, plus the sub-schemas
 * rjsf validates on its own (oneOf/anyOf options). That map is what rjsf's
 * `createPrecompiledValidator(validateFns, rootSchema)` takes, so the browser
 * never compiles a schema and the CSP needs no `unsafe-eval` (ADR 0003).
 * Its tools are imported on the first publish, not with the module: rjsf's
 * generator (with React) and esbuild would slow down every CLI command.
 */
export async function generateStandaloneValidator(schema: JsonSchema, schemaId: string): Promise<string> {
  const [{ compileSchemaValidatorsCode }, { build }] = await Promise.all([
    import("@rjsf/validator-ajv8/compileSchemaValidators"),
    import("esbuild"),
  ]);
  // rjsf's generator with Schedario's options: the same checks as the server.
  const source = compileSchemaValidatorsCode({ ...schema, $id: schemaId }, { ajvOptionsOverrides: { ...ajvOptions } });
  // ajv emits CommonJS that require()s its runtime helpers and formats: bundle them in.
  const result = await build({
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    // ajv's runtime helpers are CommonJS packages with only a "main" field.
    mainFields: ["main"],
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
