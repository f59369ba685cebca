import type { FieldError } from "~/forms/messages";

/** A consent request (or its case or form) that does not exist or is outside the caller's scope: a 404. */
export class ConsentNotFoundError extends Error {
  override name = "ConsentNotFoundError";
}

/** A request the workflow refuses in its current state (revoking an answered one): a 409. */
export class ConsentStateError extends Error {
  override name = "ConsentStateError";
}

/** Input that cannot be accepted (a 422 for the API, messages beside fields on pages). */
export class ConsentValidationError extends Error {
  override name = "ConsentValidationError";
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}
