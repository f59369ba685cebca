import { isObject } from "./json-schema";

/**
 * A copy of form data without the empty groups a form leaves behind: keys
 * whose value is undefined, and objects with nothing left in them. rjsf keeps
 * `{}` for every group a person opened or cleared; stored or validated as
 * is, an untouched optional group with a required field ("Esito" needs its
 * "Decisione") would be refused. The server's rebuild of a no-JavaScript post
 * never produces them, so both paths validate the same data. List rows stay
 * (an empty row is a row the person added).
 */
export function pruneEmptyObjects<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => (isObject(item) ? pruneObject(item) : item)) as T;
  return isObject(value) ? (pruneObject(value) as T) : value;
}

function pruneObject(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) {
    if (child === undefined) continue;
    const pruned = pruneEmptyObjects(child);
    if (isObject(pruned) && Object.keys(pruned).length === 0) continue;
    // defineProperty: a key named "__proto__" stays a plain key.
    Object.defineProperty(result, key, { value: pruned, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
