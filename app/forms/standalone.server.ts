import path from "node:path";
import { fileURLToPath } from "node:url";
import standaloneCode from "ajv/dist/standalone";
import { build } from "esbuild";
import { createAjv } from "./ajv-options";
import type { JsonSchema } from "./json-schema";

// esbuild resolves ajv's runtime helpers from the project's node_modules.
const resolveDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * Generates, at publish, the validator of one version as a self-contained ES
 * module (`export default validate`): ajv's standalone code with its runtime
 * helpers and formats bundled in. The browser imports it like any script, so
 * it never compiles a schema and the CSP needs no `unsafe-eval` (ADR 0003).
 */
export async function generateStandaloneValidator(schema: JsonSchema, schemaId: string): Promise<string> {
  // A throwaway instance: the generated source is all we keep, so nothing accumulates.
  const ajv = createAjv({ code: { source: true, esm: true } });
  const validate = ajv.compile({ ...schema, $id: schemaId });
  const source = standaloneCode(ajv, validate);
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
