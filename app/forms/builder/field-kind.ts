import { isChoiceList, isObject, type JsonSchema } from "../schema/json-schema";
import type { UiSchema } from "./document";
import type { FieldKind } from "./palette";
import { SAFE_PATTERNS } from "./safe-patterns";

/**
 * The palette kind a field definition has, or undefined when the visual
 * editor cannot express it (a `$ref`, `enum`, `anyOf`, a tuple…): such a
 * field is shown read-only and kept exactly as it is.
 */
export function detectFieldKind(definition: JsonSchema, ui: UiSchema | undefined): FieldKind | undefined {
  if ("$ref" in definition || "enum" in definition || "anyOf" in definition) return undefined;
  // A section keeps its conditions and rules in allOf; on any other field allOf is beyond the palette.
  if ("allOf" in definition && definition.type !== "object") return undefined;
  const choices = isChoiceList(definition.oneOf) ? definition.oneOf : undefined;
  if (definition.oneOf !== undefined && !choices) return undefined;
  switch (definition.type) {
    case "null":
      return "explanation";
    case "object":
      return isObject(definition.properties) ? "section" : undefined;
    case "array":
      return arrayKind(definition);
    case "boolean":
      return choices && choices.length === 2 && choices.every((c) => typeof c.const === "boolean") ? "yesNo" : undefined;
    case "integer":
      if (choices) return choices.every((c) => Number.isInteger(c.const)) ? "rating" : undefined;
      return "integer";
    case "number":
      return choices ? undefined : "number";
    case "string":
      return stringKind(definition, ui, Boolean(choices));
    default:
      return undefined;
  }
}

function arrayKind(definition: JsonSchema): FieldKind | undefined {
  const items = definition.items;
  if (!isObject(items) || "$ref" in items) return undefined;
  if (items.type === "object" && isObject(items.properties)) return "group";
  if (items.type === "string" && isChoiceList(items.oneOf) && definition.uniqueItems === true) return "multipleChoice";
  return undefined;
}

function stringKind(definition: JsonSchema, ui: UiSchema | undefined, hasChoices: boolean): FieldKind | undefined {
  if (hasChoices) return choicesAreStrings(definition) ? "singleChoice" : undefined;
  if (definition.format === "date") return "date";
  if (definition.format === "email") return "email";
  if (definition.format !== undefined) return undefined;
  if (definition.pattern === SAFE_PATTERNS.telefono.pattern) return "phone";
  if (definition.pattern === SAFE_PATTERNS.codiceFiscale.pattern) return "codiceFiscale";
  return ui?.["ui:widget"] === "textarea" ? "longText" : "shortText";
}

function choicesAreStrings(definition: JsonSchema): boolean {
  return (definition.oneOf as JsonSchema[]).every((c) => typeof c.const === "string");
}
