import draft07 from "ajv/dist/refs/json-schema-draft-07.json";
import { escapePointerToken, isObject, type JsonSchema } from "./json-schema";
import { COMPUTED_KEYWORD } from "./computed";

/**
 * Every place of a document that holds a sub-schema, found by the draft-07
 * meta-schema's own structure rather than a list of known keywords: a
 * keyword whose meta-schema is `{"$ref": "#"}` holds one schema,
 * `schemaArray` a list, an object with `additionalProperties: {"$ref": "#"}`
 * a map of schemas, `anyOf` the shapes it lists. So `items` (one schema or a
 * list), `dependencies` (schemas or lists of names) and every keyword the
 * meta-schema declares are covered without naming them here.
 *
 * One addition: ajv also treats `$defs` (draft 2019-09) as a map of
 * definitions in draft-07 documents and follows `#/$defs/…` references into
 * it, so it is walked like `definitions`.
 */
export interface SchemaPosition {
  /** The sub-schema itself: an object, or `true`/`false`. */
  node: JsonSchema | boolean;
  pointer: string;
  /** Inside `if`, `not`, `contains` or `propertyNames`: a test on data, not a field people fill in. */
  condition: boolean;
}

/** A piece of the meta-schema; `true` (e.g. `default`, `const`) holds no sub-schema. */
type MetaFragment = Record<string, unknown> | boolean;

const META_DEFINITIONS = draft07.definitions as Record<string, MetaFragment>;

/** The meta-schema fragment of each keyword of a schema object, `$defs` included (see above). */
export const KEYWORD_META: Readonly<Record<string, MetaFragment>> = {
  ...(draft07.properties as unknown as Record<string, MetaFragment>),
  $defs: draft07.properties.definitions as MetaFragment,
  // Schedario's own annotation (ADR 0013): holds a rule, not a sub-schema; computed-lint checks it.
  [COMPUTED_KEYWORD]: { type: "object" } as MetaFragment,
};

/** Keywords whose sub-schemas test data rather than declare fields. */
const CONDITION_KEYWORDS = new Set(["if", "not", "contains", "propertyNames"]);

/** Every sub-schema of `root` (root included), depth first, in document order. */
export function schemaPositions(root: unknown): SchemaPosition[] {
  const out: SchemaPosition[] = [];
  const visitSchema = (node: unknown, pointer: string, condition: boolean): void => {
    if (typeof node === "boolean") {
      out.push({ node, pointer, condition });
      return;
    }
    if (!isObject(node)) return;
    out.push({ node, pointer, condition });
    for (const [keyword, value] of Object.entries(node)) {
      const meta = Object.hasOwn(KEYWORD_META, keyword) ? KEYWORD_META[keyword] : undefined;
      if (meta !== undefined) visitByMeta(meta, value, `${pointer}/${escapePointerToken(keyword)}`, condition || CONDITION_KEYWORDS.has(keyword));
    }
  };
  /** Walks `value` as the meta-schema fragment describes it, reaching each place that is itself a schema (`$ref: "#"`). */
  const visitByMeta = (meta: MetaFragment, value: unknown, pointer: string, condition: boolean): void => {
    if (typeof meta === "boolean") return;
    if (typeof meta.$ref === "string") {
      if (meta.$ref === "#") return visitSchema(value, pointer, condition);
      const name = meta.$ref.replace("#/definitions/", "");
      const target = META_DEFINITIONS[name];
      if (target) visitByMeta(target, value, pointer, condition);
      return;
    }
    if (Array.isArray(meta.anyOf)) {
      // Each branch only descends into values of its own shape, so trying all of them is safe.
      for (const branch of meta.anyOf as MetaFragment[]) visitByMeta(branch, value, pointer, condition);
      return;
    }
    const items = meta.items;
    if (meta.type === "array" && Array.isArray(value) && isObject(items)) {
      value.forEach((item, i) => visitByMeta(items, item, `${pointer}/${i}`, condition));
    } else if (meta.type === "object" && isObject(value) && isObject(meta.additionalProperties)) {
      for (const [name, entry] of Object.entries(value)) {
        visitByMeta(meta.additionalProperties, entry, `${pointer}/${escapePointerToken(name)}`, condition);
      }
    }
  };
  visitSchema(root, "", false);
  return out;
}

/** The object positions only (`true`/`false` schemas need no checks). */
export function objectPositions(positions: readonly SchemaPosition[]): { node: JsonSchema; pointer: string; condition: boolean }[] {
  return positions.filter((p): p is SchemaPosition & { node: JsonSchema } => isObject(p.node));
}
