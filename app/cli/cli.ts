import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { checkDatabase, createDatabase, databaseConfigFromEnv } from "~/db/db.server";
import { listPendingMigrations } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import { CliError, type CliCommand, type CliContext } from "./command";
import { auditCommands } from "./commands/audit";
import { dbCommands } from "./commands/db";
import { formsCommands } from "./commands/forms";
import { retentionCommands } from "./commands/retention";
import { sinbaCommands } from "./commands/sinba";
import { tokenCommands } from "./commands/tokens";
import { userCommands } from "./commands/users";

/** Every command of `npm run cli -- …`; features add theirs here. */
export const commands: CliCommand[] = [
  ...dbCommands,
  ...formsCommands,
  ...userCommands,
  ...tokenCommands,
  ...auditCommands,
  ...sinbaCommands,
  ...retentionCommands,
];

function usage(): string {
  return [
    "Usage: npm run cli -- <command> [options]   (add --help to any command)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.join(" ").padEnd(24)}${c.help.split("\n\n")[1]?.split("\n")[0] ?? ""}`),
  ].join("\n");
}

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: Pick<CliContext, "stdout" | "stdin"> & { stderr(line: string): void }): Promise<number> {
  const command = commands.find((c) => c.name.every((word, i) => argv[i] === word));
  if (!command) {
    const wantsHelp = argv.length === 0 || argv[0] === "--help" || argv[0] === "help";
    (wantsHelp ? io.stdout : io.stderr)(wantsHelp ? usage() : `Unknown command "${argv.join(" ")}".\n\n${usage()}`);
    return wantsHelp ? 0 : 1;
  }
  const rest = argv.slice(command.name.length);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help);
    return 0;
  }

  let db: Kysely<Database> | undefined;
  const ctx: CliContext = {
    ...io,
    async db(options = {}) {
      if (!db) {
        const config = databaseConfigFromEnv();
        db = createDatabase(config);
        await checkDatabase(db, config);
        // Other commands would fail on a missing table with a confusing message.
        const pending = options.allowPendingMigrations ? [] : await listPendingMigrations(db);
        if (pending.length) {
          throw new CliError(
            `the database is not up to date (${pending.length} pending migrations): run "npm run cli -- db migrate" first`,
          );
        }
      }
      return db;
    },
  };
  try {
    const args = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    await command.run(ctx, args as { values: Record<string, unknown>; positionals: string[] });
    return 0;
  } catch (error) {
    io.stderr(`${command.name.join(" ")}: ${describeCliError(error)}`);
    if (process.env.DEBUG && !(error instanceof CliError)) console.error(error);
    return 1;
  } finally {
    await db?.destroy();
  }
}

function describeCliError(error: unknown): string {
  if (error instanceof Error) {
    // parseArgs errors carry codes like ERR_PARSE_ARGS_UNKNOWN_OPTION; their message is already clear.
    return error.message.split("\n")[0] ?? error.name;
  }
  return String(error);
}
