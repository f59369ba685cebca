import { checkDatabase, databaseConfigFromEnv } from "~/db/db.server";
import { closeDb, getDb } from "~/db/instance.server";
import { migrateToLatest } from "~/db/migrate.server";
import { seedDemo } from "~/demo/seed.server";
import { dummyPasswordHash } from "~/auth/password.server";

// server.mjs refuses cross-site posts before Remix sees them (see there).
export { verifyRequestOrigin } from "~/auth/origin.server";
// server.mjs hands every request to this screen before any route sees it.
export { screenRequest } from "~/http/request-screen.server";

/**
 * Prepares the process to serve: the database answers, the schema is
 * current and, outside production, the demo data is there. Called by the
 * server before it listens. Throws errors whose message is one readable line.
 */
export async function startup(log: (line: string) => void = console.log): Promise<void> {
  const config = databaseConfigFromEnv();
  const db = getDb();
  await checkDatabase(db, config);
  log(
    config.kind === "postgres"
      ? "Database: PostgreSQL (DATABASE_URL)"
      : `Database: embedded PGlite in ${config.dataDir}`,
  );
  const applied = await migrateToLatest(db);
  log(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Migrations: up to date");
  if (process.env.NODE_ENV !== "production") {
    for (const line of await seedDemo(db)) log(`Demo data: ${line}`);
  }
  // Computed now, so that the first login with an unknown e-mail does not take longer than the others.
  await dummyPasswordHash();
}

/** Releases what startup opened; the server calls it after the last request finished. */
export async function shutdown(): Promise<void> {
  await closeDb();
}
