import type { FieldError } from "~/forms/messages";

/** A submission that does not exist or is outside the caller's scope (a 404: the two look the same). */
export class SubmissionNotFoundError extends Error {
  override name = "SubmissionNotFoundError";
}

/** Someone saved since the caller's revision; nothing was written (a 409). */
export class SubmissionConflictError extends Error {
  override name = "SubmissionConflictError";
  constructor(readonly currentRevision: number) {
    super(`la scheda è alla revisione ${currentRevision}`);
  }
}

/** Data or a change the form or the workflow refuses (a 422); `errors` lists every problem by JSON pointer. */
export class SubmissionValidationError extends Error {
  override name = "SubmissionValidationError";
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/** A request whose envelope is malformed: wrong types, unknown status, bad filters or cursor (a 400). */
export class SubmissionRequestError extends Error {
  override name = "SubmissionRequestError";
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}
