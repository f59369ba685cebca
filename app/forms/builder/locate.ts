import { isObject, orderedKeys, titleOf, type JsonSchema } from "../schema/json-schema";
import { readConditionEntry, type ConditionalField } from "./condition";
import { BuilderError, uiChild, type Container, type FieldPath, type FormDocument, type UiSchema } from "./document";

/** Where a field is declared in its container: `properties`, or a condition entry of `allOf`. */
export type FieldSlot =
  | { kind: "property"; key: string; definition: JsonSchema; required: boolean }
  | ({ kind: "conditional"; index: number } & ConditionalField);

/** The title people see for a field (following a `$ref`), or its key when it has none. */
export function slotTitle(root: JsonSchema, slot: FieldSlot): string {
  return titleOf(root, slot.definition) ?? slot.key;
}

/** The fields of a container, by key, in declaration order (properties first, then conditional ones). */
export function fieldSlots(container: JsonSchema): Map<string, FieldSlot> {
  const slots = new Map<string, FieldSlot>();
  const required = Array.isArray(container.required) ? container.required : [];
  if (isObject(container.properties)) {
    for (const [key, definition] of Object.entries(container.properties)) {
      if (isObject(definition)) slots.set(key, { kind: "property", key, definition, required: required.includes(key) });
    }
  }
  if (Array.isArray(container.allOf)) {
    container.allOf.forEach((entry, index) => {
      const conditional = readConditionEntry(entry);
      if (conditional && !slots.has(conditional.key)) slots.set(conditional.key, { kind: "conditional", index, ...conditional });
    });
  }
  return slots;
}

/** The field at `path`; throws a BuilderError when there is none. */
export function getSlot(doc: FormDocument, path: FieldPath): FieldSlot {
  const container = containerAt(doc, path.slice(0, -1));
  const slot = fieldSlots(container.schema).get(path.at(-1)!);
  if (!slot) throw new BuilderError(`il campo "${path.join(" › ")}" non esiste`);
  return slot;
}

/** True for a section (object) or a repeatable group (array of objects) the builder can open. */
export function isContainerField(definition: JsonSchema): boolean {
  if (typeof definition.$ref === "string") return false;
  if (definition.type === "object") return true;
  return definition.type === "array" && isObject(definition.items) && definition.items.type === "object" && typeof definition.items.$ref !== "string";
}

/**
 * The container at `path` (the root for []). `create` adds missing uiSchema
 * nodes, which only an operation on a cloned document may ask for.
 */
export function containerAt(doc: FormDocument, path: FieldPath, create = false): Container {
  let schema = doc.schema;
  let ui: UiSchema = doc.uiSchema;
  for (const key of path) {
    const slot = fieldSlots(schema).get(key);
    if (!slot || !isContainerField(slot.definition)) throw new BuilderError(`"${key}" non è una sezione o un gruppo ripetibile`);
    const childUi = create ? uiChild(ui, key) : isObject(ui[key]) ? (ui[key] as UiSchema) : {};
    if (slot.definition.type === "array") {
      schema = slot.definition.items as JsonSchema;
      ui = create ? uiChild(childUi, "items") : isObject(childUi.items) ? (childUi.items as UiSchema) : {};
    } else {
      schema = slot.definition;
      ui = childUi;
    }
  }
  return { schema, ui };
}

/** The order a form shows a container's fields in, as rjsf computes it from `ui:order` (with its "*"). */
export function displayOrder(container: Container): string[] {
  return orderedKeys([...fieldSlots(container.schema).keys()], container.ui["ui:order"]);
}

/**
 * Writes the displayed order into `ui:order` and returns that array: the
 * database keeps no key order of objects (jsonb), so a container the builder
 * changes always carries its order explicitly.
 */
export function ensureOrder(container: Container): string[] {
  const order = displayOrder(container);
  container.ui["ui:order"] = order;
  return order;
}

/** The `required` array of a container, created when missing. */
export function requiredList(schema: JsonSchema): string[] {
  if (!Array.isArray(schema.required)) schema.required = [];
  return schema.required as string[];
}

/** Removes empty `required` / `allOf` / `properties`-less leftovers an operation may have produced. */
export function tidyContainer(schema: JsonSchema): void {
  if (Array.isArray(schema.required) && schema.required.length === 0) delete schema.required;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 0) delete schema.allOf;
}
