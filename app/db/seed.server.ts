import type { Kysely } from "kysely";
import { demoUsersSeedStep } from "~/auth/demo-users.server";
import { demoConsentCaseSeedStep } from "~/consent/demo-case.server";
import { syncBuiltinForms } from "~/forms/builtin.server";
import type { Database } from "./schema";

/** One idempotent step of the demo seed: running it twice changes nothing. */
export interface SeedStep {
  name: string;
  run(db: Kysely<Database>): Promise<string[]>;
}

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
];

/** Runs every demo seed step in one transaction; returns what each step reported. */
export async function seedDemo(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const report: string[] = [];
    for (const step of demoSeedSteps) {
      for (const line of await step.run(trx)) report.push(`${step.name}: ${line}`);
    }
    return report;
  });
}
