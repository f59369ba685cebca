import { data } from "@remix-run/node";
import { InputError } from "~/auth/input-error";

/** A text field of a submitted form ("" when absent or a file). */
export function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Runs an action step; an InputError becomes a 400 with the field errors and
 * the submitted `values` to refill the form (pages without JavaScript are
 * re-rendered from scratch). Never pass passwords as values.
 */
export async function withInputErrors<T>(step: () => Promise<T>, values: Record<string, string> = {}) {
  try {
    return await step();
  } catch (error) {
    if (error instanceof InputError) return data({ errors: error.fields, values }, { status: 400 });
    throw error;
  }
}
