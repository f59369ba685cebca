import type { AuditContext } from "~/audit/audit.server";
import { CliError } from "../command";

/** A string option that must be present and not blank. */
export function requiredString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || !value.trim()) throw new CliError(`--${name} is required`);
  return value.trim();
}

/** Audit context of a CLI command: the operator at the terminal, identified by the OS user. */
export function cliAudit(): AuditContext {
  return { actor: { kind: "cli" }, client: { ip: null, userAgent: `cli (${process.env.USER ?? "unknown"})` } };
}
