/**
 * Small helpers over JSON Schema documents as plain data, shared by lint,
 * messages and diff. Schemas are untrusted input here: every access checks
 * the shape instead of trusting a type.
 */

/** A JSON Schema object (draft-07), as parsed JSON. */
export type JsonSchema = { [keyword: string]: unknown };

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One reference token of a JSON pointer, escaped (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Splits a JSON pointer ("/a/b~1c") into its unescaped tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The value at a JSON pointer inside a document, or undefined. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
  }
  return node;
}

/** The schema a local `$ref` ("#/definitions/x") points to, or undefined (remote or dangling). */
export function resolveLocalRef(root: unknown, ref: string): JsonSchema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  const target = valueAtPointer(root, pointer);
  return isObject(target) ? target : undefined;
}

/**
 * Follows a chain of local `$ref`s to the schema that declares something.
 * Bounded, so that a cycle of pure references (refused by lint) cannot hang a caller.
 */
export function dereference(root: unknown, schema: JsonSchema): JsonSchema {
  let node = schema;
  for (let hops = 0; hops < 32 && typeof node.$ref === "string"; hops++) {
    const next = resolveLocalRef(root, node.$ref);
    if (!next) break;
    node = next;
  }
  return node;
}

/** The human title of a field: its own, else the one of the schema its `$ref` points to. */
export function titleOf(root: unknown, schema: JsonSchema): string | undefined {
  if (typeof schema.title === "string" && schema.title.trim()) return schema.title;
  const target = dereference(root, schema);
  return typeof target.title === "string" && target.title.trim() ? target.title : undefined;
}

/** True when a oneOf/anyOf list is a list of choices (`const` + `title`), the way Schedario writes options. */
export function isChoiceList(branches: unknown): branches is JsonSchema[] {
  return Array.isArray(branches) && branches.length > 0 && branches.every((b) => isObject(b) && "const" in b);
}

/** The values a list of choices allows (its oneOf/anyOf `const`s, or its `enum`); [] for any other field. */
export function choiceValues(root: unknown, schema: JsonSchema): unknown[] {
  const declared = dereference(root, schema);
  const choices = declared.oneOf ?? declared.anyOf;
  if (isChoiceList(choices)) return choices.map((c) => c.const);
  return Array.isArray(declared.enum) ? declared.enum : [];
}

/** The sub-schema describing the data at `pointer` (a path into data), following properties (also in branches) and items. */
export function schemaForDataPointer(root: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: JsonSchema = root;
  for (const token of pointerTokens(pointer)) {
    const declared = dereference(root, node);
    const property = declaredProperties(root, node).get(token);
    if (property) node = property;
    else if (isObject(declared.items) && /^\d+$/.test(token)) node = declared.items;
    else return undefined;
  }
  return node;
}

/**
 * The fields a schema declares, by name: its own `properties` (after `$ref`)
 * and those of its allOf/anyOf/oneOf, if/then/else and dependencies branches,
 * where rjsf also finds fields. The first declaration of a name wins.
 */
export function declaredProperties(root: unknown, schema: JsonSchema): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  const add = (s: unknown, depth: number) => {
    // Bounded: branches may refer back to the schema itself.
    if (!isObject(s) || depth > 8) return;
    const d = dereference(root, s);
    if (isObject(d.properties)) for (const [k, v] of Object.entries(d.properties)) if (isObject(v) && !out.has(k)) out.set(k, v);
    for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(d[k])) for (const b of d[k] as unknown[]) add(b, depth + 1);
    for (const k of ["then", "else"]) add(d[k], depth + 1);
    if (isObject(d.dependencies)) for (const dep of Object.values(d.dependencies)) add(dep, depth + 1);
  };
  add(schema, 0);
  return out;
}

/**
 * Field keys in the order a form shows them: rjsf's `ui:order` (its "*" stands
 * for every key it does not list, in declaration order), keys it does not
 * list at the end when it has no "*", names of fields that do not exist
 * ignored. Without a `ui:order`, the keys as they are. jsonb does not keep the
 * key order of objects, so `ui:order` is the one reliable order of a stored form.
 */
export function orderedKeys(keys: readonly string[], uiOrder: unknown): string[] {
  if (!Array.isArray(uiOrder)) return [...keys];
  const listed = uiOrder.filter((k): k is string => typeof k === "string" && (k === "*" || keys.includes(k)));
  const rest = keys.filter((k) => !listed.includes(k));
  const star = listed.indexOf("*");
  if (star === -1) return [...listed, ...rest];
  return [...listed.slice(0, star), ...rest, ...listed.slice(star + 1)].filter((k) => k !== "*");
}
