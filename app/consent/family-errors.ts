import type { FieldError, FieldMessages } from "~/lib/errors";
import { flattenQuestions, questionOfErrorPath, type ConsentQuestion } from "./consent-form";
import { familyText, type FamilyLanguage } from "./family-language";

/**
 * The errors of a family's answer by question name, in the page's language:
 * the first problem of each question; "missing" and "confirm" in plain
 * words, others as the validator put them (in Italian only: other languages
 * get a generic sentence).
 */
export function familyFieldErrors(
  lang: FamilyLanguage,
  questions: readonly ConsentQuestion[],
  answers: Record<string, unknown>,
  errors: readonly FieldError[]
): FieldMessages {
  const byQuestion: Record<string, string> = {};
  for (const e of errors) {
    const name = questionOfErrorPath(questions, e.path)?.name;
    if (name) byQuestion[name] ??= e.message;
  }
  const t = familyText(lang);
  const result: FieldMessages = {};
  for (const q of flattenQuestions(questions)) {
    const message = byQuestion[q.name];
    if (!message) continue;
    if (q.kind === "confirm") result[q.name] = t.errorConfirm;
    else if (!(q.name in answers)) result[q.name] = t.errorRequired;
    // The validator's message starts with the field's label, which the page already shows beside it.
    else result[q.name] = lang === "it" ? message.slice(message.startsWith(`${q.title}: `) ? q.title.length + 2 : 0) : t.errorInvalid;
  }
  return result;
}
