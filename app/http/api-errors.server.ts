import { NOT_FOUND_MESSAGE, apiError } from "~/auth/guard.server";
import {
  ConflictError,
  InvalidInputError,
  MalformedRequestError,
  NotFoundError,
  StateNotAllowedError,
} from "~/lib/errors";
import { parseIdParam } from "~/lib/id-param";

/**
 * Runs an API step and answers the error vocabulary (ADR 0020) with the
 * statuses of DESIGN §4, as JSON: {"error": "...", "errors"?: [{path, message}]}.
 * Anything else is not the caller's to correct and goes on to the server's 500.
 */
export async function answeringApiErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw apiErrorResponse(error);
  }
}

function apiErrorResponse(error: unknown): unknown {
  if (error instanceof MalformedRequestError) return apiError(400, error.summary, error.errors);
  if (error instanceof InvalidInputError) return apiError(422, error.summary, error.errors);
  if (error instanceof NotFoundError) return apiError(404, NOT_FOUND_MESSAGE);
  // The client reloads the current revision and merges; nothing of its save was written.
  if (error instanceof ConflictError) return Response.json({ error: error.message, currentRevision: error.current }, { status: 409 });
  if (error instanceof StateNotAllowedError) return apiError(409, `Operazione non possibile: ${error.message}.`);
  return error;
}

/** The numeric id in an API route parameter; anything else is a 404 (never a database error). */
export function apiIdParam(value: string | undefined): number {
  const id = parseIdParam(value);
  if (id === undefined) throw apiError(404, NOT_FOUND_MESSAGE);
  return id;
}
