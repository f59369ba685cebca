import type { Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

/**
 * What the coordinators' report needs (issue 18 item 5, `npm run bench:report`).
 * Its table of schede counts the schede created in a period per form and
 * status within the caller's services: without this index PostgreSQL reads
 * every scheda of the service (about 120,000 of 1,000,000 for Tutela Minori)
 * and keeps a year of them; with it, only that year (230 → 97 ms under
 * EXPLAIN ANALYZE on the benchmark's database). The other reads of the report
 * go by case (submissions_case, court_orders_case, consent_requests_case) or
 * scan tables of a few tens of thousands of rows, which no index made faster.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("submissions_service_created").on("submissions").columns(["service_code", "created_at"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
