import { escapePointerToken, isChoiceList, isObject, titleOf, type JsonSchema } from "./json-schema";
import { objectPositions, schemaPositions, type SchemaPosition } from "./schema-walk";

/** A title filled in by `fillTitlesFromKeys`: where (JSON pointer into the schema) and what. */
export interface FilledTitle {
  pointer: string;
  title: string;
}

/** A field or choice option without a title, as lint reports it and `fillTitlesFromKeys` fills it. */
export type MissingTitle =
  | { kind: "field"; pointer: string; key: string; schema: JsonSchema }
  | { kind: "option"; pointer: string; value: unknown; schema: JsonSchema };

/**
 * Every field (a property, wherever declared) and every choice option
 * (`oneOf`/`anyOf` of `const`) without a title; conditions (`if`, `not`,
 * `contains`, `propertyNames`) declare no fields and are skipped.
 */
export function findMissingTitles(root: unknown, positions: readonly SchemaPosition[]): MissingTitle[] {
  const missing: MissingTitle[] = [];
  for (const { node, pointer, condition } of objectPositions(positions)) {
    if (condition) continue;
    if (isObject(node.properties)) {
      for (const [key, property] of Object.entries(node.properties)) {
        if (isObject(property) && !titleOf(root, property)) missing.push({ kind: "field", pointer: `${pointer}/properties/${escapePointerToken(key)}`, key, schema: property });
      }
    }
    for (const keyword of ["oneOf", "anyOf"] as const) {
      const options = node[keyword];
      if (!isChoiceList(options)) continue;
      options.forEach((option, i) => {
        if (typeof option.title !== "string" || !option.title.trim()) missing.push({ kind: "option", pointer: `${pointer}/${keyword}/${i}`, value: option.const, schema: option });
      });
    }
  }
  return missing;
}

/**
 * Gives every field without a title one made from its key ("dataNascita",
 * "data_nascita" → "Data nascita"), and every choice option without a title
 * its value as text, wherever lint asks for one. For forms written
 * elsewhere, which often have none (`forms import --titles-from-keys`, the
 * builder's import): the caller says which titles were filled, so that
 * someone can reword them. The schema given is not changed; a copy is returned.
 */
export function fillTitlesFromKeys(schema: unknown): { schema: unknown; filled: FilledTitle[] } {
  const copy = structuredClone(schema);
  const missing = findMissingTitles(copy, schemaPositions(copy));
  const filled = missing.map((m) => {
    const title = m.kind === "field" ? titleFromKey(m.key) : typeof m.value === "string" ? m.value : JSON.stringify(m.value);
    m.schema.title = title;
    return { pointer: m.pointer, title };
  });
  return { schema: copy, filled };
}

/** "dataNascita", "data_nascita", "data-nascita" → "Data nascita"; acronyms ("CAP") stay as written. */
export function titleFromKey(key: string): string {
  const words = key
    .replace(/([a-zà-ÿ0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  const text = words.join(" ") || key;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
