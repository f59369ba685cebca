import { choiceValues, declaredProperties, dereference, escapePointerToken, isChoiceList, isObject, titleOf, type JsonSchema } from "../schema/json-schema";

/** What a field looks like in one version, for comparison. */
interface FieldShape {
  title: string;
  type: string;
  /** The values of a list of choices, each as JSON text ("\"si\"", "3"). */
  options: string[];
  /** The title of each option, by its value as JSON text. */
  optionTitles: Record<string, string>;
  required: boolean;
  bounds: Record<string, unknown>;
}

/** One field that differs between two versions; `path` is the field's place in the data ("*" for array items). */
export interface FieldChange {
  path: string;
  change: "added" | "removed" | "changed";
  title: string;
  /** The titles of the sections, groups and lists the field is in, outermost first. */
  place: string[];
  /**
   * In the admin's words, one per aspect that changed ("tipo: numero intero → numero",
   * "ora obbligatorio", "lunghezza massima: 100 → 200"); for a field added or removed,
   * what it is ("testo, obbligatorio"). No JSON pointers, keywords or type names.
   */
  details: string[];
}

/** JSON types in the admin's words. */
const TYPE_LABELS: Record<string, string> = {
  string: "testo",
  integer: "numero intero",
  number: "numero",
  boolean: "sì/no",
  array: "elenco",
  object: "gruppo di campi",
  null: "vuoto",
  any: "qualsiasi valore",
};
const FORMAT_LABELS: Record<string, string> = {
  date: "data",
  "date-time": "data e ora",
  time: "ora",
  email: "indirizzo e-mail",
  uri: "indirizzo web",
};
const BOUND_LABELS: Record<string, string> = {
  minimum: "valore minimo",
  maximum: "valore massimo",
  exclusiveMinimum: "valore minimo (escluso)",
  exclusiveMaximum: "valore massimo (escluso)",
  multipleOf: "multiplo di",
  minLength: "lunghezza minima",
  maxLength: "lunghezza massima",
  pattern: "formato richiesto",
  format: "formato",
  minItems: "elementi minimi",
  maxItems: "elementi massimi",
  uniqueItems: "senza ripetizioni",
};

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
  // Where a field is: the titles of its enclosing fields, as the newer version names them.
  const place = (path: string) => {
    const tokens = path.split("/").slice(1, -1);
    return tokens.flatMap((token, i) => {
      const at = `/${tokens.slice(0, i + 1).join("/")}`;
      return token === "*" ? [] : [(now.get(at) ?? old.get(at))?.title ?? token];
    });
  };
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(path);
    const b = now.get(path);
    if (!a) changes.push({ path, change: "added", title: b!.title, place: place(path), details: [describeShape(b!)] });
    else if (!b) changes.push({ path, change: "removed", title: a.title, place: place(path), details: [describeShape(a)] });
    else {
      const details = compareShapes(a, b);
      if (details.length) changes.push({ path, change: "changed", title: b.title, place: place(path), details });
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
  const optionTitles: Record<string, string> = {};
  const branches = declared.oneOf ?? declared.anyOf ?? (isObject(declared.items) ? (dereference(root, declared.items).oneOf ?? dereference(root, declared.items).anyOf) : undefined);
  if (isChoiceList(branches)) for (const b of branches) if (typeof b.title === "string") optionTitles[JSON.stringify(b.const)] = b.title;
  const bounds: Record<string, unknown> = {};
  for (const keyword of BOUND_KEYWORDS) {
    // A bound written beside the $ref wins over the referenced one, as rjsf shows it.
    const value = schema[keyword] ?? declared[keyword];
    if (value !== undefined) bounds[keyword] = value;
  }
  const type = Array.isArray(declared.type) ? declared.type.join("|") : typeof declared.type === "string" ? declared.type : "any";
  return { title: titleOf(root, schema) ?? "(senza titolo)", type, options, optionTitles, required, bounds };
}

/** What a field is, in the admin's words: "testo, obbligatorio", "scelta", "data". */
function describeShape(shape: FieldShape): string {
  return `${kindOf(shape)}${shape.required ? ", obbligatorio" : ""}`;
}

function kindOf(shape: FieldShape): string {
  if (shape.type === "array" && Object.keys(shape.optionTitles).length) return "scelta multipla";
  if (shape.options.length) return "scelta";
  const format = FORMAT_LABELS[String(shape.bounds.format)];
  if (shape.type === "string" && format) return format;
  return shape.type
    .split("|")
    .map((t) => TYPE_LABELS[t] ?? t)
    .join(" o ");
}

function optionList(shape: FieldShape, values: string[]): string {
  return values.map((v) => `«${shape.optionTitles[v] ?? JSON.parse(v)}»`).join(", ");
}

function boundValue(keyword: string, value: unknown): string {
  if (value === undefined) return "nessuno";
  if (typeof value === "boolean") return value ? "sì" : "no";
  if (keyword === "format") return FORMAT_LABELS[String(value)] ?? String(value);
  return typeof value === "string" ? `«${value}»` : String(value);
}

function compareShapes(a: FieldShape, b: FieldShape): string[] {
  const details: string[] = [];
  if (a.title !== b.title) details.push(`titolo: «${a.title}» → «${b.title}»`);
  if (kindOf(a) !== kindOf(b)) details.push(`tipo: ${kindOf(a)} → ${kindOf(b)}`);
  if (a.required !== b.required) details.push(b.required ? "ora obbligatorio" : "non più obbligatorio");
  const added = b.options.filter((o) => !a.options.includes(o));
  const removed = a.options.filter((o) => !b.options.includes(o));
  if (added.length) details.push(`opzioni aggiunte: ${optionList(b, added)}`);
  if (removed.length) details.push(`opzioni tolte: ${optionList(a, removed)}`);
  for (const keyword of BOUND_KEYWORDS) {
    const before = a.bounds[keyword];
    const after = b.bounds[keyword];
    // A format that changes the kind (text → date) was said already.
    if (keyword === "format" && kindOf(a) !== kindOf(b)) continue;
    if (JSON.stringify(before) !== JSON.stringify(after)) details.push(`${BOUND_LABELS[keyword]}: ${boundValue(keyword, before)} → ${boundValue(keyword, after)}`);
  }
  return details;
}
