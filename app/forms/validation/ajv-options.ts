import type { ErrorObject, Options } from "ajv";
// ajv-i18n has no ESM build; the explicit file path resolves in vite and in Node (STACK.md pitfall 8).
import localizeItalian from "ajv-i18n/localize/it/index.js";
import { COMPUTED_KEYWORD } from "../schema/computed";

/**
 * The one validator configuration of Schedario (ADR 0003), shared by the
 * server, the standalone code generated at publish and rjsf in the browser.
 * Dialect: JSON Schema draft-07, ajv's default; formats from ajv-formats
 * (see create-ajv.ts). This file imports no ajv code, so a browser page that
 * validates with a precompiled module does not ship ajv's compiler.
 */
export const ajvOptions = {
  // Report every problem of a submission at once, the way a form shows them.
  allErrors: true,
  // Errors carry their parentSchema, which gives messages the field's title.
  verbose: true,
  // Unknown keywords and formats are typos in a form: refuse them at lint time.
  strict: true,
  // rjsf-style schemas legitimately combine `type` with `oneOf` of consts and
  // list `required` fields declared in another branch; these strict checks
  // would reject ordinary forms without catching real mistakes.
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  // A declared field may also match a `patternProperties` pattern: both apply,
  // as draft-07 says; strict mode would refuse the form for it (issue 19).
  allowMatchingProperties: true,
  // Formats such as "date" and "email" are checked; unknown ones fail compilation (strict).
  validateFormats: true,
  // rjsf's default too: `multipleOf: 0.01` must accept 0.3 despite binary floating point.
  multipleOfPrecision: 8,
  // `required` and `properties` look at the object's own keys only: without it a
  // field named "constructor" or "toString" counts as present in `{}` (inherited
  // from Object.prototype), and a missing required answer would pass.
  ownProperties: true,
  // Computed fields (ADR 0013): an annotation Schedario acts on, not a validation rule; lint checks its shape.
  keywords: [COMPUTED_KEYWORD],
} satisfies Options;

/** Rewrites ajv's English messages in Italian, in place. */
export function localizeErrors(errors: ErrorObject[]): void {
  localizeItalian(errors);
}

/**
 * Props every rjsf `<Form>` of Schedario must receive, next to a validator
 * built from `ajvOptions` (e.g. `customizeValidator({ ajvOptionsOverrides: ajvOptions })`).
 */
export const rjsfFormDefaults = {
  // rjsf would otherwise pre-select the first oneOf choice and tick `const: true`
  // booleans (e.g. a consent checkbox): a person must choose these explicitly.
  // emptyObjectFields: rjsf would otherwise fill every optional group with `{}` on load.
  experimental_defaultFormStateBehavior: { constAsDefaults: "never", emptyObjectFields: "skipEmptyDefaults" },
  // The browser's own `required` bubbles would hide rjsf's Italian messages (STACK.md pitfall 7).
  noHtml5Validate: true,
  showErrorList: "top",
} as const;
