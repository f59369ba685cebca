import { data, redirect } from "@remix-run/node";
import { pageError } from "~/auth/guard.server";
import { FormLintError, FormNotFoundError, FormRegistryError } from "~/forms/versions/registry.server";
import { InvalidInputError, NotFoundError, StateNotAllowedError, type FieldError, type FieldMessages } from "~/lib/errors";

/** How a page shows the errors of its action. */
export interface PageErrorOptions<Extra extends Record<string, unknown>> {
  /** Keys added to an error answer: the submitted `values` to refill the form (never passwords), the `intent` of the form that failed… */
  extra?: Extra;
  /** The messages by the page's field, when the page names or words them otherwise than pageFieldErrors does. */
  fields?: (errors: readonly FieldError[]) => FieldMessages;
  /** Where a refused state sends the browser instead of a 409 (the family's page: already answered shows the receipt). */
  stateRedirect?: string;
  /** Where a form-lint refusal is shown (default: "form"); its problems go under `lint` (the builder's pages put `lint: []` in `extra`). */
  lintField?: string;
}

/**
 * Runs a page action's step (JavaScript off or on: the page re-renders from
 * the answer) and answers the error vocabulary of ADR 0020: invalid input is
 * a 400 with the messages by field, a refused state a 409 with the message on
 * the whole form (or a redirect), not found a 404 page. Nothing was written in any of these
 * cases: the step's transaction rolled back.
 */
export async function answeringPageErrors<T, Extra extends Record<string, unknown> = Record<never, never>>(
  step: () => Promise<T>,
  options: PageErrorOptions<Extra> = {}
) {
  const fail = (errors: FieldMessages, status: 400 | 409, more: { lint?: FormLintError["problems"] } = {}) =>
    data({ ...(options.extra as Extra), errors, ...more }, { status });
  try {
    return await step();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof FormNotFoundError) throw pageError(404);
    if (error instanceof InvalidInputError) return fail((options.fields ?? pageFieldErrors)(error.errors), 400);
    if (error instanceof StateNotAllowedError && options.stateRedirect !== undefined) return redirect(options.stateRedirect);
    if (error instanceof StateNotAllowedError) return fail({ form: `Non è possibile: ${error.message}.` }, 409);
    // The form registry's refusals belong to the form builder's pages, worded for the person designing the form.
    if (error instanceof FormLintError) {
      const count = error.problems.length === 1 ? "un problema" : `${error.problems.length} problemi`;
      return fail({ [options.lintField ?? "form"]: `Il modulo ha ${count}: nulla è stato salvato. Dettagli sotto.` }, 400, { lint: error.problems });
    }
    if (error instanceof FormRegistryError) return fail({ form: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.` }, 400);
    throw error;
  }
}

/** The messages of field errors by the page's field name: the path without its leading slash, "form" for the whole input. */
export function pageFieldErrors(errors: readonly FieldError[], fieldOf: (path: string) => string | undefined = () => undefined): FieldMessages {
  return Object.fromEntries(errors.map((e) => [fieldOf(e.path) ?? (e.path.replace(/^\//, "") || "form"), e.message]));
}

/**
 * Runs the save of a scheda page (a schema form, JavaScript off) and answers
 * invalid data with the posted data and the errors by pointer, which the
 * schema form places beside its fields (the page re-renders with every input
 * intact); not found is a 404 page. Conflicts are the caller's: only pages
 * that edit an existing scheda have them.
 */
export async function answeringSchemaFormErrors<T>(
  posted: Record<string, unknown>,
  step: () => Promise<T>
): Promise<T | { data: Record<string, unknown>; errors: FieldError[] }> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InvalidInputError) return { data: posted, errors: [...error.errors] };
    if (error instanceof NotFoundError) throw pageError(404);
    throw error;
  }
}
