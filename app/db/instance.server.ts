import type { Kysely } from "kysely";
import { createDatabase, databaseConfigFromEnv } from "./db.server";
import type { Database } from "./schema";

// Kept on globalThis so that the dev server's module reloads reuse the one
// open PGlite instead of opening the data directory twice (STACK.md pitfall 11).
declare global {
  // eslint-disable-next-line no-var
  var __schedarioDb: Kysely<Database> | undefined;
}

/** The process-wide database handle, configured from the environment. */
export function getDb(): Kysely<Database> {
  globalThis.__schedarioDb ??= createDatabase(databaseConfigFromEnv());
  return globalThis.__schedarioDb;
}

/** Closes the process-wide handle, if one was opened. */
export async function closeDb(): Promise<void> {
  const db = globalThis.__schedarioDb;
  globalThis.__schedarioDb = undefined;
  await db?.destroy();
}
