import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { InvalidInputError, fieldErrors } from "~/lib/errors";

/**
 * The fields of a form that may carry a file (multipart) or not
 * (urlencoded). Each part is held in memory up to `maxPartBytes`; a larger
 * one is an InvalidInputError on `fileField`, so nothing of it is kept.
 */
export async function readFormWithFile(request: Request, options: { maxPartBytes: number; fileField: string }): Promise<FormData> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: options.maxPartBytes }));
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    const megabytes = (options.maxPartBytes / 1_000_000).toLocaleString("it-IT");
    throw new InvalidInputError(fieldErrors({ [options.fileField]: `Il file supera il limite di ${megabytes} MB.` }));
  }
}
