import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { consentQuestions, purposesOf, type ConsentQuestion, type Purpose } from "./consent-form";

/** A consent form version as lists of requests and paper consents show it. */
export interface ConsentVersion {
  form: string;
  formTitle: string;
  version: number;
  questions: ConsentQuestion[];
  /** The purposes it asks about (purposesOf its questions). */
  purposes: Purpose[];
}

/**
 * Each of these consent form versions, read once: lists of requests or paper
 * consents select the version's id, not its form and schema, since a year of a
 * service's cases holds thousands of answers to a handful of versions (reading
 * and parsing the schema on every row cost seconds), and a list that joins
 * forms and versions too costs a case page more to plan than to run.
 */
export async function consentVersions(db: Kysely<Database>, versionIds: readonly number[]): Promise<Map<number, ConsentVersion>> {
  const distinct = [...new Set(versionIds)];
  if (!distinct.length) return new Map();
  const rows = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select(["v.id", "f.slug", "f.title", "v.version", "v.schema", "v.ui_schema"])
    .where("v.id", "in", distinct)
    .execute();
  return new Map(
    rows.map((r) => {
      const questions = consentQuestions(r.schema, r.ui_schema);
      return [r.id, { form: r.slug, formTitle: r.title, version: r.version!, questions, purposes: purposesOf(questions) }];
    })
  );
}
