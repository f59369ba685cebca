import type { Kysely } from "kysely";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { choices } from "~/cases/triangle";
import type { Database } from "~/db/schema";
import { presentInVersion } from "~/forms/mapping/mapping";
import { schemaForDataPointer, valueAtPointer } from "~/forms/schema/json-schema";
import { createAjv } from "~/forms/validation/create-ajv";
import { listFormVersions } from "~/forms/versions/registry.server";
import fieldsData from "./data/fields.json";
import fieldsSchema from "./data/fields.schema.json";
import { submissionsWithLatestRevision } from "~/submissions/submission-query.server";

/**
 * The facts reports read from forms, declared as data (`data/fields.json`,
 * checked against `data/fields.schema.json`): which form, which field in the
 * shape of the form's newest published version, an optional condition on a
 * sibling field, and which scheda counts when a case has several. Every
 * submitted scheda is presented in the newest version through the declared
 * mappings (ADR 0012) before the field is read, so a field renamed or recoded
 * by a later version is still found.
 */
export interface DeclaredField {
  title: string;
  form: string;
  field: string;
  where?: { field: string; equals: string | number | boolean };
  pick: "earliest" | "newest";
}

export type DeclaredFieldName = "dataSegnalazione" | "dataPresaInCarico" | "dataPrimoT0" | "motivoChiusura";

let checked: Record<DeclaredFieldName, DeclaredField> | undefined;

/** The declared fields, validated once; a broken file stops with one sentence naming the problem. */
export function declaredFields(): Record<DeclaredFieldName, DeclaredField> {
  if (checked) return checked;
  const validate = createAjv().compile(fieldsSchema as object);
  if (!validate(fieldsData)) {
    const error = validate.errors![0]!;
    throw new Error(`app/reports/data/fields.json non è valido in ${error.instancePath || "/"}: ${error.message}`);
  }
  checked = (fieldsData as { fields: Record<DeclaredFieldName, DeclaredField> }).fields;
  return checked;
}

/** A value read from a case's schede, with the title of the option when the field is a choice. */
export interface ReadValue {
  value: string | number | boolean;
  label: string;
}

/** What a declared field holds in each case, and the options the newest version offers for it (in the form's order). */
export interface FieldReading {
  byCase: Map<number, ReadValue>;
  options: { value: unknown; label: string }[];
}

/**
 * Reads a declared field in the given cases: submitted schede of the form,
 * in the scope, presented in the newest version; per case the value the
 * declaration picks (the earliest, or the newest scheda's).
 */
export async function readDeclaredField(db: Kysely<Database>, scope: Scope, caseIds: readonly number[], source: DeclaredField): Promise<FieldReading> {
  const versions = (await listFormVersions(db, source.form)).filter((v) => v.version !== null && v.status !== "draft");
  const newest = versions.reduce<(typeof versions)[number] | undefined>((a, v) => (!a || v.version! > a.version! ? v : a), undefined);
  const byCase = new Map<number, ReadValue>();
  if (!newest || !caseIds.length) return { byCase, options: [] };
  const fieldSchema = schemaForDataPointer(newest.schema, source.field);
  const options = fieldSchema ? choices(newest.schema, fieldSchema) : [];
  const rows = await submissionsWithLatestRevision(db)
    .select(["s.case_id", "v.version", "r.data"])
    .where("f.slug", "=", source.form)
    .where("s.status", "=", "submitted")
    .where("s.case_id", "in", caseIds)
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
    .execute();
  const chain = versions.map((v) => ({ version: v.version!, mapping: v.mapping }));
  for (const row of rows) {
    if (row.case_id === null || row.version === null) continue;
    const data = presentInVersion(row.data, row.version, newest.version!, chain);
    if (source.where && valueAtPointer(data, source.where.field) !== source.where.equals) continue;
    const value = valueAtPointer(data, source.field);
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    if (value === "") continue;
    const current = byCase.get(row.case_id);
    // Rows come newest first: "newest" keeps the first value, "earliest" the smallest.
    if (current && (source.pick === "newest" || current.value <= value)) continue;
    const label = options.find((o) => o.value === value)?.label ?? String(value);
    byCase.set(row.case_id, { value, label });
  }
  return { byCase, options };
}
