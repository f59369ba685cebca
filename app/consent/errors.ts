import { InvalidInputError, type FieldError } from "~/lib/errors";

/** Consent input that cannot be accepted: the API's 422 says so in these words; pages show the messages beside their fields. */
export class ConsentValidationError extends InvalidInputError {
  override name = "ConsentValidationError";
  constructor(errors: readonly FieldError[]) {
    super(errors, "Richiesta di consenso non valida.");
  }
}
