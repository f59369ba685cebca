import type { Kysely } from "kysely";
import { createCase } from "../../app/cases/cases.server";
import { scopeFor } from "../../app/auth/policy";
import type { Database } from "../../app/db/schema";

/** A case opened by `userId` as a worker of `service` (and `comune`), through the domain module. */
export async function createTestCase(
  db: Kysely<Database>,
  input: { userId: number; code: string; service: string; comune?: string | null; minorRef?: string }
) {
  const comune = input.comune ?? null;
  const scope = scopeFor([{ id: 0, role: "worker", service: input.service, comune }], "case.write");
  const caller = { scope, userId: input.userId, audit: { actor: { kind: "user" as const, userId: input.userId } } };
  return db.transaction().execute((trx) =>
    createCase(trx, caller, { code: input.code, minorRef: input.minorRef ?? "M-0001", service: input.service, comune: comune ?? "" })
  );
}
