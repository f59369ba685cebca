import { Migrator, type Kysely, type Migration, type MigrationResultSet } from "kysely";
import { migrations } from "../../migrations";

/** Thrown when a migration fails; the message names it and the cause in one line. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Brings the schema to the latest migration. kysely runs all pending
 * migrations in one transaction on PostgreSQL (transactional DDL), so a
 * failure half-way leaves the database exactly as it was.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  migrationSet: Record<string, Migration> = migrations,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationSet } });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "(before any migration ran)";
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${failed} failed, nothing was changed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of the migrations not yet applied to this database, in order. */
export async function listPendingMigrations(
  db: Kysely<any>,
  migrationSet: Record<string, Migration> = migrations,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationSet } });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}
