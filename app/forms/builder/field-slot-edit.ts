import { isObject, type JsonSchema } from "../schema/json-schema";
import { conditionEntry, readConditionEntry } from "./condition";
import type { Container, UiSchema } from "./document";
import { fieldSlots, requiredList, tidyContainer } from "./locate";

/** A field lifted out of its container, with what goes with it. */
export interface DetachedField {
  key: string;
  definition: JsonSchema;
  required: boolean;
  ui: UiSchema | undefined;
}

/**
 * Removes a field from a container (its declaration, required entry, uiSchema
 * node and place in `ui:order`) and returns it. A conditional field leaves with
 * its definition only; its condition stays behind for the caller to decide.
 */
export function detachField(container: Container, key: string): DetachedField {
  const slot = fieldSlots(container.schema).get(key)!;
  if (slot.kind === "property") {
    delete (container.schema.properties as Record<string, unknown>)[key];
    if (Array.isArray(container.schema.required)) container.schema.required = container.schema.required.filter((k) => k !== key);
  } else {
    (container.schema.allOf as unknown[]).splice(slot.index, 1);
  }
  tidyContainer(container.schema);
  const ui = isObject(container.ui[key]) ? (container.ui[key] as UiSchema) : undefined;
  delete container.ui[key];
  const order = container.ui["ui:order"];
  if (Array.isArray(order)) container.ui["ui:order"] = order.filter((k) => k !== key);
  return { key, definition: slot.definition, required: slot.required, ui };
}

/** Declares a field as a plain property of the container, at `index` of its `ui:order` (which must exist). */
export function attachField(container: Container, field: DetachedField, index: number): void {
  if (!isObject(container.schema.properties)) container.schema.properties = {};
  (container.schema.properties as Record<string, unknown>)[field.key] = field.definition;
  if (field.required) requiredList(container.schema).push(field.key);
  if (field.ui && Object.keys(field.ui).length) container.ui[field.key] = field.ui;
  const order = container.ui["ui:order"] as string[];
  order.splice(Math.max(0, Math.min(index, order.length)), 0, field.key);
}

/** Sets whether a field must be answered, wherever it is declared. */
export function setRequired(container: Container, key: string, required: boolean): void {
  const slot = fieldSlots(container.schema).get(key)!;
  if (slot.kind === "conditional") {
    const entry = readConditionEntry((container.schema.allOf as unknown[])[slot.index])!;
    (container.schema.allOf as unknown[])[slot.index] = conditionEntry({ ...entry, required });
    return;
  }
  const list = requiredList(container.schema);
  if (required && !list.includes(key)) list.push(key);
  if (!required) container.schema.required = list.filter((k) => k !== key);
  tidyContainer(container.schema);
}
