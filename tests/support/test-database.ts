import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Kysely } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { createDatabase, createDatabaseFromPGlite, type DatabaseConfig } from "../../app/db/db.server";
import { migrateToLatest } from "../../app/db/migrate.server";
import type { Database } from "../../app/db/schema";
import { databaseUrlWithName } from "./database-url";

export interface TestDatabase {
  db: Kysely<Database>;
  kind: "pglite" | "postgres";
  /** How to reach this database from another process (CLI, server), as environment variables. */
  env: Record<string, string>;
  /** Closes and removes the database. */
  destroy(): Promise<void>;
}

/** Which database this test project runs against. */
export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";
}

/**
 * A fresh database of this project's kind. By default a copy of the migrated
 * template; `{ empty: true }` gives one with no tables at all (migration tests).
 * Call once per test file (beforeAll) and destroy it in afterAll.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (testDatabaseKind() === "postgres") return createPostgresTestDatabase(options.empty ?? false);
  const pglite = options.empty
    ? await PGlite.create()
    : await PGlite.create({ loadDataDir: new Blob([await readFile(inject("pgliteTemplate"))]) });
  const db = createDatabaseFromPGlite(pglite);
  return { db, kind: "pglite", env: {}, destroy: () => db.destroy() };
}

async function createPostgresTestDatabase(empty: boolean): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL!;
  const name = `schedario_test_${randomBytes(6).toString("hex")}`;
  const template = empty ? "template0" : inject("postgresTemplate");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await createDatabaseFromTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const config: DatabaseConfig = { kind: "postgres", url: databaseUrlWithName(url, name) };
  const db = createDatabase(config);
  return {
    db,
    kind: "postgres",
    env: { DATABASE_URL: config.url },
    async destroy() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Copies a template; PostgreSQL refuses while another copy of it is starting, so retry briefly. */
async function createDatabaseFromTemplate(admin: pg.Client, name: string, template: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code === "55006";
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export interface CliTestDatabase {
  /** Environment that points a CLI or server process at this database. */
  env: Record<string, string>;
  /** A scratch folder for the test's own files, removed by destroy(). */
  dir: string;
  destroy(): Promise<void>;
}

/**
 * A database of this project's kind that another process (the CLI) can open:
 * a PGlite directory (not yet created: the CLI must create its parents) or a
 * fresh PostgreSQL database. Migrated unless `{ empty: true }`.
 */
export async function createCliTestDatabase(options: { empty?: boolean } = {}): Promise<CliTestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "schedario-cli-"));
  let t: TestDatabase | undefined;
  let env: Record<string, string>;
  if (testDatabaseKind() === "postgres") {
    t = await createTestDatabase(options);
    env = t.env;
  } else {
    const dataDir = path.join(dir, "nested/not/yet/there");
    env = { PGLITE_DIR: dataDir };
    if (!options.empty) {
      const db = createDatabase({ kind: "pglite", dataDir });
      await migrateToLatest(db);
      await db.destroy();
    }
  }
  return {
    env,
    dir,
    async destroy() {
      await t?.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
