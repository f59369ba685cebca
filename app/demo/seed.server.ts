import { sql, type Kysely } from "kysely";
import { demoUsersSeedStep } from "~/demo/users.server";
import { demoConsentCaseSeedStep } from "~/demo/consent-case.server";
import { demoConsentTranslationsSeedStep } from "~/demo/consent-translations.server";
import { syncBuiltinForms } from "~/forms/versions/builtin.server";
import { demoSinbaCasesSeedStep } from "~/demo/sinba-cases.server";
import { demoRetentionCasesSeedStep } from "~/demo/retention-cases.server";
import type { Database } from "~/db/schema";
import type { SeedStep } from "./seed-step";

/**
 * The demo data seeded outside production (`npm start`, `db seed-demo`).
 * Reference data (comuni, services) is created by the migrations, since
 * production needs it too. Later features add their steps here.
 */
export const demoSeedSteps: SeedStep[] = [
  demoUsersSeedStep,
  // Built-in forms: files in schemas/ → published versions, by content hash.
  { name: "forms", run: (db) => syncBuiltinForms(db) },
  demoConsentCaseSeedStep,
  demoConsentTranslationsSeedStep,
  demoSinbaCasesSeedStep,
  demoRetentionCasesSeedStep,
];

/**
 * The advisory lock kysely's migrator takes on PostgreSQL (its PostgresAdapter's
 * LOCK_ID): the seed takes the same one, so processes starting together on an
 * empty database seed one after the other, and never while another migrates.
 */
const MIGRATION_LOCK_ID = "3853314791062309107";

/**
 * Runs every demo seed step in one transaction, under the migrations'
 * advisory lock (held until it commits: the next process then finds the data
 * and changes nothing); returns what each step reported.
 */
export async function seedDemo(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_ID)}::bigint)`.execute(trx);
    const report: string[] = [];
    for (const step of demoSeedSteps) {
      for (const line of await step.run(trx)) report.push(`${step.name}: ${line}`);
    }
    return report;
  });
}
