import type { ErrorObject } from "ajv";
import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { ImpactTally, type VersionImpact } from "./impact";
import type { JsonSchema } from "../schema/json-schema";
import { presentInVersion, type MappedVersion } from "./mapping";
import { describeValidationErrors } from "../validation/messages";
import type { FieldError } from "~/lib/errors";
import { ValidatorCache, type ValidatableVersion } from "../validation/validators.server";

/** Drafts read per query: memory stays bounded however many drafts a form has. */
export const IMPACT_BATCH_SIZE = 500;

export interface ImpactReport {
  /** One entry per earlier version, oldest first. */
  versions: VersionImpact[];
  drafts: number;
  noLongerValid: number;
  elapsedMs: number;
}

/** Errors of a draft: a missing required field only says the draft is unfinished, so it does not count. */
function draftErrors(cache: ValidatorCache, version: ValidatableVersion, data: unknown): FieldError[] {
  const validate = cache.get(version);
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e: ErrorObject) => e.keyword !== "required");
  return describeValidationErrors(errors, version.schema);
}

/**
 * The impact check of a publish: every draft submission of every earlier
 * version, presented in the new version's shape through the declared
 * mappings, validated against the new schema. Reads the drafts' latest
 * revisions in keyset-paginated batches. Reads case data of every service:
 * the caller (an admin tool) must audit it.
 */
export async function checkDraftImpact(
  db: Kysely<Database>,
  input: {
    /** The form's numbered versions (published or retired), with their schemas and mappings. */
    earlier: readonly (MappedVersion & ValidatableVersion & { id: number })[];
    /** The version about to be published: its number, schema and mapping. */
    next: MappedVersion & { schema: JsonSchema; schemaId: string };
    batchSize?: number;
  },
): Promise<ImpactReport> {
  const started = performance.now();
  // A private cache: the draft's schema changes between checks, and must not
  // stay in the process-wide cache under the same id.
  const cache = new ValidatorCache(input.earlier.length + 1);
  const chain = [...input.earlier, input.next];
  const versions: VersionImpact[] = [];
  for (const version of [...input.earlier].sort((a, b) => a.version - b.version)) {
    const tally = new ImpactTally(version.version);
    for (let after = 0; ; ) {
      const rows = await db
        .selectFrom("submissions as s")
        .innerJoin("submission_revisions as r", (join) => join.onRef("r.submission_id", "=", "s.id").onRef("r.revision", "=", "s.revision"))
        .select(["s.id", "r.data"])
        .where("s.form_version_id", "=", version.id)
        .where("s.status", "=", "draft")
        .where("s.id", ">", after)
        .orderBy("s.id")
        .limit(input.batchSize ?? IMPACT_BATCH_SIZE)
        .execute();
      for (const row of rows) {
        const shown = presentInVersion(row.data, version.version, input.next.version, chain);
        tally.add(draftErrors(cache, version, row.data), draftErrors(cache, input.next, shown));
      }
      if (rows.length < (input.batchSize ?? IMPACT_BATCH_SIZE)) break;
      after = rows.at(-1)!.id;
    }
    versions.push(tally.result());
  }
  return {
    versions,
    drafts: versions.reduce((n, v) => n + v.drafts, 0),
    noLongerValid: versions.reduce((n, v) => n + v.noLongerValid, 0),
    elapsedMs: Math.round(performance.now() - started),
  };
}
