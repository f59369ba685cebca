import { isObject, type JsonSchema } from "../schema/json-schema";

/**
 * Keeping the `allOf` rules of a container consistent when one of its fields
 * is renamed or removed. Only the places a field name can take in the rules
 * Schedario's forms use are visited: `properties` and `required` of
 * `if`/`then`/`else`, and `dependencies`.
 */

const BRANCHES = ["if", "then", "else"] as const;

/** True when the rule names the field anywhere the builder looks. */
export function ruleMentions(rule: unknown, key: string): boolean {
  return isObject(rule) && BRANCHES.some((b) => mentions(rule[b], key));
}

/** Renames a field in a rule, in place. */
export function renameInRule(rule: unknown, from: string, to: string): void {
  if (!isObject(rule)) return;
  for (const b of BRANCHES) renameIn(rule[b], from, to);
}

/**
 * The rule without the field, or undefined when it no longer means anything:
 * a rule whose condition tests the field is dropped, as is one left with nothing to apply.
 */
export function pruneRule(rule: unknown, key: string): unknown {
  if (!isObject(rule)) return rule;
  if (mentions(rule.if, key)) return undefined;
  if (!("if" in rule)) return rule;
  for (const b of ["then", "else"] as const) {
    const branch = rule[b];
    if (!isObject(branch) || !mentions(branch, key)) continue;
    if (isObject(branch.properties)) {
      delete branch.properties[key];
      if (Object.keys(branch.properties).length === 0) delete branch.properties;
    }
    if (Array.isArray(branch.required)) {
      branch.required = branch.required.filter((k) => k !== key);
      if ((branch.required as unknown[]).length === 0) delete branch.required;
    }
    if (Object.keys(branch).length === 0) delete rule[b];
  }
  return "then" in rule || "else" in rule ? rule : undefined;
}

/** Renames or removes a field in a container's `dependencies` (name → schema or list of names). */
export function updateDependencies(container: JsonSchema, from: string, to: string | undefined): void {
  const deps = container.dependencies;
  if (!isObject(deps)) return;
  const updated: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(deps)) {
    if (name === from && to === undefined) continue;
    let next = value;
    if (Array.isArray(value)) next = to === undefined ? value.filter((k) => k !== from) : value.map((k) => (k === from ? to : k));
    else if (isObject(value)) to === undefined ? pruneRule({ if: {}, then: value }, from) : renameIn(value, from, to);
    updated[name === from ? to! : name] = next;
  }
  container.dependencies = updated;
}

function mentions(schema: unknown, key: string): boolean {
  if (!isObject(schema)) return false;
  return (isObject(schema.properties) && Object.hasOwn(schema.properties, key)) || (Array.isArray(schema.required) && schema.required.includes(key));
}

function renameIn(schema: unknown, from: string, to: string): void {
  if (!isObject(schema)) return;
  if (isObject(schema.properties) && Object.hasOwn(schema.properties, from)) schema.properties = renameObjectKey(schema.properties, from, to);
  if (Array.isArray(schema.required)) schema.required = schema.required.map((k) => (k === from ? to : k));
}

/** A copy of the object with one key renamed, in the same position. */
export function renameObjectKey(object: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k === from ? to : k, v]));
}
