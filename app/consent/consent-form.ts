import { isObject, type JsonSchema } from "~/forms/json-schema";

/**
 * The questions of a consent form version, read from its schema and uiSchema,
 * for the family page. That page is plain HTML (it must work without
 * JavaScript on an old phone), so it does not use rjsf: consent forms use a
 * small set of field kinds, and each becomes one ordinary control.
 */
export type ConsentQuestion =
  | { kind: "choice"; name: string; title: string; description?: string; required: boolean; options: { value: string; title: string }[] }
  | { kind: "text"; name: string; title: string; description?: string; required: boolean; multiline: boolean; autocomplete?: string; maxLength?: number }
  | { kind: "confirm"; name: string; title: string; description?: string; required: boolean };

/** The answer that means agreement, and the one that means refusal, in a purpose's choices. */
export const AGREE = "acconsento";
export const DISAGREE = "non-acconsento";

/** The questions in the order of `ui:order` (then the schema's), skipping what is not a plain field. */
export function consentQuestions(schema: JsonSchema, uiSchema: Record<string, unknown>): ConsentQuestion[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const order = Array.isArray(uiSchema["ui:order"]) ? (uiSchema["ui:order"] as string[]).filter((n) => n in properties) : [];
  const names = [...order, ...Object.keys(properties).filter((n) => !order.includes(n))];
  const questions: ConsentQuestion[] = [];
  for (const name of names) {
    const field = properties[name];
    if (!isObject(field)) continue;
    const ui = isObject(uiSchema[name]) ? uiSchema[name] : {};
    const base = {
      name,
      title: typeof field.title === "string" ? field.title : name,
      ...(typeof field.description === "string" ? { description: field.description } : {}),
      required: required.has(name),
    };
    if (field.type === "boolean") {
      questions.push({ kind: "confirm", ...base });
    } else if (field.type === "string" && Array.isArray(field.oneOf)) {
      const options = field.oneOf.filter(isObject).map((o) => ({ value: String(o.const), title: String(o.title ?? o.const) }));
      questions.push({ kind: "choice", ...base, options });
    } else if (field.type === "string") {
      questions.push({
        kind: "text",
        ...base,
        multiline: ui["ui:widget"] === "textarea",
        ...(typeof ui["ui:autocomplete"] === "string" ? { autocomplete: ui["ui:autocomplete"] } : {}),
        ...(typeof field.maxLength === "number" ? { maxLength: field.maxLength } : {}),
      });
    }
  }
  return questions;
}

/** The questions that ask for agreement to a purpose (their choices include agree and disagree). */
export function purposeQuestions(questions: readonly ConsentQuestion[]): ConsentQuestion[] {
  return questions.filter(
    (q) => q.kind === "choice" && q.options.some((o) => o.value === AGREE) && q.options.some((o) => o.value === DISAGREE)
  );
}

/**
 * The family's answers from an HTML form post: text trimmed and left out when
 * empty (so "required" catches it), a ticked box as true, anything unticked
 * or unknown left out. Only the form's own questions are read.
 */
export function parseConsentAnswers(questions: readonly ConsentQuestion[], form: FormData): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const q of questions) {
    const raw = form.get(q.name);
    if (typeof raw !== "string") continue;
    if (q.kind === "confirm") {
      if (raw === "true") data[q.name] = true;
      continue;
    }
    const value = raw.trim();
    if (value) data[q.name] = value;
  }
  return data;
}

/**
 * What an answer amounts to: "declined" when the family agreed to none of the
 * purposes and refused at least one ("non acconsento" is an answer, recorded
 * as such, not an error); "completed" otherwise, with each purpose's own
 * answer kept in the data (ADR 0010).
 */
export function consentOutcome(questions: readonly ConsentQuestion[], data: Record<string, unknown>): "completed" | "declined" {
  const answers = purposeQuestions(questions).map((q) => data[q.name]);
  return answers.length > 0 && !answers.includes(AGREE) && answers.includes(DISAGREE) ? "declined" : "completed";
}

/** The label of an answer: the chosen option's title, Sì/No for a confirmation, else the text. */
export function answerLabel(consent: { questions: readonly ConsentQuestion[] }, name: string, value: unknown): string {
  const question = consent.questions.find((q) => q.name === name);
  if (question?.kind === "choice") return question.options.find((o) => o.value === value)?.title ?? String(value);
  if (question?.kind === "confirm") return value === true ? "Sì" : "No";
  return String(value);
}
