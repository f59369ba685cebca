import { data } from "@remix-run/node";
import { pageError } from "~/auth/guard.server";
import { InputError } from "~/auth/input-error";
import { getDb } from "~/db/instance.server";
import { findForm, FormLintError, FormNotFoundError, FormRegistryError, type Form } from "~/forms/registry.server";

/** The form a builder URL names (`:slug`), or a 404 page. */
export async function requireFormParam(params: { slug?: string }): Promise<Form> {
  const form = params.slug ? await findForm(getDb(), params.slug) : undefined;
  if (!form) throw pageError(404);
  return form;
}

/**
 * Runs a form-builder action step and turns what a person can correct into a
 * 400 for the page that made the request: field errors (InputError), lint
 * problems with their pointers (FormLintError, under `lintField`), or a
 * refusal of the registry (FormRegistryError, under `form`). `intent` tells
 * the page which of its forms the errors belong to. Nothing was saved in
 * any of these cases: the step's transaction rolled back.
 */
export async function withBuilderErrors<T>(
  intent: string,
  step: () => Promise<T>,
  options: { values?: Record<string, string>; lintField?: string } = {},
) {
  const fail = (errors: Record<string, string>, lint?: FormLintError["problems"]) =>
    data({ intent, errors, values: options.values ?? {}, lint: lint ?? [] }, { status: 400 });
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) return fail(error.fields);
    if (error instanceof FormLintError) {
      const field = options.lintField ?? "form";
      return fail({ [field]: `Il modulo ha ${error.problems.length === 1 ? "un problema" : `${error.problems.length} problemi`}: nulla è stato salvato. Dettagli sotto.` }, error.problems);
    }
    if (error instanceof FormNotFoundError) throw pageError(404);
    if (error instanceof FormRegistryError) {
      return fail({ form: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.` });
    }
    throw error;
  }
}
