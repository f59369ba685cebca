import { isObject, type JsonSchema } from "../schema/json-schema";
import type { FieldCondition } from "./condition";
import { readConditionEntry } from "./condition";
import type { FieldPath, FormDocument, UiSchema } from "./document";
import { detectFieldKind } from "./field-kind";
import { containerAt, displayOrder, fieldSlots, isContainerField, slotTitle } from "./locate";
import type { FieldKind } from "./palette";

/** One field as the visual editor lists it. */
export interface FieldNode {
  key: string;
  path: FieldPath;
  /** undefined: a construct the visual editor cannot express, shown read-only. */
  kind: FieldKind | undefined;
  title: string;
  required: boolean;
  condition?: FieldCondition;
  /** Fields of a section or repeatable group, in display order. */
  children?: FieldNode[];
  /** allOf entries of a section or group that are not builder conditions (kept, read-only). */
  advancedRules?: number;
}

/** The fields of a container (the root for []), in the order the form shows them. */
export function readFieldTree(doc: FormDocument, path: FieldPath = []): FieldNode[] {
  const container = containerAt(doc, path);
  const slots = fieldSlots(container.schema);
  return displayOrder(container).map((key) => {
    const slot = slots.get(key)!;
    const ui = isObject(container.ui[key]) ? (container.ui[key] as UiSchema) : undefined;
    const childPath = [...path, key];
    const node: FieldNode = {
      key,
      path: childPath,
      kind: detectFieldKind(slot.definition, ui),
      title: slotTitle(doc.schema, slot),
      required: slot.required,
    };
    if (slot.kind === "conditional") node.condition = slot.condition;
    if (node.kind && isContainerField(slot.definition)) {
      node.children = readFieldTree(doc, childPath);
      node.advancedRules = countAdvancedRules(containerAt(doc, childPath).schema);
    }
    return node;
  });
}

/** allOf entries of a container that the builder did not write (e.g. "required when…" rules of the built-in forms). */
export function countAdvancedRules(container: JsonSchema): number {
  return Array.isArray(container.allOf) ? container.allOf.filter((e) => !readConditionEntry(e)).length : 0;
}
