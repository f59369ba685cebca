import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { listFormVersions, listForms } from "~/forms/versions/registry.server";
import { formString } from "~/lib/form-string";
import { reportableFields, type ReportableField } from "~/reports/definition-fields";
import type { Grouping, Measure, ReportDefinition } from "~/reports/definition-model";
import type { DefinitionInput } from "~/reports/definition-store.server";

/**
 * The admin's editor of a report definition (ADR 0027): its fields as the
 * page posts them, and the forms it offers with the fields a report can read.
 */

/** The editor's inputs, by name (the definition's own property names, so problems land beside their inputs). */
export interface DefinitionFormValues {
  title: string;
  description: string;
  /** The form's slug (the page shows its title). */
  form: string;
  field: string;
  date: string;
  measure: string;
  /** service · comune · month · quarter · year · "field:" and the field's pointer. */
  groupBy: string;
}

export const EMPTY_DEFINITION_VALUES: DefinitionFormValues = { title: "", description: "", form: "", field: "", date: "", measure: "", groupBy: "" };

/** A published definition as the editor's inputs. */
export function definitionValues(definition: ReportDefinition): DefinitionFormValues {
  const { title, description, form, field, date = "", measure, groupBy } = definition;
  return { title, description, form, field, date, measure, groupBy: groupBy.by === "field" ? `field:${groupBy.field}` : groupBy.by };
}

/**
 * The posted editor as inputs (to show again) and as a definition to check:
 * a blank input is left out, so the schema names it as missing.
 */
export function readDefinitionPost(form: FormData): { values: DefinitionFormValues; input: DefinitionInput } {
  const values = Object.fromEntries(Object.keys(EMPTY_DEFINITION_VALUES).map((k) => [k, formString(form, k)])) as unknown as DefinitionFormValues;
  const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
  const grouping = values.groupBy.startsWith("field:") ? { by: "field", field: values.groupBy.slice("field:".length) } : values.groupBy ? { by: values.groupBy } : undefined;
  const input = {
    ...present,
    measure: present.measure as Measure | undefined,
    groupBy: grouping as { by: Exclude<Grouping, "field"> } | undefined,
  } as DefinitionInput;
  return { values, input };
}

/** A form a report can be declared over: its title and the fields of its newest published version. */
export interface DefinitionFormChoice {
  slug: string;
  title: string;
  fields: ReportableField[];
}

/** Every form with a published version, by title, with the fields a report can read. */
export async function listDefinitionForms(db: Kysely<Database>): Promise<DefinitionFormChoice[]> {
  const forms = (await listForms(db)).filter((f) => f.latestVersion !== null);
  const choices = await Promise.all(
    forms.map(async (f) => {
      const newest = (await listFormVersions(db, f.slug)).at(-1);
      return { slug: f.slug, title: f.title, fields: newest ? reportableFields(newest.schema) : [] };
    })
  );
  return choices.sort((a, b) => a.title.localeCompare(b.title, "it"));
}
