import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPasswordReset } from "~/auth/password-reset.server";
import { createDatabase, databaseConfigFromEnv } from "~/db/db.server";
import { runCliProcess } from "../support/run-cli";
import { createCliTestDatabase, type CliTestDatabase } from "../support/test-database";

let db: CliTestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createCliTestDatabase();
  env = db.env;
});
afterAll(() => db.destroy());

const cli = (args: string[], stdin?: string) => runCliProcess(args, { env, stdin });

describe("user create", () => {
  it("creates a user with the password from stdin; it can then get a token and call the API", async () => {
    const created = await cli(
      [
        "user",
        "create",
        "--email",
        "Prima.Admin@Comune.it",
        "--password-stdin",
        "--role",
        "admin",
        "--name",
        "Prima Admin",
      ],
      "una password molto lunga\n"
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created user \d+ <Prima\.Admin@Comune\.it> as admin\.$/m);

    const token = await cli(["token", "create", "--email", "prima.admin@comune.it"]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
  });

  it("creates a worker limited to a service and a comune", async () => {
    const r = await cli(
      [
        "user",
        "create",
        "--email",
        "op@comune.it",
        "--password-stdin",
        "--role",
        "worker",
        "--service",
        "tutela-minori",
        "--comune",
        "meda",
      ],
      "un'altra password lunga"
    );
    expect(r.code).toBe(0);
  });

  it.each([
    {
      what: "a password on the command line",
      args: ["--email", "a@b.it", "--password", "secret-secret", "--role", "admin"],
      stdin: "",
      message: /^user create: Unknown option '--password'/,
    },
    {
      what: "no --password-stdin",
      args: ["--email", "a@b.it", "--role", "admin"],
      stdin: "una password molto lunga",
      message: /^user create: pass --password-stdin/,
    },
    {
      what: "no --email",
      args: ["--password-stdin", "--role", "admin"],
      stdin: "una password molto lunga",
      message: /^user create: --email is required$/,
    },
    {
      what: "a short password",
      args: ["--email", "a@b.it", "--password-stdin", "--role", "admin"],
      stdin: "corta\n",
      message: /^user create: La password deve avere almeno 12 caratteri\.$/,
    },
    {
      what: "an unknown role",
      args: ["--email", "a@b.it", "--password-stdin", "--role", "boss"],
      stdin: "una password molto lunga",
      message: /^user create: Ruolo sconosciuto/,
    },
    {
      what: "a worker without a service",
      args: ["--email", "a@b.it", "--password-stdin", "--role", "worker"],
      stdin: "una password molto lunga",
      message: /^user create: Indica il servizio\.$/,
    },
    {
      what: "an unknown comune",
      args: ["--email", "a@b.it", "--password-stdin", "--role", "viewer", "--service", "affidi", "--comune", "milano"],
      stdin: "una password molto lunga",
      message: /^user create: Comune sconosciuto: «milano»\.$/,
    },
    {
      what: "an existing e-mail (any case)",
      args: ["--email", "OP@comune.it", "--password-stdin", "--role", "admin"],
      stdin: "una password molto lunga",
      message: /^user create: Esiste già un utente con questo indirizzo e-mail\.$/,
    },
  ])("refuses $what with one line and exit code 1", async ({ args, stdin, message }) => {
    const r = await cli(["user", "create", ...args], stdin);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("token create", () => {
  it("refuses an unknown e-mail with one line", async () => {
    const r = await cli(["token", "create", "--email", "nessuno@comune.it"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("token create: no user with e-mail nessuno@comune.it");
  });
});

describe("user reset-password", () => {
  it("prints the full one-time link on standard output; the link opens the reset page for that user", async () => {
    const r = await cli(["user", "reset-password", "--email", "OP@comune.it"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const url = r.stdout.trim();
    expect(url).toMatch(/^http:\/\/localhost:\d+\/reimposta-password\/[a-z2-7]{24}\.[a-z2-7]{24}$/);
    // The CLI process has exited: this process may open the database it used.
    const opened = createDatabase(databaseConfigFromEnv(env));
    try {
      expect((await findPasswordReset(opened, url.split("/").pop()!))?.email).toBe("op@comune.it");
      const event = await opened
        .selectFrom("audit_events")
        .select(["actor_kind", "details"])
        .where("action", "=", "auth.password.reset.created")
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ actor_kind: "cli", details: { channel: "cli" } });
    } finally {
      await opened.destroy();
    }
  });

  it("refuses an unknown e-mail with one line and exit code 1", async () => {
    const r = await cli(["user", "reset-password", "--email", "nessuno@comune.it"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe("user reset-password: no user with e-mail nessuno@comune.it");
  });
});

describe("audit export", () => {
  it("prints the events as NDJSON and records the export", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await cli(["audit", "export", "--from", today, "--to", today]);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["user.created", "membership.added", "token.created"])
    );
    expect(events.every((e) => e.occurredAt.startsWith(today))).toBe(true);
    const again = await cli(["audit", "export", "--action", "audit."]);
    expect(
      again.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).action)
    ).toEqual(["audit.exported"]);
  });

  it("prints nothing for a range without events", async () => {
    const r = await cli(["audit", "export", "--from", "2001-01-01", "--to", "2001-01-31"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it.each([
    [["--from", "ieri"], /^audit export: --from must be an ISO date/],
    [["--from", "2026-12-01", "--to", "2026-11-01"], /^audit export: --from must be before --to$/],
  ])("refuses %j with one line", async (args, message) => {
    const r = await cli(["audit", "export", ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
