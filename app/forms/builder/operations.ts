import { computedInputs, findComputedFields } from "../schema/computed";
import { escapePointerToken, isObject, schemaForDataPointer, titleOf } from "../schema/json-schema";
import { conditionEntry, readConditionEntry, type FieldCondition } from "./condition";
import { BuilderError, cloneDocument, jsonEqual, type FieldPath, type FormDocument } from "./document";
import { attachField, detachField } from "./field-slot-edit";
import { checkNewFieldKey, uniqueFieldKey } from "./field-key";
import { containerAt, displayOrder, ensureOrder, fieldSlots, getSlot, requiredList } from "./locate";
import { FIELD_KIND_KEYS, FIELD_KIND_LABELS, newField, type FieldKind } from "./palette";
import { pruneRule, renameInRule, renameObjectKey, ruleMentions, updateDependencies } from "./rules";

/**
 * The schema operations of the visual editor (issue 6). Each one takes a
 * document and returns a new one (the input is never changed, so undo keeps
 * it), or throws a BuilderError with an Italian message and changes nothing.
 * Every result passes lint (tests in operations.test.ts).
 */

export interface EditResult {
  doc: FormDocument;
  /** The path of the field the operation created, moved or renamed. */
  path: FieldPath;
}

/** Adds a new field of a palette kind to a container, at `index` of its order (default: last). */
export function addField(doc: FormDocument, containerPath: FieldPath, kind: FieldKind, index?: number): EditResult {
  const next = cloneDocument(doc);
  const container = containerAt(next, containerPath, true);
  const key = uniqueFieldKey(next.schema, container.schema, FIELD_KIND_KEYS[kind]);
  const { definition, ui } = newField(kind, `${FIELD_KIND_LABELS[kind]} ${key.match(/\d+$/)![0]}`);
  const order = ensureOrder(container);
  attachField(container, { key, definition, required: false, ui }, index ?? order.length);
  return { doc: next, path: [...containerPath, key] };
}

/** Moves a field up (-1) or down (+1) among its siblings. */
export function moveFieldBy(doc: FormDocument, path: FieldPath, delta: -1 | 1): EditResult {
  const order = displayOrder(containerAt(doc, path.slice(0, -1)));
  const index = order.indexOf(path.at(-1)!) + delta;
  if (index < 0 || index >= order.length) throw new BuilderError(delta < 0 ? "il campo è già il primo" : "il campo è già l'ultimo");
  return moveField(doc, path, path.slice(0, -1), index);
}

/**
 * Moves a field to position `index` of a container (the same one, or another
 * section or group). A field that has a condition, or that a condition or
 * rule of its section uses, stays in its section: the condition would point
 * at nothing.
 */
export function moveField(doc: FormDocument, path: FieldPath, targetPath: FieldPath, index: number): EditResult {
  getSlot(doc, path);
  const key = path.at(-1)!;
  const sourcePath = path.slice(0, -1);
  const next = cloneDocument(doc);
  const source = containerAt(next, sourcePath, true);
  const sourceOrder = ensureOrder(source);
  if (jsonEqual(sourcePath, targetPath)) {
    sourceOrder.splice(sourceOrder.indexOf(key), 1);
    sourceOrder.splice(Math.max(0, Math.min(index, sourceOrder.length)), 0, key);
    return { doc: next, path };
  }
  if (targetPath.length >= path.length && jsonEqual(targetPath.slice(0, path.length), path)) {
    throw new BuilderError("una sezione non può essere spostata dentro se stessa");
  }
  const slot = fieldSlots(source.schema).get(key)!;
  if (slot.kind === "conditional") throw new BuilderError("togliere la condizione del campo prima di spostarlo in un'altra sezione");
  assertNotComputedInput(doc, path, "prima di spostarlo in un'altra sezione");
  if (usedByRules(source.schema, key)) {
    throw new BuilderError("il campo è usato da una condizione o da una regola della sua sezione: toglierla prima di spostarlo altrove");
  }
  const target = containerAt(next, targetPath, true);
  checkNewFieldKey(next.schema, target.schema, key);
  ensureOrder(target);
  attachField(target, detachField(source, key), index);
  return { doc: next, path: [...targetPath, key] };
}

/**
 * Removes a field with everything that names it: its required entry, uiSchema
 * and order; fields shown only when it had a value become always visible;
 * rules testing it are dropped, rules requiring it forget it.
 */
export function removeField(doc: FormDocument, path: FieldPath): FormDocument {
  getSlot(doc, path);
  assertNotComputedInput(doc, path, "prima di eliminarlo");
  const key = path.at(-1)!;
  const next = cloneDocument(doc);
  const container = containerAt(next, path.slice(0, -1), true);
  ensureOrder(container);
  detachField(container, key);
  const schema = container.schema;
  if (Array.isArray(schema.allOf)) {
    const freed: { key: string; definition: Record<string, unknown>; required: boolean }[] = [];
    schema.allOf = schema.allOf.flatMap((entry) => {
      const conditional = readConditionEntry(entry);
      if (conditional) {
        if (conditional.condition.field !== key) return [entry];
        freed.push(conditional);
        return [];
      }
      const pruned = pruneRule(entry, key);
      return pruned === undefined ? [] : [pruned];
    });
    for (const field of freed) {
      if (!isObject(schema.properties)) schema.properties = {};
      (schema.properties as Record<string, unknown>)[field.key] = field.definition;
      if (field.required) requiredList(schema).push(field.key);
    }
    if ((schema.allOf as unknown[]).length === 0) delete schema.allOf;
  }
  updateDependencies(schema, key, undefined);
  if (isObject(schema.dependencies) && Object.keys(schema.dependencies).length === 0) delete schema.dependencies;
  return next;
}

/** Gives a field a new key, everywhere the container names it. */
export function renameField(doc: FormDocument, path: FieldPath, newKey: string): EditResult {
  const key = path.at(-1)!;
  const slot = getSlot(doc, path);
  if (newKey === key) return { doc, path };
  assertNotComputedInput(doc, path, "prima di rinominarlo");
  const next = cloneDocument(doc);
  const container = containerAt(next, path.slice(0, -1), true);
  checkNewFieldKey(next.schema, container.schema, newKey);
  ensureOrder(container);
  const schema = container.schema;
  if (slot.kind === "property") schema.properties = renameObjectKey(schema.properties as Record<string, unknown>, key, newKey);
  if (Array.isArray(schema.required)) schema.required = schema.required.map((k) => (k === key ? newKey : k));
  if (Array.isArray(schema.allOf)) for (const entry of schema.allOf) renameInRule(entry, key, newKey);
  updateDependencies(schema, key, newKey);
  if (Object.hasOwn(container.ui, key)) {
    container.ui[newKey] = container.ui[key];
    delete container.ui[key];
  }
  container.ui["ui:order"] = (container.ui["ui:order"] as string[]).map((k) => (k === key ? newKey : k));
  return { doc: next, path: [...path.slice(0, -1), newKey] };
}

/**
 * Refuses an edit that would leave a computed field (ADR 0013) reading a field
 * that is no longer there: the field, or one inside it, is read by a computed
 * field elsewhere in the form. Computed fields are edited in the JSON tab.
 */
function assertNotComputedInput(doc: FormDocument, path: FieldPath, before: string): void {
  const pointer = path.map((k) => `/${escapePointerToken(k)}`).join("");
  const within = (p: string) => p === pointer || p.startsWith(`${pointer}/`);
  const reader = findComputedFields(doc.schema).find((f) => !within(f.pointer) && computedInputs(f.rule).some(within));
  if (!reader) return;
  const declared = schemaForDataPointer(doc.schema, reader.pointer);
  const title = (declared && titleOf(doc.schema, declared)) ?? reader.pointer;
  throw new BuilderError(`il campo serve a calcolare «${title}»: togliere o cambiare quel calcolo nella scheda JSON ${before}`);
}

/**
 * Shows a field only when a sibling choice field has (or has not) a value, as
 * an `allOf` entry with `if`/`then` (or `else`) declaring the field (ADR 0011);
 * `undefined` makes the field always visible again.
 */
export function setCondition(doc: FormDocument, path: FieldPath, condition: FieldCondition | undefined): FormDocument {
  const slot = getSlot(doc, path);
  const key = path.at(-1)!;
  if (condition) checkCondition(doc, path, condition);
  const next = cloneDocument(doc);
  const container = containerAt(next, path.slice(0, -1), true);
  ensureOrder(container);
  const order = [...(container.ui["ui:order"] as string[])];
  const field = detachField(container, key);
  if (condition) {
    const entry = conditionEntry({ condition, key, definition: field.definition, required: slot.required });
    const allOf = Array.isArray(container.schema.allOf) ? container.schema.allOf : (container.schema.allOf = []);
    allOf.push(entry);
    if (field.ui && Object.keys(field.ui).length) container.ui[key] = field.ui;
    container.ui["ui:order"] = order;
  } else {
    attachField(container, field, order.indexOf(key));
  }
  return next;
}

/** The values a field can take, when it is a choice the builder can test in a condition. */
export function conditionValues(definition: Record<string, unknown>): { value: unknown; label: string }[] | undefined {
  if (!Array.isArray(definition.oneOf) || definition.type === "array") return undefined;
  const options = definition.oneOf.filter(isObject);
  if (options.length !== definition.oneOf.length || !options.every((o) => "const" in o)) return undefined;
  return options.map((o) => ({ value: o.const, label: typeof o.title === "string" ? o.title : JSON.stringify(o.const) }));
}

function checkCondition(doc: FormDocument, path: FieldPath, condition: FieldCondition): void {
  const key = path.at(-1)!;
  const slots = fieldSlots(containerAt(doc, path.slice(0, -1)).schema);
  const trigger = slots.get(condition.field);
  if (!trigger) throw new BuilderError(`la condizione usa il campo "${condition.field}", che non esiste (più) in questa sezione`);
  if (condition.field === key) throw new BuilderError("un campo non può dipendere da se stesso");
  const values = conditionValues(trigger.definition);
  if (!values) throw new BuilderError(`la condizione può usare solo un campo a scelta singola, sì/no o una scala di valutazione ("${condition.field}" non lo è)`);
  if (!values.some((v) => jsonEqual(v.value, condition.value))) {
    throw new BuilderError(`il valore ${JSON.stringify(condition.value)} non è tra le opzioni del campo "${condition.field}"`);
  }
  // A chain of conditions leading back to this field would hide both forever.
  for (let at = trigger, hops = 0; at.kind === "conditional" && hops < 100; hops++) {
    if (at.condition.field === key) throw new BuilderError("condizione circolare: i due campi dipenderebbero l'uno dall'altro");
    const up = slots.get(at.condition.field);
    if (!up) break;
    at = up;
  }
}

/** True when a condition or rule of the container (or its dependencies) names the field. */
function usedByRules(container: Record<string, unknown>, key: string): boolean {
  const inAllOf = Array.isArray(container.allOf) && container.allOf.some((entry) => ruleMentions(entry, key));
  const inDeps = isObject(container.dependencies) && JSON.stringify(container.dependencies).includes(JSON.stringify(key));
  return inAllOf || inDeps;
}
