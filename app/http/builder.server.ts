import { pageError } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import type { LintProblem } from "~/forms/validation/lint-problem";
import { findForm, type Form } from "~/forms/versions/registry.server";
import { answeringPageErrors } from "./page-errors.server";

/** The form a builder URL names (`:slug`), or a 404 page. */
export async function requireFormParam(params: { slug?: string }): Promise<Form> {
  const form = params.slug ? await findForm(getDb(), params.slug) : undefined;
  if (!form) throw pageError(404);
  return form;
}

/**
 * Runs a form-builder action step through the page translator, in the
 * builder's answer shape: `intent` tells the page which of its forms the
 * errors belong to, `values` refill it, `lint` lists a lint refusal's
 * problems with their pointers (shown under `lintField`).
 */
export function withBuilderErrors<T>(intent: string, step: () => Promise<T>, options: { values?: Record<string, string>; lintField?: string } = {}) {
  const lint: LintProblem[] = [];
  return answeringPageErrors(step, { extra: { intent, values: options.values ?? {}, lint }, lintField: options.lintField });
}
