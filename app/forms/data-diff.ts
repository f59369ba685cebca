import { encodeChoiceValue } from "./choice-value";
import { dereference, escapePointerToken, isChoiceList, isObject, pointerTokens, schemaForDataPointer, titleOf, type JsonSchema } from "./json-schema";

/**
 * Field-by-field comparison of two versions of a submission's data (the
 * conflict page's "theirs" and "yours"): the leaves that differ, labelled by
 * the schema's titles and shown as a person reads them (choice titles, Sì/No).
 */

/** One field whose value differs; `pointer` is its place in the data. */
export interface DataDifference {
  pointer: string;
  label: string;
  theirs: string;
  yours: string;
}

/** The leaves of a data document by pointer: objects and lists of objects are walked, other values are leaves. */
function leaves(value: unknown, pointer = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, `${pointer}/${escapePointerToken(key)}`, out);
  } else if (Array.isArray(value) && value.some((item) => isObject(item) || Array.isArray(item))) {
    value.forEach((item, index) => leaves(item, `${pointer}/${index}`, out));
  } else if (pointer) {
    out.set(pointer, value);
  }
  return out;
}

/** The fields that differ between two data documents, in the order they appear in `yours` then `theirs`. */
export function diffData(schema: JsonSchema, theirs: unknown, yours: unknown): DataDifference[] {
  const a = leaves(theirs);
  const b = leaves(yours);
  const pointers = [...new Set([...b.keys(), ...a.keys()])];
  return pointers
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((pointer) => ({
      pointer,
      label: dataLabel(schema, pointer),
      theirs: formatValue(schema, pointer, a.get(pointer)),
      yours: formatValue(schema, pointer, b.get(pointer)),
    }));
}

/** "Nucleo familiare › n. 2 › Età": each step's title, rows numbered from 1. */
export function dataLabel(schema: JsonSchema, pointer: string): string {
  const tokens = pointerTokens(pointer);
  return tokens
    .map((token, i) => {
      if (/^\d+$/.test(token)) return `n. ${Number(token) + 1}`;
      const prefix = tokens.slice(0, i + 1).map((t) => `/${escapePointerToken(t)}`).join("");
      const field = schemaForDataPointer(schema, prefix);
      return (field && titleOf(schema, field)) ?? token;
    })
    .join(" › ");
}

/** A value in words: "—" when empty, choice titles instead of codes, Sì/No for booleans. */
export function formatValue(schema: JsonSchema, pointer: string, value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  const field = schemaForDataPointer(schema, pointer);
  const resolved = field ? dereference(schema, field) : {};
  if (Array.isArray(value)) {
    const items = isObject(resolved.items) ? dereference(schema, resolved.items) : {};
    return value.length ? value.map((v) => choiceTitle(items, v) ?? String(v)).join(", ") : "—";
  }
  if (typeof value === "boolean") return value ? "Sì" : "No";
  return choiceTitle(resolved, value) ?? (typeof value === "object" ? JSON.stringify(value) : String(value));
}

function choiceTitle(schema: JsonSchema, value: unknown): string | undefined {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!isChoiceList(branches)) return undefined;
  const choice = branches.find((b) => encodeChoiceValue(b.const) === encodeChoiceValue(value));
  return typeof choice?.title === "string" ? choice.title : undefined;
}

/**
 * `base` with the values of `from` copied at the given pointers (a value
 * missing in `from` is removed from the result). Lists are extended with
 * empty rows when a copied row does not exist in `base`.
 */
export function copyValues(base: Record<string, unknown>, from: unknown, pointers: readonly string[]): Record<string, unknown> {
  const result = structuredClone(base);
  const source = leaves(from);
  for (const pointer of pointers) {
    const tokens = pointerTokens(pointer);
    let node: Record<string, unknown> | unknown[] = result;
    for (const [i, token] of tokens.slice(0, -1).entries()) {
      const container = node as Record<string, unknown>;
      const key = Array.isArray(node) ? Number(token) : token;
      if (!isObject(container[key]) && !Array.isArray(container[key])) {
        Object.defineProperty(container, key, { value: /^\d+$/.test(tokens[i + 1]!) ? [] : {}, enumerable: true, writable: true, configurable: true });
      }
      node = container[key] as Record<string, unknown> | unknown[];
      if (Array.isArray(node)) for (let r = node.length; r < Number(tokens[i + 1]); r++) node.push({});
    }
    const last = tokens.at(-1)!;
    const value = source.get(pointer);
    if (Array.isArray(node)) node[Number(last)] = value ?? {};
    else if (value === undefined) delete node[last];
    else Object.defineProperty(node, last, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
