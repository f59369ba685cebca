import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";

/** One idempotent step of the demo seed: running it twice changes nothing. */
export interface SeedStep {
  name: string;
  run(db: Kysely<Database>): Promise<string[]>;
}
