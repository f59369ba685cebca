import { listFormFields } from "~/forms/mapping/diff";
import type { JsonSchema } from "~/forms/schema/json-schema";
import type { FieldError } from "~/lib/errors";
import type { ReportDefinition } from "./definition-model";

/**
 * Which fields of a form a report can read, and whether a definition fits
 * the form (ADR 0027): the checks beyond the JSON Schema, shared by the
 * built-in file and the definitions admins publish. Pure.
 */
export interface ReportableField {
  /** JSON pointer in the data. */
  path: string;
  /** The field's title, after the titles of the groups it is in ("Minore › Data di nascita"). */
  label: string;
  /** A single choice among options: distribution and grouping. */
  choice: boolean;
  /** A number: mean. */
  numeric: boolean;
  /** A calendar day: places the scheda in the period. */
  date: boolean;
}

/** The fields of a form version a report can read: every field outside lists of rows and not itself a group or a list. */
export function reportableFields(schema: JsonSchema): ReportableField[] {
  const fields = listFormFields(schema);
  const titles = new Map(fields.map((f) => [f.path, f.title]));
  return fields
    .filter((f) => !f.path.includes("/*") && f.type !== "object" && f.type !== "array")
    .map((f) => {
      const parents = f.path
        .split("/")
        .slice(1, -1)
        .map((_, i, tokens) => titles.get(`/${tokens.slice(0, i + 1).join("/")}`))
        .filter((t): t is string => Boolean(t));
      return {
        path: f.path,
        label: [...parents, f.title].join(" › "),
        choice: f.options.length > 0,
        numeric: f.type === "integer" || f.type === "number",
        date: f.type === "string" && f.bounds.format === "date",
      };
    });
}

/**
 * What does not fit between a definition and its form's newest published
 * version (undefined: the form has none), by the definition's property,
 * in Italian and naming the field as the admin's page does.
 */
export function checkDefinitionFields(definition: ReportDefinition, schema: JsonSchema | undefined): FieldError[] {
  if (!schema) return [{ path: "/form", message: "Modulo: non ha ancora una versione pubblicata." }];
  const fields = new Map(reportableFields(schema).map((f) => [f.path, f]));
  const errors: FieldError[] = [];
  const field = fields.get(definition.field);
  if (!field) errors.push({ path: "/field", message: "Campo: non è un campo della versione più recente del modulo che un report possa leggere." });
  else if (definition.measure === "distribution" && !field.choice)
    errors.push({ path: "/measure", message: `Misura: la distribuzione per opzione vale solo per un campo a scelta, e «${field.label}» non lo è.` });
  else if (definition.measure === "mean" && !field.numeric)
    errors.push({ path: "/measure", message: `Misura: la media vale solo per un campo numerico, e «${field.label}» non lo è.` });
  if (definition.date !== undefined && !fields.get(definition.date)?.date)
    errors.push({ path: "/date", message: "Campo data: deve essere un campo data della versione più recente del modulo." });
  if (definition.groupBy.by === "field" && !fields.get(definition.groupBy.field)?.choice)
    errors.push({ path: "/groupBy", message: "Raggruppamento: il campo per cui raggruppare deve essere un campo a scelta della versione più recente del modulo." });
  return errors;
}
