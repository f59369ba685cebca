import { findUnstorableJson, MAX_JSON_DEPTH } from "~/forms/validation/json-input";
import type { FieldError } from "~/lib/errors";

/**
 * What one revision of a submission may hold (README, "Submissions API"):
 * bounded so that every page that shows it (the form, the history, the
 * export) answers in bounded time and memory. The largest built-in form
 * fills ≈ 9 KiB; a 500-field assessment or a 200-row group stays far below.
 */
export const SUBMISSION_DATA_LIMITS = {
  /** The data as stored (JSON text, UTF-8). */
  maxBytes: 512 * 1024,
  /** Fields and list rows at every level: every object key and array element counts one. */
  maxEntries: 10_000,
  /** Levels of objects and lists, `data` itself being the first (a request body wraps it in one more). */
  maxDepth: MAX_JSON_DEPTH - 1,
};

/**
 * Why this data cannot be stored as one revision, as a field error with an
 * Italian message (a 422), or undefined. `json` is the data's JSON text, as
 * it will be stored. Also refuses what the request screen refuses (NUL, lone
 * surrogates, inexact numbers), for data that did not come through HTTP.
 */
export function submissionDataProblem(data: unknown, json: string): FieldError | undefined {
  const unstorable = findUnstorableJson(data, SUBMISSION_DATA_LIMITS.maxDepth);
  if (unstorable) return unstorable;
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > SUBMISSION_DATA_LIMITS.maxBytes) {
    return { path: "", message: `la scheda supera la dimensione massima di ${SUBMISSION_DATA_LIMITS.maxBytes / 1024} KiB (${Math.ceil(bytes / 1024)} KiB): ridurre i testi più lunghi o dividerla in più schede` };
  }
  const entries = countEntries(data);
  if (entries > SUBMISSION_DATA_LIMITS.maxEntries) {
    return { path: "", message: `la scheda ha ${entries} campi e righe, oltre il massimo di ${SUBMISSION_DATA_LIMITS.maxEntries}: togliere i campi non previsti dal modulo o dividerla in più schede` };
  }
  return undefined;
}

/** Object keys and array elements at every level (iterative: the depth was bounded above, but no recursion is needed). */
function countEntries(value: unknown): number {
  let count = 0;
  const stack = [value];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    count += children.length;
    // One by one: spreading a list of 100,000 rows into push() would overflow the argument limit.
    for (const child of children) if (typeof child === "object" && child !== null) stack.push(child);
  }
  return count;
}
