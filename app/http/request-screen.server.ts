import type { FieldError } from "~/lib/errors";
import { findUnstorableJson, textProblem } from "~/forms/validation/json-input";

/**
 * The largest request body the server reads at all (4 MiB). Routes set
 * tighter limits of their own (JSON API 1 MiB, form pages 1 MiB, bundle
 * upload 2 MB); this one holds for every route, new ones included.
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The server's first look at every request, before any route (server.mjs):
 * input that no route could store is refused here, once, with a 4xx and an
 * Italian message — a new route gets this protection without doing anything.
 *
 * - address: a NUL character in the path or in a query parameter → 400;
 * - body over MAX_REQUEST_BODY_BYTES → 413, read no further;
 * - form posts (urlencoded or multipart text fields): a NUL character in a
 *   name or value → 400;
 * - any other body that is JSON: a NUL or a lone surrogate in a string or
 *   key, a number JavaScript cannot read exactly (1e309, integers beyond
 *   2^53), nesting beyond MAX_JSON_DEPTH → 400 (findUnstorableJson).
 * Malformed JSON or form bodies pass through: each route already answers them.
 * Returns the request to serve (its body read into memory) or the refusal.
 */
export async function screenRequest(request: Request): Promise<Request | Response> {
  const url = new URL(request.url);
  const inAddress = findNulInAddress(url);
  if (inAddress) return refuse(url, 400, inAddress.message, [inAddress]);
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return request;

  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_REQUEST_BODY_BYTES) return tooLarge(url);
  const body = await readBoundedBytes(request.body, MAX_REQUEST_BODY_BYTES);
  if (!body) return tooLarge(url);

  const problem = await findBodyProblem(request.headers.get("Content-Type") ?? "", body);
  if (problem) return refuse(url, 400, problem.message, [problem]);
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

function findNulInAddress(url: URL): FieldError | undefined {
  const message = "l'indirizzo contiene un carattere nullo (U+0000): correggerlo";
  if (/%00/.test(url.pathname)) return { path: "", message };
  for (const [name, value] of url.searchParams) {
    if (name.includes("\u0000") || value.includes("\u0000")) return { path: `/${name.replace(/\u0000/g, "")}`, message };
  }
  return undefined;
}

/**
 * The bytes of a body, or undefined as soon as they pass `limit`: reading
 * stops there, and the rest is left unread but not cancelled (cancelling
 * destroys the socket before the 413 is written; Node discards the rest once
 * the response ends).
 */
export async function readBoundedBytes(stream: ReadableStream<Uint8Array>, limit: number): Promise<Buffer<ArrayBuffer> | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.releaseLock();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function findBodyProblem(contentType: string, body: Buffer<ArrayBuffer>): Promise<FieldError | undefined> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
    } catch {
      return undefined;
    }
    for (const [name, value] of form) {
      // Files are the routes' business (e.g. a bundle's JSON is linted); names and text fields are text.
      const problem = textProblem(name) ?? (typeof value === "string" ? textProblem(value) : undefined);
      if (problem) return { path: `/${name.replace(/\u0000/g, "")}`, message: problem };
    }
    return undefined;
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
  return findUnstorableJson(document);
}

function tooLarge(url: URL): Response {
  return refuse(url, 413, `il corpo della richiesta supera il limite di ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MiB`);
}

/** The API's JSON error shape under /api/, a plain Italian sentence elsewhere (as server.mjs's other refusals). */
function refuse(url: URL, status: 400 | 413, reason: string, errors?: FieldError[]): Response {
  const sentence = `Richiesta non valida: ${reason}.`;
  if (url.pathname.startsWith("/api/")) return Response.json(errors ? { error: sentence, errors } : { error: sentence }, { status });
  return new Response(sentence, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
