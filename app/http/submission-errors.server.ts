import { NOT_FOUND_MESSAGE, apiError } from "~/auth/guard.server";
import { parseIdParam } from "./id-param";
import {
  SubmissionConflictError,
  SubmissionNotFoundError,
  SubmissionRequestError,
  SubmissionValidationError,
} from "~/submissions/errors";

/** Runs an API step and turns the submission domain's errors into the statuses of DESIGN §4. */
export async function answeringSubmissionErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof SubmissionRequestError) throw apiError(400, "Richiesta non valida.", error.errors);
    if (error instanceof SubmissionNotFoundError) throw apiError(404, NOT_FOUND_MESSAGE);
    if (error instanceof SubmissionConflictError) {
      // The client reloads the current revision and merges; nothing of its save was written.
      throw Response.json(
        {
          error: `La scheda è stata salvata da qualcun altro nel frattempo (revisione attuale ${error.currentRevision}): nulla è stato sovrascritto.`,
          currentRevision: error.currentRevision,
        },
        { status: 409 }
      );
    }
    if (error instanceof SubmissionValidationError) throw apiError(422, "I dati non sono validi.", error.errors);
    throw error;
  }
}

/** The numeric id in a route parameter; anything else is a 404 (never a database error). */
export function submissionIdParam(value: string | undefined): number {
  const id = parseIdParam(value);
  if (id === undefined) throw apiError(404, NOT_FOUND_MESSAGE);
  return id;
}
