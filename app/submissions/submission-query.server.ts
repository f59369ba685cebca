import type { Kysely } from "kysely";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database, StoredSubmissionStatus } from "~/db/schema";
import type { SubmissionFilters } from "./api-input";

/**
 * The scoped query builders behind the submission reads. Not audited on
 * their own: only submissions.server.ts and export.server.ts use them, and
 * each of their exported functions records its audit event.
 */

/** A submission without its data, as lists show it. */
export interface SubmissionSummary {
  id: number;
  /** The form's slug. */
  form: string;
  /** The exact version the submission is pinned to. */
  formVersion: number;
  revision: number;
  /** draft/submitted; declined and withdrawn only for consent given through a family link. */
  status: StoredSubmissionStatus;
  service: string;
  comune: string | null;
  /** The case code, or null. */
  case: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A submission with the data of its latest revision. */
export interface Submission extends SubmissionSummary {
  data: Record<string, unknown>;
}

/** Submissions in scope joined with their form, version and case; add where/order/limit. */
export function summaryQuery(db: Kysely<Database>, scope: Scope) {
  return db
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("cases as c", "c.id", "s.case_id")
    .select([
      "s.id",
      "f.slug",
      "v.version",
      "s.revision",
      "s.status",
      "s.service_code",
      "s.comune_code",
      "c.code as case_code",
      "s.created_at",
      "s.updated_at",
    ])
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }));
}

type SummaryQuery = ReturnType<typeof summaryQuery>;
export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["executeTakeFirstOrThrow"]>>;

export function toSummary(r: SummaryRow): SubmissionSummary {
  return {
    id: r.id,
    form: r.slug,
    // Submissions pin published versions only, and those are always numbered.
    formVersion: r.version!,
    revision: r.revision,
    status: r.status,
    service: r.service_code,
    comune: r.comune_code,
    case: r.case_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Submissions (s) with their form (f), version (v) and latest revision (r): where every reader of a form's data starts. */
export function submissionsWithLatestRevision(db: Kysely<Database>) {
  return db
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .innerJoin("submission_revisions as r", (join) => join.onRef("r.submission_id", "=", "s.id").onRef("r.revision", "=", "s.revision"));
}

/** Adds the data of each submission's latest revision to a query built from summaryQuery. */
export function withLatestData(query: SummaryQuery) {
  return query
    .innerJoin("submission_revisions as r", (join) => join.onRef("r.submission_id", "=", "s.id").onRef("r.revision", "=", "s.revision"))
    .select("r.data");
}

/** The list and export filters, on a query built from summaryQuery. */
export function whereSubmissionFilters(query: SummaryQuery, filters: SubmissionFilters): SummaryQuery {
  if (filters.form) query = query.where("f.slug", "=", filters.form);
  if (filters.service) query = query.where("s.service_code", "=", filters.service);
  if (filters.comune) query = query.where("s.comune_code", "=", filters.comune);
  if (filters.case) query = query.where("c.code", "=", filters.case.toUpperCase());
  if (filters.status) query = query.where("s.status", "=", filters.status);
  if (filters.from) query = query.where("s.created_at", ">=", filters.from);
  if (filters.to) query = query.where("s.created_at", "<", filters.to);
  return query;
}

/** The cases of these submissions (each once): what a list or an export showed, for the access reports. */
export async function caseIdsOfSubmissions(db: Kysely<Database>, submissionIds: readonly number[]): Promise<number[]> {
  if (!submissionIds.length) return [];
  const rows = await db
    .selectFrom("submissions")
    .select("case_id")
    .distinct()
    .where("id", "in", submissionIds)
    .where("case_id", "is not", null)
    .execute();
  return rows.map((r) => r.case_id!);
}
