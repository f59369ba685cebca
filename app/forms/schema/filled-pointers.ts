import { escapePointerToken, isObject } from "./json-schema";

/**
 * The JSON pointers of what a scheda's data fills: every value that is not
 * empty (undefined, null, a blank text, an empty list or group), and every
 * group and list that holds one, up to the root (""). `false` and `0` are
 * answers, so they count. The read-only page shows only these fields
 * (issue 13): a section with nothing filled is absent from the set.
 * Computed fields count when they hold a value: pass the data with them
 * worked out (applyComputedValues).
 */
export function filledPointers(data: unknown): Set<string> {
  const filled = new Set<string>();
  collect(data, "", filled);
  return filled;
}

/** Adds `pointer` and what is filled below it; whether anything was. */
function collect(value: unknown, pointer: string, filled: Set<string>): boolean {
  let any: boolean;
  if (Array.isArray(value)) {
    any = false;
    value.forEach((item, index) => {
      if (collect(item, `${pointer}/${index}`, filled)) any = true;
    });
  } else if (isObject(value)) {
    any = false;
    for (const [key, child] of Object.entries(value)) {
      if (collect(child, `${pointer}/${escapePointerToken(key)}`, filled)) any = true;
    }
  } else {
    any = value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
  }
  if (any) filled.add(pointer);
  return any;
}
