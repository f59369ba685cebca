import { exportAuditEvents, recordAuditEvent } from "~/audit/audit.server";
import { parseDayBound } from "~/audit/day-bound";
import { CliError, type CliCommand } from "../command";
import { cliAudit } from "./options";

/** An ISO date (see parseDayBound: a bare date as --to includes that day) or an ISO date-time. */
export function parseExportBound(value: unknown, name: "from" | "to"): Date | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const date = parseDayBound(text, name) ?? new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new CliError(`--${name} must be an ISO date (2026-11-30) or date-time (2026-11-30T14:00:00Z), not "${text}"`);
  }
  return date;
}

export const auditCommands: CliCommand[] = [
  {
    name: ["audit", "export"],
    help:
      "Usage: audit export [--from DATE] [--to DATE] [--action A]\n\n" +
      "Prints the audit events from --from (inclusive) to --to (a bare date includes that day), oldest first,\n" +
      "as NDJSON: one JSON object per line. --action takes an action or a prefix ending in a dot (auth.).\n" +
      "The export itself is recorded in the audit trail.",
    options: { from: { type: "string" }, to: { type: "string" }, action: { type: "string" } },
    async run(ctx, { values }) {
      const from = parseExportBound(values.from, "from");
      const to = parseExportBound(values.to, "to");
      if (from && to && from >= to) throw new CliError("--from must be before --to");
      const db = await ctx.db();
      const filters = { from, to, action: values.action as string | undefined };
      const count = await exportAuditEvents(db, filters, (line) => ctx.stdout(line));
      await recordAuditEvent(db, {
        ...cliAudit(),
        action: "audit.exported",
        details: {
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
          action: filters.action ?? null,
          count,
        },
      });
    },
  },
];
