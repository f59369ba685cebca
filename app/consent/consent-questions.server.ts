import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { consentQuestions, type ConsentQuestion } from "./consent-form";

/**
 * The questions of each of these consent form versions, read once per version:
 * lists of requests or paper consents select the version's id, not its schema,
 * since a year of a service's cases holds thousands of answers to a handful of
 * versions (reading and parsing the schema on every row cost seconds).
 */
export async function consentQuestionsOfVersions(db: Kysely<Database>, versionIds: readonly number[]): Promise<Map<number, ConsentQuestion[]>> {
  const distinct = [...new Set(versionIds)];
  if (!distinct.length) return new Map();
  const rows = await db.selectFrom("form_versions").select(["id", "schema", "ui_schema"]).where("id", "in", distinct).execute();
  return new Map(rows.map((r) => [r.id, consentQuestions(r.schema, r.ui_schema)]));
}
