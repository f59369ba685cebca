import { escapePointerToken, isObject, pointerTokens, type JsonSchema } from "./json-schema";

/**
 * Computed fields (ADR 0013): a form declares derived values — sums, counts,
 * means of named fields, banding into labelled ranges — on a read-only
 * property of its schema, under this keyword:
 *
 *   "punteggioEmotivo": {
 *     "type": "integer", "title": "Sintomi emotivi", "readOnly": true,
 *     "x-computed": { "op": "sum", "fields": ["/item03", {"field": "/item07", "scores": {"0": 2, "1": 1, "2": 0}}] }
 *   }
 *
 * The value is written into the data at the property's place by the server at
 * every save (so it is stored with the revision, validated, exported) and by
 * the form in the browser as the person types — both with `applyComputedValues`
 * below, the one implementation. No expressions: only the operations of
 * `ComputedRule`, checked by lint (computed-lint.ts).
 */
export const COMPUTED_KEYWORD = "x-computed";

/** A field read by a computation: its JSON pointer in the data, optionally with a table turning each answer into a score. */
export type ComputedTerm = string | { field: string; scores: Record<string, number> };

export type ComputedRule =
  /** The sum of the terms; undefined until at least `minAnswered` (default: all) are answered. */
  | { op: "sum"; fields: ComputedTerm[]; minAnswered?: number }
  /** The mean of the answered terms, rounded to `decimals` (default 2); undefined until `minAnswered` (default 1) are answered. */
  | { op: "mean"; fields: ComputedTerm[]; minAnswered?: number; decimals?: number }
  /** How many terms are answered — or, with `values`, how many hold one of these values. */
  | { op: "count"; fields: ComputedTerm[]; values?: unknown[] }
  /** The label of the first band whose `max` is ≥ the field's value (the last band has no `max`). */
  | { op: "band"; field: string; bands: { max?: number; label: string }[] };

export const COMPUTED_OPS = ["sum", "mean", "count", "band"] as const;

/** A computed property of a form: where its value goes, and how it is computed. */
export interface ComputedField {
  pointer: string;
  rule: ComputedRule;
}

const fieldsBySchema = new WeakMap<object, ComputedField[]>();

/**
 * The computed properties of a form, in an order where each comes after the
 * computed fields it reads (a total after its subscales). Cached per schema
 * object. Declarations with an unknown operation are left out (lint refuses them).
 */
export function findComputedFields(schema: JsonSchema): ComputedField[] {
  const cached = fieldsBySchema.get(schema);
  if (cached) return cached;
  const known = findComputedDeclarations(schema).filter((d): d is ComputedField => isObject(d.rule) && COMPUTED_OPS.includes(d.rule.op as ComputedRule["op"]));
  const ordered = dependencyOrder(known);
  fieldsBySchema.set(schema, ordered);
  return ordered;
}

/**
 * Every property carrying the keyword where it is allowed: reachable from the
 * root through `properties` alone (no `$ref`, no list, no branch), with the
 * declaration as written. Lint refuses the keyword anywhere else.
 */
export function findComputedDeclarations(schema: JsonSchema): { pointer: string; rule: unknown }[] {
  const found: { pointer: string; rule: unknown }[] = [];
  const visit = (node: JsonSchema, pointer: string, depth: number) => {
    if (depth > 40 || !isObject(node.properties)) return;
    for (const [key, child] of Object.entries(node.properties)) {
      if (!isObject(child)) continue;
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (COMPUTED_KEYWORD in child) found.push({ pointer: childPointer, rule: child[COMPUTED_KEYWORD] });
      else visit(child, childPointer, depth + 1);
    }
  };
  visit(schema, "", 0);
  return found;
}

/** The pointers a rule reads. */
export function computedInputs(rule: ComputedRule): string[] {
  if (rule.op === "band") return [rule.field];
  return (Array.isArray(rule.fields) ? rule.fields : []).map((t) => (typeof t === "string" ? t : t.field));
}

/** Computed fields sorted so that each follows those it reads; fields caught in a cycle (refused by lint) are left out. */
function dependencyOrder(fields: ComputedField[]): ComputedField[] {
  const byPointer = new Map(fields.map((f) => [f.pointer, f]));
  const ordered: ComputedField[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (field: ComputedField): boolean => {
    const seen = state.get(field.pointer);
    if (seen) return seen === "done";
    state.set(field.pointer, "visiting");
    for (const input of computedInputs(field.rule)) {
      const dependency = byPointer.get(input);
      if (dependency && !visit(dependency)) return false;
    }
    state.set(field.pointer, "done");
    ordered.push(field);
    return true;
  };
  for (const field of fields) visit(field);
  return ordered;
}

/**
 * The data with every computed value written at its place (and removed where
 * it cannot be computed yet), whatever the data held there before: a value a
 * client sends for a computed field is never kept. Returns the same object
 * when nothing changes, and otherwise new objects only along the changed paths.
 */
export function applyComputedValues(fields: readonly ComputedField[], data: Record<string, unknown>): Record<string, unknown> {
  let result = data;
  for (const { pointer, rule } of fields) {
    result = setAtPointer(result, pointerTokens(pointer), computeValue(rule, result));
  }
  return result;
}

/** The value of one rule over the data; undefined when it cannot be computed (too few answers, a value outside the bands' input). */
export function computeValue(rule: ComputedRule, data: unknown): number | string | undefined {
  if (rule.op === "band") {
    const value = numberAt(data, rule.field);
    if (value === undefined) return undefined;
    return rule.bands.find((b) => b.max === undefined || value <= b.max)?.label;
  }
  if (rule.op === "count") {
    const values = rule.fields.map((term) => rawAt(data, termPointer(term)));
    return values.filter((v) => (rule.values ? rule.values.some((x) => x === v) : isAnswered(v))).length;
  }
  const scores = rule.fields.map((term) => termScore(term, data)).filter((s): s is number => s !== undefined);
  if (rule.op === "sum") {
    if (scores.length < (rule.minAnswered ?? rule.fields.length)) return undefined;
    return roundTo(scores.reduce((a, b) => a + b, 0), 10);
  }
  if (scores.length === 0 || scores.length < (rule.minAnswered ?? 1)) return undefined;
  return roundTo(scores.reduce((a, b) => a + b, 0) / scores.length, rule.decimals ?? 2);
}

function termPointer(term: ComputedTerm): string {
  return typeof term === "string" ? term : term.field;
}

/** A term's score: the field's number, or its answer's score in the term's table; undefined when unanswered or not scored. */
function termScore(term: ComputedTerm, data: unknown): number | undefined {
  if (typeof term === "string") return numberAt(data, term);
  const answer = rawAt(data, term.field);
  if (!isAnswered(answer) || typeof answer === "object") return undefined;
  const score = Object.hasOwn(term.scores, String(answer)) ? term.scores[String(answer)] : undefined;
  return typeof score === "number" && Number.isFinite(score) ? score : undefined;
}

function numberAt(data: unknown, pointer: string): number | undefined {
  const value = rawAt(data, pointer);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function rawAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of pointerTokens(pointer)) {
    if (!isObject(node) || !Object.hasOwn(node, token)) return undefined;
    node = node[token];
  }
  return node;
}

function isAnswered(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
}

/** Rounds half away from zero to `decimals` places (the same in every JavaScript engine). */
function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

/** The object with `value` at the path (or the key removed when undefined), copying only the objects along it; the same object when nothing changes. */
function setAtPointer(node: Record<string, unknown>, tokens: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = tokens;
  if (head === undefined) return node;
  const current = Object.hasOwn(node, head) ? node[head] : undefined;
  if (rest.length === 0) {
    if (current === value) return node;
    if (value === undefined) {
      if (!Object.hasOwn(node, head)) return node;
      const { [head]: _removed, ...others } = node;
      return others;
    }
    return { ...node, [head]: value };
  }
  // A group that does not exist yet is created only to hold a value.
  if (!isObject(current) && value === undefined) return node;
  const child = isObject(current) ? current : {};
  const next = setAtPointer(child, rest, value);
  return next === current ? node : { ...node, [head]: next };
}
