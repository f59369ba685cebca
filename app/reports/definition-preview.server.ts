import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import { todayInRome } from "~/cases/today";
import type { Database } from "~/db/schema";
import { InvalidInputError } from "~/lib/errors";
import type { DefinitionInput } from "./definition-store.server";
import { checkReportDefinition } from "./definition-store.server";
import { LINKS_NOTE, definitionTable } from "./definitions.server";
import { parsePeriod } from "./period";
import { presentReport, reportThreshold, type ReportTable } from "./reports.server";

/**
 * The table a definition would show, for the current year over the admin's
 * `report.design` scope (the whole Ambito), before it is published (ADR
 * 0027). Small counts are suppressed as on /rapporti and no figure links to
 * a list: the admin reads no case data here. The preview reads schede of
 * every service, so each one is audited (`report.definition.previewed`).
 * A definition with problems throws InvalidInputError, by property.
 */
export async function previewReportDefinition(
  db: Kysely<Database>,
  scope: Scope,
  input: DefinitionInput,
  audit: AuditContext,
  today = todayInRome()
): Promise<{ period: string; table: ReportTable }> {
  const definition = { key: "anteprima", version: 1, ...input };
  const problems = await checkReportDefinition(db, definition);
  if (problems.length) throw new InvalidInputError(problems);
  const { period } = parsePeriod({ periodo: "anno", anno: today.slice(0, 4) }, today);
  const filters = { period: period! };
  const threshold = reportThreshold();
  const raw = await definitionTable(db, scope, filters, definition, threshold);
  const [table] = presentReport({ filters, tables: [raw] }, threshold);
  await recordAuditEvent(db, {
    ...audit,
    action: "report.definition.previewed",
    details: { report: definition.title, form: definition.form, from: filters.period.from, to: filters.period.to },
  });
  const rows = table!.rows.map((r) => ({ ...r, cells: r.cells.map(({ href: _href, ...c }) => c) }));
  return { period: period!.label, table: { ...table!, rows, notes: table!.notes.filter((n) => n !== LINKS_NOTE) } };
}
