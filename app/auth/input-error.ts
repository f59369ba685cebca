/** Field name → Italian message, shown in the error summary and next to each field. */
export type FieldErrors = Record<string, string>;

/** Input a person can correct; carries one message per field. */
export class InputError extends Error {
  override name = "InputError";
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join(" "));
  }
}

/** Throws an InputError when there is at least one problem. */
export function throwIfAny(fields: FieldErrors): void {
  if (Object.keys(fields).length) throw new InputError(fields);
}
