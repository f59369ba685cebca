import type { ErrorSchema, RJSFSchema, RJSFValidationError, ValidationData, ValidatorType } from "@rjsf/utils";
import { deepEquals, ErrorSchemaBuilder, hashForSchema } from "@rjsf/utils";
import createPrecompiledValidator from "@rjsf/validator-ajv8/lib/createPrecompiledValidator.js";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { pointerTokens } from "~/forms/schema/json-schema";
import { describeValidationErrors } from "~/forms/validation/messages";
import type { FieldError } from "~/lib/errors";
import { pruneEmptyObjects } from "~/forms/schema/prune-empty";
import type { ValidateFns } from "./validator-modules";

/** rjsf errors carry the field's JSON pointer in `property` and the Italian text in `message`. */
export function toRjsfErrors(errors: readonly FieldError[]): RJSFValidationError[] {
  return errors.map((e) => ({ property: e.path, message: e.message, stack: e.message }));
}

/** Back from rjsf's error list to Schedario's field errors (see toRjsfErrors). */
export function fromRjsfErrors(errors: readonly RJSFValidationError[]): FieldError[] {
  return errors.map((e) => ({ path: e.property ?? "", message: e.message ?? e.stack }));
}

/** Field errors as rjsf's nested ErrorSchema (`{ field: { __errors: [...] } }`). */
export function toErrorSchema(errors: readonly FieldError[]): ErrorSchema {
  const builder = new ErrorSchemaBuilder();
  for (const e of errors) {
    const tokens = pointerTokens(e.path);
    builder.addErrors(e.message, tokens.length ? tokens : undefined);
  }
  return builder.ErrorSchema;
}

/**
 * An rjsf validator over a version's precompiled module (no ajv compiler in
 * the browser, no eval) whose messages are exactly the server's: the root
 * validation goes straight to the version's validate function and through
 * `describeValidationErrors` (messages.ts). Sub-schema checks rjsf makes on
 * its own (if/then, oneOf options) use the module's other functions.
 *
 * `rootSchema` must be the schema the module was generated from, with the
 * version's `$id` (see `withSchemaId`).
 */
export function createItalianValidator(fns: ValidateFns, rootSchema: JsonSchema): ValidatorType {
  const schemaId = rootSchema.$id as string;
  const root = fns[schemaId];
  if (!root) throw new Error(`validator module has no function for ${schemaId}`);
  const precompiled = createPrecompiledValidator(fns, rootSchema as RJSFSchema);
  const sameRoots = new WeakSet<object>([rootSchema]);
  const fnBySchema = new WeakMap<object, ValidateFns[string]>();
  const validate = (formData: unknown): FieldError[] => {
    // The data a save would store (see prune-empty.ts), so the browser and the server agree.
    if (root(pruneEmptyObjects(formData))) return [];
    const errors = describeValidationErrors(root.errors, rootSchema);
    root.errors = null;
    return errors;
  };
  return {
    // rjsf passes the root schema resolved against the data; validating the
    // root itself is equivalent and skips the precompiled validator's deep
    // comparison of the two schemas on every keystroke.
    validateFormData(formData: unknown): ValidationData<unknown> {
      const errors = validate(formData);
      return { errors: toRjsfErrors(errors), errorSchema: toErrorSchema(errors) };
    },
    isValid(schema, formData, rs) {
      // rjsf asks this for every oneOf/anyOf option and if/then branch, for
      // every field, on every keystroke. The precompiled validator deep-compares
      // the root schema and hashes the sub-schema (JSON-stringified) on each
      // call to find its function; both answers are kept per object here, so
      // a 200-row list does not stringify 600 schemas per key. Anything
      // unusual (another root schema, a junk option) takes rjsf's own path.
      if (!sameRoots.has(rs)) {
        if (!deepEquals(rs, rootSchema)) return precompiled.isValid(schema, formData, rs);
        sameRoots.add(rs);
      }
      let fn = fnBySchema.get(schema);
      if (!fn) {
        fn = fns[(typeof schema.$id === "string" && schema.$id) || hashForSchema(schema)];
        if (!fn) return precompiled.isValid(schema, formData, rs);
        fnBySchema.set(schema, fn);
      }
      return fn(formData);
    },
    rawValidation: (schema, formData) => precompiled.rawValidation(schema, formData),
  };
}

/** The schema as the validator module knows it: under the version's `$id`. */
export function withSchemaId(schema: JsonSchema, schemaId: string): JsonSchema {
  return { ...schema, $id: schemaId };
}
