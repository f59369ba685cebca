import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabase, createDatabaseFromPGlite } from "../../app/db/db.server";
import { migrateToLatest } from "../../app/db/migrate.server";
import { databaseUrlWithName } from "./database-url";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of a dump of a freshly migrated database. */
    pgliteTemplate: string;
    /** PostgreSQL: name of a freshly migrated template database. */
    postgresTemplate: string;
  }
}

/**
 * Migrates one template per test run; each test file then starts from a copy
 * of it (a fresh PGlite costs 2–3 s of initdb, a copy a fraction of that).
 */
export default async function setup(project: TestProject) {
  // Global setup runs in the main process, where the project's `env` is not applied: use its name.
  if (project.name === "postgres") return setupPostgresTemplate(project);
  return setupPGliteTemplate(project);
}

async function setupPGliteTemplate(project: TestProject) {
  const pglite = await PGlite.create();
  const db = createDatabaseFromPGlite(pglite);
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir("none");
  await db.destroy();
  const file = path.join(tmpdir(), `schedario-template-${process.pid}-${randomBytes(4).toString("hex")}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(file, { force: true });
}

async function setupPostgresTemplate(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL!;
  const name = `schedario_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDatabase({ kind: "postgres", url: databaseUrlWithName(url, name) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide("postgresTemplate", name);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
