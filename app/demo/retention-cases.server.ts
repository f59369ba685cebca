import { sql } from "kysely";
import { intake, seedCase, type DemoCase } from "./sinba-cases.server";
import type { SeedStep } from "./seed-step";

/**
 * Demo cases for retention (ADR 0024): two cases of Seregno closed in 2014,
 * past the initial ten-year rule, so /conservazione has something to show
 * and the coordinator can try a legal hold and a deletion proposal. Idempotent
 * by code; a deleted demo case is not created again (its tombstone keeps the code).
 */
export const DEMO_RETENTION_CASES: DemoCase[] = ["TM-SER-2014-001", "TM-SER-2014-002"].map((code, i) => ({
  code,
  comune: "seregno",
  minorRef: `MIN-DEMO-2014-${i + 1}`,
  worker: "operatore.seregno@demo.schedario.it",
  forms: [{ slug: "scheda-segnalazione", data: intake({ dataSegnalazione: "2013-03-11" }) }],
}));

export const demoRetentionCasesSeedStep: SeedStep = {
  name: "retention demo cases",
  async run(db) {
    const report: string[] = [];
    for (const demo of DEMO_RETENTION_CASES) {
      const deleted = await db.selectFrom("case_tombstones").select("case_id").where("code", "=", demo.code).executeTakeFirst();
      if (deleted) {
        report.push(`case ${demo.code} was deleted`);
        continue;
      }
      report.push(await seedCase(db, demo));
      await db
        .updateTable("cases")
        .set({ opened_at: sql`timestamptz '2013-03-11 10:00+01'`, closed_at: sql`timestamptz '2014-06-30 12:00+02'` })
        .where("service_code", "=", "tutela-minori")
        .where("code", "=", demo.code)
        .where("closed_at", "is", null)
        .execute();
    }
    return report;
  },
};
