import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";

/** A problem the person at the terminal can fix; printed as one line, exit code 1. */
export class CliError extends Error {
  override name = "CliError";
}

export interface CliContext {
  /** Opens (once) the database configured by the environment, already checked to answer. */
  db(options?: { allowPendingMigrations?: boolean }): Promise<Kysely<Database>>;
  stdout(line: string): void;
  stdin(): Promise<string>;
}

/** One CLI command, e.g. `db migrate`. */
export interface CliCommand {
  /** The words that select it: ["db", "migrate"]. */
  name: string[];
  /** `--help` text: usage line first, then what it does. */
  help: string;
  /** Options for node:util parseArgs. */
  options?: Record<string, { type: "string" | "boolean"; multiple?: boolean }>;
  run(ctx: CliContext, args: { values: Record<string, unknown>; positionals: string[] }): Promise<void>;
}
