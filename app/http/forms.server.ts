import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
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

/**
 * The fields of a form that may carry a file (multipart) or not
 * (urlencoded). Each part is held in memory up to `maxPartBytes`; a larger
 * one is an InputError on `fileField`, so nothing of it is kept.
 */
export async function readFormWithFile(request: Request, options: { maxPartBytes: number; fileField: string }): Promise<FormData> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxPartBytes }));
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    const megabytes = (options.maxPartBytes / 1_000_000).toLocaleString("it-IT");
    throw new InputError({ [options.fileField]: `Il file supera il limite di ${megabytes} MB.` });
  }
}
