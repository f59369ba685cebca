import { Validator } from "@cfworker/json-schema";
import type { RJSFSchema, ValidatorType } from "@rjsf/utils";
import { isObject } from "../schema/json-schema";

/**
 * rjsf's validator for the editor's live preview (ADR 0011). rjsf needs a
 * validator to decide which `if`/`then` branch and which `oneOf` option
 * applies; ajv would compile the draft with `new Function`, which the CSP
 * forbids (no 'unsafe-eval', ADR 0006), and a draft has no precompiled
 * module. @cfworker/json-schema interprets schemas without generating code,
 * so it answers those questions in the browser. The errors people see come
 * from the server, which validates with Schedario's own ajv configuration and
 * messages; they reach rjsf as `extraErrors`, so this validator reports none.
 */
export function createPreviewValidator(): ValidatorType {
  const cache = new WeakMap<object, Validator>();
  const validatorFor = (schema: RJSFSchema, root: RJSFSchema): Validator => {
    let validator = cache.get(schema);
    if (!validator) {
      // Local references ("#/definitions/…", the only kind lint allows) resolve against the form's root.
      const definitions = { ...(isObject(root.definitions) ? root.definitions : {}), ...(isObject(schema.definitions) ? schema.definitions : {}) };
      const { $id: _ignored, ...withoutId } = schema;
      validator = new Validator({ ...withoutId, definitions } as never, "7", false);
      cache.set(schema, validator);
    }
    return validator;
  };
  return {
    validateFormData: () => ({ errors: [], errorSchema: {} }),
    isValid(schema, formData, rootSchema) {
      try {
        return validatorFor(schema, rootSchema).validate(formData).valid;
      } catch {
        // A reference this interpreter cannot follow: treat the branch as not applying.
        return false;
      }
    },
    rawValidation: () => ({ errors: [] }),
  };
}
