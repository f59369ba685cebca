import type { SeedStep } from "./seed-step";

/**
 * One demo case (Tutela Minori · Seregno) so that the case and consent pages
 * can be tried in demo mode; idempotent by (service, code). Inserted directly
 * (not through createCase) because the seed runs as the system, not as a worker.
 */
export const DEMO_CONSENT_CASE = { code: "TM-SER-2026-001", service: "tutela-minori", comune: "seregno", minorRef: "MIN-DEMO-001" };

export const demoConsentCaseSeedStep: SeedStep = {
  name: "consent demo case",
  async run(db) {
    const worker = await db.selectFrom("users").select("id").where("email", "=", "operatore.seregno@demo.schedario.it").executeTakeFirst();
    if (!worker) return ["skipped: no demo worker"];
    const inserted = await db
      .insertInto("cases")
      .values({
        code: DEMO_CONSENT_CASE.code,
        minor_ref: DEMO_CONSENT_CASE.minorRef,
        service_code: DEMO_CONSENT_CASE.service,
        comune_code: DEMO_CONSENT_CASE.comune,
        created_by: worker.id,
      })
      .onConflict((oc) => oc.columns(["service_code", "code"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return [inserted ? `case ${DEMO_CONSENT_CASE.code} created (id ${inserted.id})` : `case ${DEMO_CONSENT_CASE.code} already there`];
  },
};
