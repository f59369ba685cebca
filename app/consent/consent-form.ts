import { SAFE_PATTERNS } from "~/forms/builder/safe-patterns";
import { isChoiceList, isObject, type JsonSchema } from "~/forms/schema/json-schema";

/** A purpose of a consent form: a question offering both "acconsento" and "non acconsento". */
export interface Purpose {
  name: string;
  title: string;
}

/** One answer to one purpose, as given (value) and in words (label). */
export interface PurposeAnswer {
  purpose: string;
  title: string;
  /** The chosen option's value: "acconsento", "non-acconsento" or another option (e.g. "disposto-autorita"). */
  value: string;
  label: string;
}

/**
 * The questions of a consent form version, read from its schema and uiSchema,
 * for the family page. That page is plain HTML (it must work without
 * JavaScript on an old phone), so it does not use rjsf: each field kind a
 * consent form may hold becomes ordinary controls (issue 15). A field of a
 * kind not listed here cannot be shown: `unrenderableConsentFields` names it,
 * and lint and publishing refuse such a consent form.
 */
interface QuestionBase {
  /** The HTML name: the field's path in the data, joined with ".". */
  name: string;
  /** The field's path in the data (one key at the top level, more inside sections). */
  path: string[];
  title: string;
  description?: string;
  required: boolean;
}
export interface ChoiceOption {
  /** The value as the form posts it. */
  value: string;
  title: string;
}
export type ConsentQuestion =
  | (QuestionBase & {
      kind: "choice";
      options: ChoiceOption[];
      /** What the posted value becomes in the data. */
      valueType: "string" | "integer" | "number" | "boolean";
      /** A drop-down instead of radio buttons, for long lists. */
      select: boolean;
    })
  | (QuestionBase & { kind: "multi"; options: ChoiceOption[]; valueType: "string" | "integer" | "number" })
  | (QuestionBase & {
      kind: "text";
      multiline: boolean;
      inputType: "text" | "date" | "email" | "tel";
      autocomplete?: string;
      maxLength?: number;
    })
  | (QuestionBase & { kind: "number"; integer: boolean; minimum?: number; maximum?: number })
  | (QuestionBase & { kind: "confirm" })
  | (QuestionBase & { kind: "note" })
  | (QuestionBase & { kind: "section"; questions: ConsentQuestion[] });

/** The answer that means agreement, and the one that means refusal, in a purpose's choices. */
export const AGREE = "acconsento";
export const DISAGREE = "non-acconsento";

/** More options than this are a drop-down rather than radio buttons. */
const RADIO_LIMIT = 7;

/** The questions in the order of `ui:order` (then the schema's), skipping fields the page cannot render. */
export function consentQuestions(schema: JsonSchema, uiSchema: Record<string, unknown>): ConsentQuestion[] {
  return readFields(schema, uiSchema, []).flatMap((f) => (f.question ? [f.question] : []));
}

/** A field of a consent form the family page cannot render: its JSON pointer and title. */
export interface UnrenderableField {
  pointer: string;
  title: string;
}

/** Every field of a consent form that the family page cannot render (lint and publishing refuse them). */
export function unrenderableConsentFields(schema: JsonSchema, uiSchema: Record<string, unknown>): UnrenderableField[] {
  const walk = (fields: ReadField[]): UnrenderableField[] =>
    fields.flatMap((f) => (f.question ? [] : [{ pointer: `/properties/${f.path.join("/properties/")}`, title: f.title }]).concat(walk(f.children)));
  return walk(readFields(schema, uiSchema, []));
}

interface ReadField {
  path: string[];
  title: string;
  question: ConsentQuestion | undefined;
  /** Inside a section: its own fields (for the unrenderable ones). */
  children: ReadField[];
}

function readFields(schema: JsonSchema, uiSchema: Record<string, unknown>, parent: string[]): ReadField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const order = Array.isArray(uiSchema["ui:order"]) ? (uiSchema["ui:order"] as string[]).filter((n) => n in properties) : [];
  const names = [...order, ...Object.keys(properties).filter((n) => !order.includes(n))];
  return names.flatMap((key): ReadField[] => {
    const field = properties[key];
    if (!isObject(field)) return [];
    const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
    const path = [...parent, key];
    const base: QuestionBase = {
      name: path.join("."),
      path,
      title: typeof field.title === "string" ? field.title : key,
      ...(typeof field.description === "string" ? { description: field.description } : {}),
      required: required.has(key),
    };
    if (field.type === "object" && isObject(field.properties)) {
      const children = readFields(field, ui, path);
      const questions = children.flatMap((c) => (c.question ? [c.question] : []));
      return [{ path, title: base.title, question: { kind: "section", ...base, questions }, children }];
    }
    return [{ path, title: base.title, question: readQuestion(field, ui, base), children: [] }];
  });
}

/** The question of one field that is not a section, or undefined for a kind the page cannot render. */
function readQuestion(field: JsonSchema, ui: Record<string, unknown>, base: QuestionBase): ConsentQuestion | undefined {
  const options = choiceOptions(field);
  const type = field.type;
  if (type === "null") return { kind: "note", ...base, required: false };
  if (type === "boolean") {
    if (options) return { kind: "choice", ...base, options, valueType: "boolean", select: false };
    return field.oneOf === undefined && field.enum === undefined ? { kind: "confirm", ...base } : undefined;
  }
  if (type === "string" || type === "integer" || type === "number") {
    if (options) return { kind: "choice", ...base, options, valueType: type, select: options.length > RADIO_LIMIT };
    if (field.oneOf !== undefined || field.enum !== undefined || field.anyOf !== undefined) return undefined;
    if (type !== "string") {
      return {
        kind: "number",
        ...base,
        integer: type === "integer",
        ...(typeof field.minimum === "number" ? { minimum: field.minimum } : {}),
        ...(typeof field.maximum === "number" ? { maximum: field.maximum } : {}),
      };
    }
    const inputType = field.format === "date" ? "date" : field.format === "email" ? "email" : isPhone(field, ui) ? "tel" : "text";
    if (field.format !== undefined && inputType === "text") return undefined;
    return {
      kind: "text",
      ...base,
      multiline: ui["ui:widget"] === "textarea",
      inputType,
      ...(typeof ui["ui:autocomplete"] === "string" ? { autocomplete: ui["ui:autocomplete"] } : {}),
      ...(typeof field.maxLength === "number" ? { maxLength: field.maxLength } : {}),
    };
  }
  if (type === "array" && isObject(field.items) && field.uniqueItems === true) {
    const items = field.items;
    const itemOptions = choiceOptions(items);
    if (itemOptions && (items.type === "string" || items.type === "integer" || items.type === "number")) {
      return { kind: "multi", ...base, options: itemOptions, valueType: items.type };
    }
  }
  return undefined;
}

/** The options of a choice list written as `oneOf`/`anyOf` of `{const, title}` or as `enum`; undefined for other fields. */
function choiceOptions(field: JsonSchema): ChoiceOption[] | undefined {
  const branches = field.oneOf ?? field.anyOf;
  if (isChoiceList(branches)) return branches.map((o) => ({ value: String(o.const), title: String(o.title ?? o.const) }));
  if (Array.isArray(field.enum) && field.enum.length && field.enum.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
    return field.enum.map((v) => ({ value: String(v), title: String(v) }));
  }
  return undefined;
}

/** The builder's phone field (its pattern), or a field the uiSchema marks as a telephone number. */
function isPhone(field: JsonSchema, ui: Record<string, unknown>): boolean {
  return field.pattern === SAFE_PATTERNS.telefono.pattern || ui["ui:inputType"] === "tel";
}

/** Every question, sections opened, in page order (sections themselves included). */
export function flattenQuestions(questions: readonly ConsentQuestion[]): ConsentQuestion[] {
  return questions.flatMap((q) => (q.kind === "section" ? [q, ...flattenQuestions(q.questions)] : [q]));
}

/** The value at a question's path in the data. */
export function valueAt(data: Record<string, unknown>, path: readonly string[]): unknown {
  let here: unknown = data;
  for (const key of path) here = isObject(here) ? here[key] : undefined;
  return here;
}

/** The questions that ask for agreement to a purpose (their choices include agree and disagree). */
export function purposeQuestions(questions: readonly ConsentQuestion[]): Extract<ConsentQuestion, { kind: "choice" }>[] {
  return flattenQuestions(questions).filter(
    (q): q is Extract<ConsentQuestion, { kind: "choice" }> =>
      q.kind === "choice" && q.options.some((o) => o.value === AGREE) && q.options.some((o) => o.value === DISAGREE)
  );
}

/** The purposes of a consent form version, by name and title. */
export function purposesOf(questions: readonly ConsentQuestion[]): Purpose[] {
  return purposeQuestions(questions).map((q) => ({ name: q.name, title: q.title }));
}

/** The answer given to each purpose in a consent's data (purposes left unanswered are left out). */
export function purposeAnswers(questions: readonly ConsentQuestion[], data: Record<string, unknown>): PurposeAnswer[] {
  return purposeQuestions(questions).flatMap((q) => {
    const value = valueAt(data, q.path);
    if (typeof value !== "string") return [];
    return [{ purpose: q.name, title: q.title, value, label: optionTitle(q.options, value) }];
  });
}

/**
 * The family's answers from an HTML form post, shaped as the schema's data:
 * text trimmed and left out when empty (so "required" catches it), numbers
 * and choices turned back into their types, a ticked box as true, ticked
 * options as a list, a section as an object (left out when empty). Only the
 * form's own questions are read; a value that is not one of the options is
 * kept as posted, for the validator to refuse.
 */
export function parseConsentAnswers(questions: readonly ConsentQuestion[], form: FormData): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const q of questions) {
    const key = q.path[q.path.length - 1]!;
    const value = parseOne(q, form);
    if (value !== undefined) data[key] = value;
  }
  return data;
}

function parseOne(q: ConsentQuestion, form: FormData): unknown {
  if (q.kind === "section") {
    const inner = parseConsentAnswers(q.questions, form);
    return Object.keys(inner).length ? inner : undefined;
  }
  if (q.kind === "multi") {
    const values = form.getAll(q.name).filter((v): v is string => typeof v === "string");
    return values.length ? values.map((v) => typedValue(q.valueType, v)) : undefined;
  }
  const raw = form.get(q.name);
  if (typeof raw !== "string" || q.kind === "note") return undefined;
  if (q.kind === "confirm") return raw === "true" ? true : undefined;
  const value = raw.trim();
  if (!value) return undefined;
  if (q.kind === "number") return typedValue(q.integer ? "integer" : "number", value.replace(",", "."));
  if (q.kind === "choice") return typedValue(q.valueType, value);
  return value;
}

/** A posted string as the schema's type; left as a string when it is not one (the validator then says so). */
function typedValue(type: "string" | "integer" | "number" | "boolean", value: string): unknown {
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type === "integer" || type === "number") {
    const n = Number(value);
    return value.trim() !== "" && Number.isFinite(n) ? n : value;
  }
  return value;
}

/**
 * What an answer amounts to: "declined" when the family agreed to none of the
 * purposes and refused at least one ("non acconsento" is an answer, recorded
 * as such, not an error); "completed" otherwise, with each purpose's own
 * answer kept in the data (ADR 0010).
 */
export function consentOutcome(questions: readonly ConsentQuestion[], data: Record<string, unknown>): "completed" | "declined" {
  const answers = purposeQuestions(questions).map((q) => valueAt(data, q.path));
  return answers.length > 0 && !answers.includes(AGREE) && answers.includes(DISAGREE) ? "declined" : "completed";
}

function optionTitle(options: readonly ChoiceOption[], value: unknown): string {
  return options.find((o) => o.value === String(value))?.title ?? String(value);
}

/** One answer as the receipt shows it: the question (with its section's title before it) and the answer in words. */
export interface AnswerItem {
  name: string;
  title: string;
  value: string;
}

/** The answers given, in page order, in words: options by their titles, Sì/No (or `words`) for confirmations, numbers and text as they are. */
export function answerItems(
  questions: readonly ConsentQuestion[],
  data: Record<string, unknown>,
  within = "",
  words: { yes: string; no: string } = { yes: "Sì", no: "No" }
): AnswerItem[] {
  return questions.flatMap((q): AnswerItem[] => {
    const title = within ? `${within} › ${q.title}` : q.title;
    const value = valueAt(data, q.path);
    if (q.kind === "section") return answerItems(q.questions, data, title, words);
    if (value === undefined || q.kind === "note") return [];
    if (q.kind === "choice") return [{ name: q.name, title, value: optionTitle(q.options, value) }];
    if (q.kind === "multi") return [{ name: q.name, title, value: (Array.isArray(value) ? value : [value]).map((v) => optionTitle(q.options, v)).join("; ") }];
    if (q.kind === "confirm") return [{ name: q.name, title, value: value === true ? words.yes : words.no }];
    return [{ name: q.name, title, value: String(value) }];
  });
}

/** The question an error path ("/sezione/campo", "/scelte/0") belongs to: the deepest question whose path starts it. */
export function questionOfErrorPath(questions: readonly ConsentQuestion[], errorPath: string): ConsentQuestion | undefined {
  const parts = errorPath.split("/").slice(1);
  let best: ConsentQuestion | undefined;
  for (const q of flattenQuestions(questions)) {
    if (q.kind === "section") continue;
    if (q.path.every((key, i) => parts[i] === key) && (!best || q.path.length > best.path.length)) best = q;
  }
  // A required section left out altogether: its first question shows the error.
  return best ?? flattenQuestions(questions).find((q) => q.kind !== "section" && parts.every((key, i) => q.path[i] === key));
}

/** The data's values by question name, as the page's controls read them. */
export function valuesByName(questions: readonly ConsentQuestion[], data: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const q of flattenQuestions(questions)) {
    const value = valueAt(data, q.path);
    if (value !== undefined && q.kind !== "section") values[q.name] = value;
  }
  return values;
}

/**
 * What the worker entered on the request, carried into the questions that ask
 * for it (issue 15): the recipient's name into the field marked
 * `ui:autocomplete: "name"`, the relationship into the choice named
 * "relazione" when it is one of its options. The family sees them filled in
 * and can correct them; the signature is never filled in for them.
 */
export function carriedValues(questions: readonly ConsentQuestion[], recipient: { name: string; relationship: string | null }): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const q of flattenQuestions(questions)) {
    if (q.kind === "text" && q.autocomplete === "name" && !(q.name in values)) values[q.name] = recipient.name;
    if (q.kind === "choice" && q.path[q.path.length - 1] === "relazione" && q.options.some((o) => o.value === recipient.relationship)) {
      values[q.name] = recipient.relationship;
    }
  }
  return values;
}

/** The relationship the family signed as (the answer's "relazione"), when the answer gives one. */
export function signedRelationship(data: Record<string, unknown> | null): string | null {
  return typeof data?.relazione === "string" ? data.relazione : null;
}
