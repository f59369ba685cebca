import type { Kysely } from "kysely";
import { scopeFor } from "../../app/auth/policy";
import type { Database } from "../../app/db/schema";
import { createSubmission } from "../../app/submissions/submissions.server";
import type { SubmissionStatus } from "../../app/submissions/api-input";

/** A submission made by `userId` as a worker of `service` (and `comune`), through the domain module. */
export async function createTestSubmission(
  db: Kysely<Database>,
  input: {
    userId: number;
    form: string;
    service: string;
    comune?: string | null;
    data?: Record<string, unknown>;
    status?: SubmissionStatus;
    caseCode?: string;
  }
) {
  const comune = input.comune ?? null;
  const scope = scopeFor([{ id: 0, role: "worker", service: input.service, comune }], "case.write");
  const caller = { scope, userId: input.userId, audit: { actor: { kind: "user" as const, userId: input.userId } } };
  return db.transaction().execute((trx) =>
    createSubmission(trx, caller, input.form, {
      data: input.data ?? {},
      status: input.status ?? "draft",
      service: input.service,
      comune,
      caseCode: input.caseCode ?? null,
    })
  );
}
