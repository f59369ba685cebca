import { isObject, type JsonSchema } from "../schema/json-schema";
import { BuilderError, cloneDocument, jsonEqual, uiChild, type FieldPath, type FormDocument, type UiSchema } from "./document";
import { setRequired } from "./field-slot-edit";
import { detectFieldKind } from "./field-kind";
import { containerAt, fieldSlots, getSlot } from "./locate";
import { conditionValues } from "./operations";
import type { FieldKind } from "./palette";
import { SAFE_PATTERNS, type SafePatternName } from "./safe-patterns";

/** One option of a choice: the code stored in the data and the label people see. */
export interface ChoiceOption {
  code: string | number;
  label: string;
}

/**
 * Changes to a field's properties; a key left out is left alone, `null`
 * removes the keyword. Which keys a kind accepts is in PATCH_KEYS.
 */
export interface FieldPatch {
  title?: string;
  description?: string | null;
  required?: boolean;
  default?: unknown;
  minimum?: number | null;
  maximum?: number | null;
  minLength?: number | null;
  maxLength?: number | null;
  minItems?: number | null;
  maxItems?: number | null;
  pattern?: SafePatternName | null;
  options?: ChoiceOption[];
  widget?: string | null;
}

const TEXT: (keyof FieldPatch)[] = ["default", "minLength", "maxLength"];
const NUMBER: (keyof FieldPatch)[] = ["default", "minimum", "maximum"];

/** The properties the panel offers for each kind (besides title, description and required). */
export const PATCH_KEYS: Record<FieldKind, (keyof FieldPatch)[]> = {
  shortText: [...TEXT, "pattern", "widget"],
  longText: [...TEXT, "widget"],
  email: TEXT,
  phone: TEXT,
  codiceFiscale: ["default"],
  number: NUMBER,
  integer: NUMBER,
  date: ["default"],
  singleChoice: ["default", "options", "widget"],
  multipleChoice: ["options", "minItems", "maxItems"],
  yesNo: ["default", "widget"],
  rating: ["default", "options", "widget"],
  section: [],
  group: ["minItems", "maxItems"],
  explanation: [],
};

/** The widgets a kind may choose between (ui:widget values; "" is rjsf's default). */
export const WIDGETS: Partial<Record<FieldKind, { value: string; label: string }[]>> = {
  shortText: [
    { value: "", label: "Riga di testo" },
    { value: "textarea", label: "Area di testo" },
  ],
  longText: [
    { value: "textarea", label: "Area di testo" },
    { value: "", label: "Riga di testo" },
  ],
  singleChoice: [
    { value: "radio", label: "Pulsanti di opzione" },
    { value: "select", label: "Menu a tendina" },
  ],
  rating: [
    { value: "radio", label: "Pulsanti di opzione" },
    { value: "select", label: "Menu a tendina" },
  ],
  yesNo: [
    { value: "radio", label: "Pulsanti di opzione" },
    { value: "select", label: "Menu a tendina" },
  ],
};

/** Applies a FieldPatch, after checking every value (Italian messages). */
export function updateField(doc: FormDocument, path: FieldPath, patch: FieldPatch): FormDocument {
  const original = getSlot(doc, path);
  const key = path.at(-1)!;
  const next = cloneDocument(doc);
  const container = containerAt(next, path.slice(0, -1), true);
  const slot = fieldSlots(container.schema).get(key)!;
  const def = slot.definition;
  const ui = isObject(container.ui[key]) ? (container.ui[key] as UiSchema) : undefined;
  const kind = detectFieldKind(def, ui);
  if (!kind) throw new BuilderError("questo campo si modifica solo nella scheda JSON");
  const allowed = new Set<keyof FieldPatch>(["title", "description", ...PATCH_KEYS[kind]]);
  if (kind !== "explanation") allowed.add("required");
  for (const name of Object.keys(patch) as (keyof FieldPatch)[]) {
    if (!allowed.has(name)) throw new BuilderError(`la proprietà "${name}" non si applica a un campo di questo tipo`);
  }

  if (patch.title !== undefined) {
    if (!patch.title.trim()) throw new BuilderError("il titolo è obbligatorio");
    def.title = patch.title;
  }
  if (patch.description !== undefined) setOrDelete(def, "description", patch.description?.trim() ? patch.description : null);
  for (const name of ["minimum", "maximum"] as const) if (patch[name] !== undefined) setOrDelete(def, name, checkNumber(patch[name], name));
  for (const name of ["minLength", "maxLength", "minItems", "maxItems"] as const) {
    if (patch[name] !== undefined) setOrDelete(def, name, checkCount(patch[name], name));
  }
  checkBounds(def);
  if (patch.pattern !== undefined) {
    if (patch.pattern !== null && !Object.hasOwn(SAFE_PATTERNS, patch.pattern)) {
      throw new BuilderError(`formato "${patch.pattern}" non ammesso: scegliere uno dei formati dell'elenco`);
    }
    setOrDelete(def, "pattern", patch.pattern === null ? null : SAFE_PATTERNS[patch.pattern].pattern);
  }
  if (patch.options !== undefined) setOptions(def, kind, patch.options);
  if (patch.widget !== undefined) setWidget(container.ui, key, kind, patch.widget);
  if (Object.hasOwn(patch, "default")) setOrDelete(def, "default", patch.default === undefined || patch.default === "" ? null : patch.default);
  if (def.default !== undefined) checkDefault(def, kind);
  if (patch.required !== undefined && patch.required !== original.required) setRequired(container, key, patch.required);
  checkConditionsStillHold(container.schema, key);
  return next;
}

function setOrDelete(def: JsonSchema, name: string, value: unknown): void {
  if (value === null || value === undefined) delete def[name];
  else def[name] = value;
}

function checkNumber(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value)) throw new BuilderError(`${LABELS[name]}: inserire un numero`);
  return value;
}

function checkCount(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) throw new BuilderError(`${LABELS[name]}: inserire un numero intero non negativo`);
  return value;
}

const LABELS: Record<string, string> = {
  minimum: "valore minimo",
  maximum: "valore massimo",
  minLength: "lunghezza minima",
  maxLength: "lunghezza massima",
  minItems: "numero minimo di elementi",
  maxItems: "numero massimo di elementi",
};

function checkBounds(def: JsonSchema): void {
  for (const [low, high] of [["minimum", "maximum"], ["minLength", "maxLength"], ["minItems", "maxItems"]] as const) {
    if (typeof def[low] === "number" && typeof def[high] === "number" && (def[low] as number) > (def[high] as number)) {
      throw new BuilderError(`${LABELS[low]} maggiore del ${LABELS[high]}`);
    }
  }
}

function setOptions(def: JsonSchema, kind: FieldKind, options: ChoiceOption[]): void {
  if (options.length === 0) throw new BuilderError("serve almeno un'opzione");
  const codes = new Set<string>();
  for (const [i, option] of options.entries()) {
    const n = i + 1;
    if (!option.label.trim()) throw new BuilderError(`opzione ${n}: l'etichetta è obbligatoria`);
    if (kind === "rating" ? !Number.isInteger(option.code) : typeof option.code !== "string" || !option.code.trim()) {
      throw new BuilderError(`opzione ${n}: ${kind === "rating" ? "il codice deve essere un numero intero" : "il codice è obbligatorio"}`);
    }
    if (codes.has(String(option.code))) throw new BuilderError(`opzione ${n}: il codice ${JSON.stringify(option.code)} è ripetuto`);
    codes.add(String(option.code));
  }
  const oneOf = options.map((o) => ({ const: o.code, title: o.label }));
  if (kind === "multipleChoice") (def.items as JsonSchema).oneOf = oneOf;
  else def.oneOf = oneOf;
}

function setWidget(ui: UiSchema, key: string, kind: FieldKind, widget: string | null): void {
  const choices = WIDGETS[kind] ?? [];
  if (widget !== null && !choices.some((c) => c.value === widget)) throw new BuilderError(`aspetto "${widget}" non disponibile per questo campo`);
  const node = uiChild(ui, key);
  if (widget) node["ui:widget"] = widget;
  else delete node["ui:widget"];
  if (Object.keys(node).length === 0) delete ui[key];
}

/** A default must be a value the field accepts, or every new form would start invalid. */
function checkDefault(def: JsonSchema, kind: FieldKind): void {
  const value = def.default;
  const fail = (why: string) => {
    throw new BuilderError(`valore predefinito non valido: ${why}`);
  };
  const values = conditionValues(def);
  if (values) {
    if (!values.some((v) => jsonEqual(v.value, value))) fail("deve essere una delle opzioni");
    return;
  }
  if (kind === "number" || kind === "integer") {
    if (typeof value !== "number" || !Number.isFinite(value) || (kind === "integer" && !Number.isInteger(value))) fail("inserire un numero");
    if (typeof def.minimum === "number" && (value as number) < def.minimum) fail("minore del minimo");
    if (typeof def.maximum === "number" && (value as number) > def.maximum) fail("maggiore del massimo");
    return;
  }
  if (typeof value !== "string") return fail("inserire un testo");
  if (kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail("inserire una data nel formato AAAA-MM-GG");
  if (typeof def.maxLength === "number" && value.length > def.maxLength) fail("più lungo della lunghezza massima");
  if (typeof def.minLength === "number" && value.length < def.minLength) fail("più corto della lunghezza minima");
  if (typeof def.pattern === "string" && !new RegExp(def.pattern, "u").test(value)) fail("non rispetta il formato richiesto");
  if (kind === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) fail("inserire un indirizzo e-mail");
}

/** Options of a field that conditions test must keep the tested values. */
function checkConditionsStillHold(container: JsonSchema, key: string): void {
  const slots = fieldSlots(container);
  const values = conditionValues(slots.get(key)!.definition);
  for (const slot of slots.values()) {
    if (slot.kind !== "conditional" || slot.condition.field !== key) continue;
    if (!values?.some((v) => jsonEqual(v.value, slot.condition.value))) {
      throw new BuilderError(`il campo "${slot.key}" è mostrato in base al valore ${JSON.stringify(slot.condition.value)} di questo campo: non eliminare quell'opzione`);
    }
  }
}
