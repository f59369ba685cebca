import { isObject, type JsonSchema } from "../schema/json-schema";

/** A uiSchema (rjsf), as parsed JSON. */
export type UiSchema = Record<string, unknown>;

/** What the editor edits and the registry stores: a draft-07 schema and its uiSchema. */
export interface FormDocument {
  schema: JsonSchema;
  uiSchema: UiSchema;
}

/** The keys from the root to a field: `["passaggio", "consegnaArrivo"]`. A repeatable group's key leads to its item. */
export type FieldPath = readonly string[];

/**
 * A request the builder refuses, with a message in Italian for the person
 * editing. Operations throw it before changing anything, so a refused edit
 * never leaves a half-changed document.
 */
export class BuilderError extends Error {
  override name = "BuilderError";
}

/** A deep copy an operation may change freely: documents are never mutated in place (undo keeps old ones). */
export function cloneDocument(doc: FormDocument): FormDocument {
  return structuredClone(doc);
}

/** The object schema fields are declared in: an object, or the item of an array of objects. */
export interface Container {
  schema: JsonSchema;
  /** The uiSchema node of the container; created on demand when `create` was asked. */
  ui: UiSchema;
}

/** The uiSchema object under `key`, created when missing (only on documents being changed). */
export function uiChild(ui: UiSchema, key: string): UiSchema {
  if (!isObject(ui[key])) ui[key] = {};
  return ui[key] as UiSchema;
}

/** Same equality as JSON: key order of objects does not matter (PostgreSQL's jsonb does not keep it). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
