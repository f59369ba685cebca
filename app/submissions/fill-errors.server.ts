import { pageError } from "~/auth/guard.server";
import type { FieldError } from "~/forms/messages";
import { SubmissionNotFoundError, SubmissionValidationError } from "./errors";

/**
 * Runs a form page's save (JavaScript off) and turns the domain's refusals
 * into what the page shows: validation errors come back with the posted data
 * (the page re-renders with every input intact), out of scope is a 404.
 * Conflicts are the caller's: only pages that edit an existing scheda have them.
 */
export async function answeringPageSubmissionErrors<T>(
  data: Record<string, unknown>,
  step: () => Promise<T>
): Promise<T | { data: Record<string, unknown>; errors: FieldError[] }> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof SubmissionValidationError) return { data, errors: error.errors };
    if (error instanceof SubmissionNotFoundError) throw pageError(404);
    throw error;
  }
}
