import { NOT_FOUND_MESSAGE, apiError } from "~/auth/guard.server";
import { ConsentNotFoundError, ConsentStateError, ConsentValidationError } from "~/consent/errors";

/** Runs an API step and turns the consent domain's errors into the statuses of DESIGN §4. */
export async function answeringConsentErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ConsentNotFoundError) throw apiError(404, NOT_FOUND_MESSAGE);
    if (error instanceof ConsentStateError) throw apiError(409, `Operazione non possibile: ${error.message}.`);
    if (error instanceof ConsentValidationError) throw apiError(422, "Richiesta di consenso non valida.", error.errors);
    throw error;
  }
}
