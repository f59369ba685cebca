import { createAjv } from "../validation/create-ajv";
import { isObject, type JsonSchema } from "../schema/json-schema";
import { lintFormDefinition, type LintProblem } from "../validation/lint.server";
import { describeValidationErrors } from "../validation/messages";
import type { FieldError } from "~/lib/errors";

export interface DraftCheck {
  /** Lint problems of the schema and uiSchema (empty: the draft can be saved). */
  problems: LintProblem[];
  /** Errors of the preview data, in the words a worker will read; null when not validated. */
  errors: FieldError[] | null;
}

/**
 * What the editor shows while someone types: lint problems, and the preview
 * data validated exactly as a submission will be (same ajv options, same
 * Italian messages). A draft has no precompiled validator and the browser may
 * not compile one (no 'unsafe-eval', ADR 0006), so this runs on the server.
 * Data is validated only against a lint-clean schema: lint is what proves its
 * regular expressions safe to run.
 */
export async function checkDraft(input: { schema: unknown; uiSchema: unknown; data?: unknown }): Promise<DraftCheck> {
  const problems = await lintFormDefinition({ schema: input.schema, uiSchema: input.uiSchema });
  if (problems.length || input.data === undefined || !isObject(input.schema)) return { problems, errors: null };
  // A throwaway instance: nothing of a draft stays compiled in memory.
  const { $id: _ignored, ...schema } = input.schema as JsonSchema;
  const validate = createAjv().compile(schema);
  validate(input.data);
  return { problems, errors: describeValidationErrors(validate.errors, schema) };
}
