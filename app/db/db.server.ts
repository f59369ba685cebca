import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import type pg from "pg";
import { PGliteDialect } from "./pglite-dialect.server";
import { DataDirectoryInUseError, lockDataDirectory } from "./pglite-lock.server";
import type { Database } from "./schema";

export type DatabaseConfig =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

/** A problem with the database that the operator must fix; the message is one readable line. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** DATABASE_URL selects PostgreSQL; otherwise the embedded PGlite in PGLITE_DIR (DESIGN §2). */
export function databaseConfigFromEnv(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(env.PGLITE_DIR || "./data/pglite") };
}

/**
 * Creates a kysely instance for the configuration. Both drivers return the
 * same JavaScript types: int8 (bigint ids, count(*)) as numbers, timestamptz as
 * Date, jsonb parsed — so no code above this layer cares which one runs.
 * Each driver is imported on the first query, not with this module: PGlite's
 * WebAssembly build alone is a noticeable part of a CLI command's start-up,
 * and a process needs only one of the two.
 */
export function createDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.kind === "postgres") {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: () => openPostgresPool(config.url) }) });
  }
  try {
    // PGlite fails with an obscure error when the parent folder is missing (STACK.md pitfall 2).
    mkdirSync(config.dataDir, { recursive: true });
  } catch (error) {
    throw new DatabaseUnavailableError(describeDatabaseError(error, config));
  }
  return new Kysely<Database>({
    dialect: new PGliteDialect(async () => {
      // One process per data directory: a second one is refused before it touches a file.
      const release = await lockDataDirectory(config.dataDir);
      try {
        const { PGlite } = await import("@electric-sql/pglite");
        return { pglite: new PGlite({ dataDir: config.dataDir }), release };
      } catch (error) {
        await release();
        throw error;
      }
    }),
  });
}

/** An in-memory or preloaded PGlite, for tests and tools that build a template. */
export function createDatabaseFromPGlite(pglite: PGlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PGliteDialect(async () => ({ pglite })) });
}

const INT8_OID = 20;

async function openPostgresPool(url: string): Promise<pg.Pool> {
  const { default: pg } = await import("pg");
  const getTypeParser = (oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? parseSafeInteger : pg.types.getTypeParser(oid, format as "text");
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE || 10),
    connectionTimeoutMillis: 5_000,
    types: { getTypeParser: getTypeParser as typeof pg.types.getTypeParser },
  });
  // An idle client losing its connection must not crash the process.
  pool.on("error", (error) => console.warn(`PostgreSQL pool: ${error.message}`));
  return pool;
}

function parseSafeInteger(value: string): number {
  const n = Number(value);
  // Ids and counts stay far below 2^53; anything larger is a bug worth failing on.
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

/** Runs a trivial query; throws DatabaseUnavailableError with a one-line explanation. */
export async function checkDatabase(db: Kysely<Database>, config: DatabaseConfig): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw new DatabaseUnavailableError(describeDatabaseError(error, config));
  }
}

/** Turns driver errors into a sentence naming the setting to fix. */
export function describeDatabaseError(error: unknown, config: DatabaseConfig): string {
  if (error instanceof DataDirectoryInUseError) return error.message;
  const err = error as { code?: string; message?: string };
  const detail = err.code ?? err.message ?? String(error);
  if (config.kind === "postgres") {
    const where = describePostgresUrl(config.url);
    switch (err.code) {
      case "ECONNREFUSED":
      case "ENOTFOUND":
      case "EHOSTUNREACH":
      case "ETIMEDOUT":
        return `Cannot reach PostgreSQL at ${where} (DATABASE_URL): ${err.code}`;
      case "28P01":
      case "28000":
        return `PostgreSQL at ${where} refused the credentials in DATABASE_URL`;
      case "3D000":
        return `The database named in DATABASE_URL does not exist on ${where}`;
    }
    if (/timeout/i.test(err.message ?? "")) return `Cannot reach PostgreSQL at ${where} (DATABASE_URL): timed out`;
    return `PostgreSQL at ${where} (DATABASE_URL) failed: ${detail}`;
  }
  switch (err.code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `Cannot write the embedded database directory ${config.dataDir} (PGLITE_DIR): permission denied`;
    case "ENOTDIR":
    case "EEXIST":
      return `PGLITE_DIR ${config.dataDir} is not a directory`;
  }
  return `The embedded database in ${config.dataDir} (PGLITE_DIR) could not be opened: ${detail}`;
}

/** host:port/database without the password, safe to print. */
function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "an unparsable URL";
  }
}

/** Binds a value to a jsonb column: pg and PGlite agree only on JSON text (STACK.md pitfall 1). */
export function toJsonb(value: unknown): string {
  return JSON.stringify(value);
}
