import { describe, expect, it } from "vitest";
import { databaseConfigFromEnv, describeDatabaseError, type DatabaseConfig } from "./db.server";

describe("databaseConfigFromEnv", () => {
  it.each([
    [{ DATABASE_URL: "postgres://u@h/db" }, { kind: "postgres", url: "postgres://u@h/db" }],
    [{ DATABASE_URL: "postgres://u@h/db", PGLITE_DIR: "/x" }, { kind: "postgres", url: "postgres://u@h/db" }],
    [{ PGLITE_DIR: "/var/lib/schedario" }, { kind: "pglite", dataDir: "/var/lib/schedario" }],
    [{ DATABASE_URL: "" }, { kind: "pglite", dataDir: expect.stringMatching(/\/data\/pglite$/) }],
  ])("%j → %j", (env, expected) => {
    expect(databaseConfigFromEnv(env)).toEqual(expected);
  });
});

describe("describeDatabaseError names the setting to fix, without secrets", () => {
  const pgConfig: DatabaseConfig = { kind: "postgres", url: "postgres://app:s3cret@db.example:6543/schedario" };
  const liteConfig: DatabaseConfig = { kind: "pglite", dataDir: "/srv/pglite" };
  it.each([
    [pgConfig, { code: "ECONNREFUSED" }, "Cannot reach PostgreSQL at db.example:6543/schedario (DATABASE_URL): ECONNREFUSED"],
    [pgConfig, { code: "28P01" }, "PostgreSQL at db.example:6543/schedario refused the credentials in DATABASE_URL"],
    [pgConfig, { code: "3D000" }, "The database named in DATABASE_URL does not exist on db.example:6543/schedario"],
    [pgConfig, new Error("Connection terminated due to connection timeout"), "Cannot reach PostgreSQL at db.example:6543/schedario (DATABASE_URL): timed out"],
    [liteConfig, { code: "EACCES" }, "Cannot write the embedded database directory /srv/pglite (PGLITE_DIR): permission denied"],
    [liteConfig, { code: "ENOTDIR" }, "PGLITE_DIR /srv/pglite is not a directory"],
  ])("%#", (config, error, message) => {
    const text = describeDatabaseError(error, config);
    expect(text).toBe(message);
    expect(text).not.toContain("s3cret");
  });
});
