import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createDatabase } from "~/db/db.server";
import { runCliProcess } from "../support/run-cli";
import { createCliTestDatabase, testDatabaseKind, type CliTestDatabase } from "../support/test-database";

let db: CliTestDatabase;
/** Environment that points the CLI at an empty database of this project's kind. */
let env: Record<string, string>;

beforeAll(async () => {
  db = await createCliTestDatabase({ empty: true });
  env = db.env;
});
afterAll(() => db.destroy());

describe("npm run cli -- db …", () => {
  it("migrates through tsx as `npm run cli` does, then says the database is up to date", async () => {
    // The other cases run the bundle built for the tests; this one runs the operator's own command.
    const first = await runCliProcess(["db", "migrate"], { env, viaTsx: true });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied: 0001_reference_data/);
    const second = await runCliProcess(["db", "migrate"], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
  });

  it("seeds demo data idempotently", async () => {
    const first = await runCliProcess(["db", "seed-demo"], { env });
    expect(first.code).toBe(0);
    const second = await runCliProcess(["db", "seed-demo"], { env });
    expect(second.code).toBe(0);
  });

  it("refuses to seed demo data in production", async () => {
    const result = await runCliProcess(["db", "seed-demo"], { env: { ...env, NODE_ENV: "production" } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("db seed-demo: demo data is never seeded in production (NODE_ENV=production)");
  });

  it("prints help for the whole CLI and for each command", async () => {
    const all = await runCliProcess(["--help"]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/db migrate/);
    const one = await runCliProcess(["db", "migrate", "--help"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Usage: db migrate/);
  });
});

describe("bad input gives one clear line and exit code 1", () => {
  it.each([
    {
      what: "an unreachable DATABASE_URL",
      env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
      message: /^db migrate: Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none \(DATABASE_URL\): ECONNREFUSED$/,
    },
    {
      what: "a PGLITE_DIR below a file",
      env: { PGLITE_DIR: "/etc/hostname/pglite" },
      message: /^db migrate: PGLITE_DIR \/etc\/hostname\/pglite is not a directory$/,
    },
  ] as { what: string; env: Record<string, string>; message: RegExp }[])("$what", async ({ env: badEnv, message }) => {
    const result = await runCliProcess(["db", "migrate"], { env: badEnv });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a command other than db migrate on a database that is not migrated", async () => {
    const empty = await createCliTestDatabase({ empty: true });
    try {
      const result = await runCliProcess(["forms", "list"], { env: empty.env });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^forms list: the database is not up to date \(\d+ pending migrations\): run "npm run cli -- db migrate" first$/,
      );
    } finally {
      await empty.destroy();
    }
  });

  it("an unknown command", async () => {
    const result = await runCliProcess(["db", "frobnicate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Unknown command "db frobnicate"/);
  });

  it("an unknown option", async () => {
    const result = await runCliProcess(["db", "migrate", "--bogus"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^db migrate: Unknown option '--bogus'/);
  });
});


describe.runIf(testDatabaseKind() === "pglite")("one process per PGlite directory", () => {
  it("refuses a CLI command while another process holds the directory, with one line saying which and what to do", async () => {
    // This test process stands for the running server.
    const server = createDatabase({ kind: "pglite", dataDir: env.PGLITE_DIR! });
    await sql`select 1`.execute(server);
    try {
      const refused = await runCliProcess(["token", "create", "--email", "nessuno@prova.it"], { env });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toMatch(
        /^token create: The embedded database in .+ \(PGLITE_DIR\) is in use by another Schedario process \(pid \d+, .+\): PGlite serves one process at a time\. Stop that process first, or use PostgreSQL \(DATABASE_URL\) to run several\.$/,
      );
    } finally {
      await server.destroy();
    }
    // Released on close: the next process opens it.
    expect((await runCliProcess(["db", "migrate"], { env })).code).toBe(0);
  });
});
