import { listFormFields, type FormField } from "./diff";
import type { JsonSchema } from "../schema/json-schema";
import type { MappingRule, Recoding } from "./mapping";

/** A rule that cannot be published: which one (0-based) and why, in Italian. */
export interface MappingProblem {
  rule: number;
  /** The part of the rule at fault, so a form can show the message next to it. */
  field: "from" | "to" | "recode";
  message: string;
}

/** The codes a field offers (as JSON text): its own choices, or those of its items for a multiple choice. */
export function fieldCodes(fields: ReadonlyMap<string, FormField>, path: string): string[] {
  const own = fields.get(path)?.options ?? [];
  return own.length ? own : (fields.get(`${path}/*`)?.options ?? []);
}

const wildcards = (pointer: string) => pointer.split("/").filter((t) => t === "*").length;

/**
 * Checks declared rules against the two schemas they connect: `from` names a
 * field of the older version, `to` one of the newer, with as many `*` (array
 * elements) as each other and not ending on one; no two rules write the same
 * field; every recoded code is an option of its field. Run when a rule is
 * added and again at publish, since the draft may have changed in between.
 */
export function checkMappingRules(rules: readonly MappingRule[], oldSchema: JsonSchema, newSchema: JsonSchema): MappingProblem[] {
  const oldFields = new Map(listFormFields(oldSchema).map((f) => [f.path, f]));
  const newFields = new Map(listFormFields(newSchema).map((f) => [f.path, f]));
  const problems: MappingProblem[] = [];
  const targets = new Set<string>();
  rules.forEach((rule, index) => {
    const problem = (field: MappingProblem["field"], message: string) => problems.push({ rule: index, field, message });
    const from = oldFields.get(rule.from);
    const to = newFields.get(rule.to);
    if (!from) problem("from", `il campo di partenza "${rule.from}" non esiste nella versione precedente`);
    if (!to) problem("to", `il campo di arrivo "${rule.to}" non esiste nella nuova versione`);
    if (rule.from.endsWith("/*") || rule.to.endsWith("/*")) problem("from", "indicare il campo elenco, non i suoi elementi (il percorso non può finire con /*)");
    if (wildcards(rule.from) !== wildcards(rule.to)) problem("to", "i due campi devono stare allo stesso livello di elenchi ripetuti");
    if (targets.has(rule.to)) problem("to", `un'altra corrispondenza porta già al campo "${rule.to}"`);
    targets.add(rule.to);
    if (!rule.recode?.length || !from || !to) return;
    const oldOptions = fieldCodes(oldFields, rule.from);
    const newOptions = fieldCodes(newFields, rule.to);
    for (const { from: code, to: replacement } of rule.recode) {
      if (!oldOptions.includes(JSON.stringify(code))) problem("recode", `il codice ${JSON.stringify(code)} non è un'opzione di «${from.title}» nella versione precedente`);
      if (!newOptions.includes(JSON.stringify(replacement))) problem("recode", `il codice ${JSON.stringify(replacement)} non è un'opzione di «${to.title}» nella nuova versione`);
    }
  });
  return problems;
}

/** A line of the recoding text that is not "old = new". */
export class RecodeSyntaxError extends Error {
  override name = "RecodeSyntaxError";
}

/**
 * Reads recodings written one per line as "old = new". Each side is taken as
 * the option of its field whose code reads the same ("3" is the number 3 when
 * the field's codes are numbers); anything else stays text, and
 * checkMappingRules then says it is not an option.
 */
export function parseRecodeText(text: string, oldCodes: readonly string[], newCodes: readonly string[]): Recoding[] {
  const asCode = (written: string, codes: readonly string[]): unknown => {
    const option = codes.find((o) => o === JSON.stringify(written) || String(JSON.parse(o)) === written);
    return option === undefined ? written : JSON.parse(option);
  };
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const parts = line.split("=");
      if (parts.length !== 2 || !parts[0]!.trim() || !parts[1]!.trim()) {
        throw new RecodeSyntaxError(`riga ${i + 1}: scrivere «codice vecchio = codice nuovo», ad esempio «no = assente»`);
      }
      return { from: asCode(parts[0]!.trim(), oldCodes), to: asCode(parts[1]!.trim(), newCodes) };
    });
}

/** Recodings as the text parseRecodeText reads. */
export function formatRecodeText(recode: readonly Recoding[] | undefined): string {
  return (recode ?? []).map((r) => `${String(r.from)} = ${String(r.to)}`).join("\n");
}
