import { apiError } from "~/auth/guard.server";
import { isObject } from "~/forms/schema/json-schema";
import { readBoundedBytes } from "./request-screen.server";

/** The largest JSON body the API accepts (README, "Submissions API"): 1 MiB. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body that must be a JSON object. Throws the API's JSON
 * errors: 413 over the limit, 400 for anything that is not a JSON object.
 * The limit is checked twice: on Content-Length before reading (cheap refusal)
 * and on the bytes actually read, because the header may be absent (chunked)
 * or lie; reading stops as soon as the limit is passed.
 */
export async function readJsonObject(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const text = await readText(request, limit);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw apiError(400, "Corpo della richiesta non valido: JSON malformato.");
  }
  if (!isObject(body)) throw apiError(400, "Corpo della richiesta non valido: serve un oggetto JSON.");
  return body;
}

async function readText(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const bytes = await readBoundedBytes(request.body, limit);
  if (!bytes) throw tooLarge(limit);
  // fatal: invalid UTF-8 is a malformed body, not a string with replacement characters.
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw apiError(400, "Corpo della richiesta non valido: testo non UTF-8.");
  }
}

function tooLarge(limit: number): Response {
  return apiError(413, `Corpo della richiesta troppo grande: il limite è ${limit / 1024 / 1024} MiB.`);
}

/** 405 with an Allow header when an action receives another method than the one it serves. */
export function requireMethod(request: Request, method: "POST" | "PUT"): void {
  if (request.method === method) return;
  const response = apiError(405, "Metodo non consentito.");
  response.headers.set("Allow", method);
  throw response;
}
