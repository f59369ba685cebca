import { isObject, type JsonSchema } from "../schema/json-schema";
import { jsonEqual } from "./document";

/** "Show this field when `field` is (eq) / is not (neq) `value`" (ADR 0011). */
export interface FieldCondition {
  field: string;
  operator: "eq" | "neq";
  value: unknown;
}

/** A field whose definition lives in a condition entry of its container's `allOf`. */
export interface ConditionalField {
  condition: FieldCondition;
  key: string;
  definition: JsonSchema;
  required: boolean;
}

/**
 * Reads an `allOf` entry written by the builder:
 * `{ "if": { "properties": { T: { "const": V } }, "required": [T] }, "then" | "else": { "properties": { K: … }, "required"?: [K] } }`.
 * `then` shows K when T is V, `else` when T is not V (or not answered).
 * Anything else is an advanced rule, kept as it is and shown read-only.
 */
export function readConditionEntry(entry: unknown): ConditionalField | undefined {
  if (!isObject(entry) || !isObject(entry.if)) return undefined;
  const keys = Object.keys(entry).sort();
  const branchName = keys.length === 2 && keys[0] === "else" && keys[1] === "if" ? "else" : keys.length === 2 && keys[0] === "if" && keys[1] === "then" ? "then" : undefined;
  if (!branchName) return undefined;
  const test = entry.if;
  if (!isObject(test.properties) || !hasOnlyKeys(test, ["properties", "required"])) return undefined;
  const triggers = Object.keys(test.properties);
  if (triggers.length !== 1) return undefined;
  const field = triggers[0]!;
  const constraint = test.properties[field];
  if (!isObject(constraint) || !hasOnlyKeys(constraint, ["const"]) || !("const" in constraint)) return undefined;
  if (!jsonEqual(test.required, [field])) return undefined;
  const branch = entry[branchName];
  if (!isObject(branch) || !isObject(branch.properties) || !hasOnlyKeys(branch, ["properties", "required"])) return undefined;
  const shown = Object.keys(branch.properties);
  if (shown.length !== 1) return undefined;
  const key = shown[0]!;
  const definition = branch.properties[key];
  if (!isObject(definition)) return undefined;
  if (branch.required !== undefined && !jsonEqual(branch.required, [key])) return undefined;
  return {
    condition: { field, operator: branchName === "then" ? "eq" : "neq", value: constraint.const },
    key,
    definition,
    required: branch.required !== undefined,
  };
}

/** The `allOf` entry for a conditional field; the inverse of readConditionEntry. */
export function conditionEntry(field: ConditionalField): JsonSchema {
  const branch: JsonSchema = { properties: { [field.key]: field.definition } };
  if (field.required) branch.required = [field.key];
  const test = { properties: { [field.condition.field]: { const: field.condition.value } }, required: [field.condition.field] };
  return field.condition.operator === "eq" ? { if: test, then: branch } : { if: test, else: branch };
}

function hasOnlyKeys(object: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(object).every((k) => allowed.includes(k));
}
