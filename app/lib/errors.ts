/**
 * The application's error vocabulary (ADR 0020). Domain functions throw these
 * (or a subclass that fixes an Italian message); the API answers them through
 * `http/api-errors.server.ts`, pages through `http/page-errors.server.ts`.
 * This module sits at the bottom of the layers: it imports nothing from app/.
 */

/** One problem of an input, where it is and what to correct. */
export interface FieldError {
  /**
   * JSON pointer into the input: a field of a scheda or of an API body
   * ("/recipient/name"; for a missing field, the field itself, not its
   * parent), or a page form's field by its name ("/email"); "" for the input
   * as a whole.
   */
  path: string;
  /** Italian, fit for the person who made the input. */
  message: string;
}

/** What was asked for does not exist, or is outside the caller's scope: the two look the same on purpose (a 404). */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/**
 * Input a person can correct; `errors` lists every problem by path. Nothing
 * was written. `summary` is the one-line answer of the API (422) above the
 * list; pages show the messages beside their fields.
 */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
  constructor(
    readonly errors: readonly FieldError[],
    readonly summary = "I dati non sono validi."
  ) {
    super(errors.map((e) => e.message).join(" "));
  }
}

/** A request whose envelope is malformed (wrong types, unknown filter values, a bad cursor): a 400, not a 422. */
export class MalformedRequestError extends InvalidInputError {
  override name = "MalformedRequestError";
  constructor(errors: readonly FieldError[]) {
    super(errors, "Richiesta non valida.");
  }
}

/**
 * Someone else saved since the caller read (a 409); nothing was written.
 * `current` is what the caller needs to reload and merge: the current
 * revision of a scheda, the content hash of a draft.
 */
export class ConflictError<Current = number> extends Error {
  override name = "ConflictError";
  constructor(
    message: string,
    readonly current: Current
  ) {
    super(message);
  }
}

/** The workflow refuses the operation in the target's current state (revoking an answered request): a 409. The message is a clause, lower-case, no final period. */
export class StateNotAllowedError extends Error {
  override name = "StateNotAllowedError";
}

/**
 * Field name → message: how checks of a page form collect their problems
 * and how the page shows them (ErrorSummary, each field). Not a second error
 * shape: fieldErrors() turns it into FieldMessages before anything throws.
 */
export type FieldMessages = Record<string, string>;

/** Field errors from checks written field by field (`{ email: "…" }`), as FieldMessages on `/email`. */
export function fieldErrors(messages: Readonly<FieldMessages>): FieldError[] {
  return Object.entries(messages).map(([field, message]) => ({ path: `/${field}`, message }));
}

/** Throws an InvalidInputError when a field-by-field check found at least one problem. */
export function throwIfAny(messages: Readonly<FieldMessages>): void {
  const errors = fieldErrors(messages);
  if (errors.length) throw new InvalidInputError(errors);
}
