import { encodeChoiceValue } from "./choice-value";
import { ACTION_FIELD, ROW_COUNT_PREFIX } from "./form-field-names";
import { declaredProperties, dereference, isChoiceList, isObject, pointerTokens, type JsonSchema } from "./json-schema";
import type { FieldError } from "~/lib/errors";

/**
 * Rebuilds a submission's JSON from a form posted without JavaScript. Input
 * names are JSON pointers of fields (form-field-names.ts); the version's
 * schema says what each one is: nested objects and arrays are rebuilt,
 * numbers, integers and booleans coerced, empty strings dropped, checkboxes of
 * a multi-choice list gathered into an array. A value that does not parse
 * (e.g. "tre" in a number field) is kept as typed, so that the page comes back
 * with the input intact and the validator names the problem.
 *
 * Anything a form of this schema cannot have posted — an unknown field, an
 * array index past the limit, a name too deep or too long, too many fields —
 * is refused with a FormDataError (a 400 for the page), never a crash or a
 * polluted prototype.
 */

/** Bounds on what a posted form may contain; far above any real form (the largest has ~500 fields). */
export const FORM_DATA_LIMITS = { maxFields: 10_000, maxNameLength: 1_000, maxDepth: 32, maxRows: 1_000 };

/** A posted form that no Schedario form could have produced. */
export class FormDataError extends Error {
  override name = "FormDataError";
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join("; "));
  }
}

/** The row button pressed: add a row to a list, or remove one. */
export type RowAction = { kind: "add"; pointer: string } | { kind: "remove"; pointer: string; index: number };

export interface RebuiltForm {
  data: Record<string, unknown>;
  /** Set when an "Aggiungi"/"Rimuovi" button posted the form (already applied to `data`). */
  rowAction?: RowAction;
}

type Entry = readonly [string, FormDataEntryValue];

/** The JSON of a posted form, per the schema; page controls (names starting with "_") are left to the caller. */
export function formDataToJson(rootSchema: JsonSchema, entries: Iterable<Entry>): RebuiltForm {
  const data: Record<string, unknown> = {};
  const values = new Map<string, string[]>();
  const rowCounts = new Map<string, number>();
  let action: string | undefined;
  let count = 0;
  for (const [name, value] of entries) {
    if (++count > FORM_DATA_LIMITS.maxFields) fail("", `troppi campi (più di ${FORM_DATA_LIMITS.maxFields})`);
    if (name.length > FORM_DATA_LIMITS.maxNameLength) fail("", "nome di campo troppo lungo");
    if (typeof value !== "string") fail(name, "i file non sono accettati");
    if (name === ACTION_FIELD) action = value;
    else if (name.startsWith(ROW_COUNT_PREFIX)) rowCounts.set(name.slice(ROW_COUNT_PREFIX.length), parseRowCount(name, value));
    else if (name.startsWith("/")) values.set(name, [...(values.get(name) ?? []), value]);
  }
  // Lists first, shortest pointers first, so that rows left empty still exist.
  for (const [pointer, rows] of [...rowCounts].sort(([a], [b]) => a.length - b.length)) {
    const { schema } = resolveField(rootSchema, pointer);
    if (schemaType(schema) !== "array") fail(pointer, "non è un elenco");
    const list = ensureContainer(rootSchema, data, pointer);
    if (!Array.isArray(list)) fail(pointer, "non è un elenco");
    while (list.length < rows) list.push(emptyItem(itemsOf(rootSchema, schema, list.length)));
  }
  for (const [pointer, raw] of values) {
    const { schema } = resolveField(rootSchema, pointer);
    const value = coerce(rootSchema, schema, raw);
    if (value !== undefined) setAt(rootSchema, data, pointer, value);
  }
  const rowAction = action === undefined ? undefined : applyRowAction(rootSchema, data, action);
  return rowAction ? { data, rowAction } : { data };
}

function fail(path: string, message: string): never {
  throw new FormDataError([{ path, message: `${path || "modulo"}: ${message}` }]);
}

function parseRowCount(name: string, value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) > FORM_DATA_LIMITS.maxRows) fail(name, "numero di righe non valido");
  return Number(value);
}

function schemaType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null") as string | undefined;
  if (isObject(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/**
 * The schema of row `index` of a list: its `items`; for a fixed-length list
 * (`items` as a list of schemas) the one at that position, then `additionalItems`.
 */
function itemsOf(root: JsonSchema, arraySchema: JsonSchema, index = 0): JsonSchema {
  const items = arraySchema.items;
  const row = Array.isArray(items) ? (index < items.length ? items[index] : arraySchema.additionalItems) : items;
  return isObject(row) ? dereference(root, row) : {};
}

/**
 * The (dereferenced) schema of the field a pointer names, checking every
 * step: a property the schema declares (in any branch), or an index within
 * bounds of an array.
 */
function resolveField(root: JsonSchema, pointer: string): { schema: JsonSchema; tokens: string[] } {
  const tokens = pointerTokens(pointer);
  if (tokens.length === 0 || tokens.length > FORM_DATA_LIMITS.maxDepth) fail(pointer.slice(0, 100), "campo non previsto dal modulo");
  let schema = dereference(root, root);
  for (const token of tokens) {
    if (schemaType(schema) === "array") {
      if (!/^\d{1,4}$/.test(token) || Number(token) >= FORM_DATA_LIMITS.maxRows) fail(pointer, "riga fuori dai limiti");
      schema = itemsOf(root, schema, Number(token));
      continue;
    }
    const property = declaredProperties(root, schema).get(token);
    if (!property) fail(pointer, "campo non previsto dal modulo");
    schema = dereference(root, property);
  }
  return { schema, tokens };
}

/** One posted value (or several, for a multi-choice list) as the schema's type. */
function coerce(root: JsonSchema, schema: JsonSchema, raw: string[]): unknown {
  if (schemaType(schema) === "array") {
    const items = itemsOf(root, schema);
    const list = raw.filter((v) => v !== "").map((v) => coerceOne(items, v));
    return list.length ? list : undefined;
  }
  // One value per field; a repeated name (e.g. a tampered form) keeps the last.
  const last = raw[raw.length - 1]!;
  return last === "" ? undefined : coerceOne(schema, last);
}

function coerceOne(schema: JsonSchema, raw: string): unknown {
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = schema[keyword];
    if (isChoiceList(branches)) {
      const choice = branches.find((b) => encodeChoiceValue(b.const) === raw);
      if (choice) return choice.const;
    }
  }
  if (Array.isArray(schema.enum)) {
    const option = schema.enum.find((v) => encodeChoiceValue(v) === raw);
    if (option !== undefined) return option;
  }
  switch (schemaType(schema)) {
    case "integer":
    case "number":
      // Only plain decimal numbers; anything else stays as typed for the validator to name.
      return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    default:
      return raw;
  }
}

function emptyItem(itemSchema: JsonSchema): unknown {
  const type = schemaType(itemSchema);
  return type === "object" ? {} : type === "array" ? [] : null;
}

/** Sets a property without ever invoking a setter (a field named "__proto__" stays a plain key). */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The container (object or array) at a pointer, created along the way as the schema says. */
function ensureContainer(root: JsonSchema, data: Record<string, unknown>, pointer: string): unknown {
  const { tokens } = resolveField(root, pointer);
  let node: unknown = data;
  let schema = dereference(root, root);
  for (const token of tokens) {
    const isArray = schemaType(schema) === "array";
    const next = isArray ? itemsOf(root, schema, Number(token)) : dereference(root, declaredProperties(root, schema).get(token)!);
    const container = node as Record<string, unknown> & unknown[];
    const existing = isArray ? container[Number(token)] : Object.hasOwn(container, token) ? container[token] : undefined;
    let child = existing;
    if (child === undefined || child === null) {
      child = schemaType(next) === "array" ? [] : {};
      if (isArray) {
        while (container.length < Number(token)) container.push(emptyItem(next));
        container[Number(token)] = child;
      } else defineKey(container, token, child);
    }
    node = child;
    schema = next;
  }
  return node;
}

function setAt(root: JsonSchema, data: Record<string, unknown>, pointer: string, value: unknown): void {
  const parentPointer = pointer.slice(0, pointer.lastIndexOf("/"));
  const parent = parentPointer ? ensureContainer(root, data, parentPointer) : data;
  const key = pointerTokens(pointer).at(-1)!;
  if (Array.isArray(parent)) {
    const index = Number(key);
    while (parent.length < index) parent.push(null);
    parent[index] = value;
  } else if (isObject(parent)) defineKey(parent, key, value);
  else fail(pointer, "campo non previsto dal modulo");
}

/** Applies "aggiungi:/list" or "rimuovi:/list/3". */
function applyRowAction(root: JsonSchema, data: Record<string, unknown>, action: string): RowAction {
  const match = /^(aggiungi|rimuovi):(\/.*)$/.exec(action);
  if (!match) fail(ACTION_FIELD, "azione sconosciuta");
  const pointer = match[2]!;
  if (match[1] === "aggiungi") {
    const { schema } = resolveField(root, pointer);
    if (schemaType(schema) !== "array") fail(pointer, "non è un elenco");
    const list = ensureContainer(root, data, pointer) as unknown[];
    if (list.length >= FORM_DATA_LIMITS.maxRows) fail(pointer, "riga fuori dai limiti");
    list.push(emptyItem(itemsOf(root, schema, list.length)));
    return { kind: "add", pointer };
  }
  const listPointer = pointer.slice(0, pointer.lastIndexOf("/"));
  const index = Number(pointerTokens(pointer).at(-1));
  const { schema } = resolveField(root, listPointer || "/");
  if (!listPointer || schemaType(schema) !== "array" || !Number.isInteger(index)) fail(pointer, "non è una riga di un elenco");
  const list = ensureContainer(root, data, listPointer) as unknown[];
  if (index >= list.length) fail(pointer, "riga inesistente");
  list.splice(index, 1);
  return { kind: "remove", pointer: listPointer, index };
}
