import { AUDIT_MIN_RETENTION_MONTHS, auditPruneCutoff, countPrunableAuditEvents, pruneAuditEvents } from "~/audit/audit-pruning.server";
import { listAllCasesDue } from "~/cases/retention.server";
import { CliError, type CliCommand } from "../command";
import { cliAudit } from "./options";

/** --months: a whole number of months, at least AUDIT_MIN_RETENTION_MONTHS. */
function parseMonths(value: unknown): number {
  if (value === undefined) return AUDIT_MIN_RETENTION_MONTHS;
  const text = String(value).trim();
  const months = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(months >= AUDIT_MIN_RETENTION_MONTHS)) {
    throw new CliError(`--months deve essere un numero intero di mesi, almeno ${AUDIT_MIN_RETENTION_MONTHS}, non "${text}"`);
  }
  return months;
}

/**
 * The scheduled checks of retention (ADR 0024), for the system's scheduler
 * (cron, a systemd timer): `retention due` lists the cases whose retention has
 * run, `retention prune-audit` applies the audit trail's own rule.
 */
export const retentionCommands: CliCommand[] = [
  {
    name: ["retention", "due"],
    help:
      "Usage: retention due [--json]\n\n" +
      "Lists the closed cases whose retention rule has run (code, service, comune, closure date, due date, legal hold,\n" +
      "pending proposal), oldest due date first, one per line, then their count (with --json: one JSON object per line,\n" +
      "no count). Nothing is deleted: a coordinator proposes the deletion on /conservazione and an admin confirms it on\n" +
      "/admin/conservazione. Exit code 0, also when the list is empty.",
    options: { json: { type: "boolean" } },
    async run(ctx, { values }) {
      const db = await ctx.db();
      const due = await listAllCasesDue(db);
      for (const c of due) {
        if (values.json) {
          ctx.stdout(
            JSON.stringify({
              code: c.code,
              service: c.service,
              comune: c.comune,
              closedOn: c.closedOn,
              yearsAfterClosure: c.yearsAfterClosure,
              dueOn: c.dueOn,
              legalHold: c.hold !== null,
              proposed: c.proposal !== null,
            })
          );
        } else {
          const state = c.hold ? "blocco legale" : c.proposal ? "eliminazione proposta" : "da proporre";
          ctx.stdout(`${c.code}\t${c.service}\t${c.comune ?? "-"}\tchiusa ${c.closedOn}\tscaduta ${c.dueOn}\t${state}`);
        }
      }
      if (!values.json) ctx.stdout(`${due.length} cartelle con la conservazione scaduta`);
    },
  },
  {
    name: ["retention", "prune-audit"],
    help:
      `Usage: retention prune-audit [--months N] [--dry-run]\n\n` +
      `Deletes the audit events older than N months (default and minimum ${AUDIT_MIN_RETENTION_MONTHS}) with the cases they list,\n` +
      "and records the pruning as an audit event. --dry-run only counts them. Prints the counts.",
    options: { months: { type: "string" }, "dry-run": { type: "boolean" } },
    async run(ctx, { values }) {
      const months = parseMonths(values.months);
      const db = await ctx.db();
      if (values["dry-run"]) {
        const cutoff = auditPruneCutoff(months);
        const counts = await countPrunableAuditEvents(db, cutoff);
        ctx.stdout(`prima del ${cutoff.toISOString()}: ${counts.events} eventi, ${counts.eventCases} righe di cartelle mostrate (nulla eliminato)`);
        return;
      }
      const result = await db.transaction().execute((trx) => pruneAuditEvents(trx, cliAudit(), months));
      ctx.stdout(`prima del ${result.cutoff.toISOString()}: eliminati ${result.events} eventi, ${result.eventCases} righe di cartelle mostrate`);
    },
  },
];
