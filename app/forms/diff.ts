import { choiceValues, declaredProperties, dereference, escapePointerToken, isObject, titleOf, type JsonSchema } from "./json-schema";

/** What a field looks like in one version, for comparison. */
interface FieldShape {
  title: string;
  type: string;
  /** The values of a list of choices, each as JSON text ("\"si\"", "3"). */
  options: string[];
  required: boolean;
  bounds: Record<string, unknown>;
}

/** One field that differs between two versions; `path` is the field's place in the data ("*" for array items). */
export interface FieldChange {
  path: string;
  change: "added" | "removed" | "changed";
  title: string;
  /** Italian, one per aspect that changed (type, options, required, bounds, title). */
  details: string[];
}

const BOUND_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
];
// Deep enough for any real form; stops recursive schemas from unrolling forever.
const MAX_FIELD_DEPTH = 16;

/** Compares the fields of two schemas: added, removed, and changed in type, options, required or bounds. */
export function diffFormSchemas(before: JsonSchema, after: JsonSchema): FieldChange[] {
  const old = collectFields(before);
  const now = collectFields(after);
  const changes: FieldChange[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (!a) changes.push({ path, change: "added", title: b!.title, details: [describeShape(b!)] });
    else if (!b) changes.push({ path, change: "removed", title: a.title, details: [describeShape(a)] });
    else {
      const details = compareShapes(a, b);
      if (details.length) changes.push({ path, change: "changed", title: b.title, details });
    }
  }
  return changes;
}

/** One field of a form as the builder lists it: its place in the data ("*" for array items) and its shape. */
export interface FormField extends FieldShape {
  path: string;
}

/** Every field of a schema, in the order of the form, with nested and array-item fields. */
export function listFormFields(schema: JsonSchema): FormField[] {
  return [...collectFields(schema)].map(([path, shape]) => ({ path, ...shape }));
}

function collectFields(root: JsonSchema): Map<string, FieldShape> {
  const fields = new Map<string, FieldShape>();
  const visit = (schema: JsonSchema, path: string, depth: number) => {
    if (depth > MAX_FIELD_DEPTH) return;
    const declared = dereference(root, schema);
    const required = Array.isArray(declared.required) ? declared.required : [];
    for (const [name, property] of declaredProperties(root, schema)) {
      const here = `${path}/${escapePointerToken(name)}`;
      fields.set(here, shapeOf(root, property, required.includes(name)));
      visitChildren(property, here, depth);
    }
  };
  const visitChildren = (schema: JsonSchema, path: string, depth: number) => {
    const declared = dereference(root, schema);
    if (isObject(declared.items)) {
      fields.set(`${path}/*`, shapeOf(root, declared.items, false));
      visitChildren(declared.items, `${path}/*`, depth + 1);
    }
    visit(schema, path, depth + 1);
  };
  visit(root, "", 0);
  return fields;
}

function shapeOf(root: JsonSchema, schema: JsonSchema, required: boolean): FieldShape {
  const declared = dereference(root, schema);
  const options = choiceValues(root, schema).map((v) => JSON.stringify(v));
  const bounds: Record<string, unknown> = {};
  for (const keyword of BOUND_KEYWORDS) {
    // A bound written beside the $ref wins over the referenced one, as rjsf shows it.
    const value = schema[keyword] ?? declared[keyword];
    if (value !== undefined) bounds[keyword] = value;
  }
  const type = Array.isArray(declared.type) ? declared.type.join("|") : typeof declared.type === "string" ? declared.type : "any";
  return { title: titleOf(root, schema) ?? "(senza titolo)", type, options, required, bounds };
}

function describeShape(shape: FieldShape): string {
  return `${shape.title} (${shape.type}${shape.required ? ", obbligatorio" : ""})`;
}

function compareShapes(a: FieldShape, b: FieldShape): string[] {
  const details: string[] = [];
  if (a.title !== b.title) details.push(`titolo: "${a.title}" → "${b.title}"`);
  if (a.type !== b.type) details.push(`tipo: ${a.type} → ${b.type}`);
  if (a.required !== b.required) details.push(b.required ? "ora obbligatorio" : "non più obbligatorio");
  const added = b.options.filter((o) => !a.options.includes(o));
  const removed = a.options.filter((o) => !b.options.includes(o));
  if (added.length) details.push(`opzioni aggiunte: ${added.join(", ")}`);
  if (removed.length) details.push(`opzioni rimosse: ${removed.join(", ")}`);
  for (const keyword of BOUND_KEYWORDS) {
    const before = JSON.stringify(a.bounds[keyword]);
    const after = JSON.stringify(b.bounds[keyword]);
    if (before !== after) details.push(`${keyword}: ${before ?? "—"} → ${after ?? "—"}`);
  }
  return details;
}
