import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import { parseDayBound } from "~/audit/day-bound";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { choices } from "~/cases/triangle";
import type { Database } from "~/db/schema";
import { presentInVersion } from "~/forms/mapping/mapping";
import { pointerTokens, schemaForDataPointer, valueAtPointer, type JsonSchema } from "~/forms/schema/json-schema";
import { createAjv } from "~/forms/validation/create-ajv";
import { listFormVersions } from "~/forms/versions/registry.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { describeValidationErrors } from "~/forms/validation/messages";
import type { FieldError } from "~/lib/errors";
import definitionsData from "./data/definitions.json";
import definitionsSchema from "./data/definitions.schema.json";
import { durationStats } from "./figures";
import { MONTH_NAMES, isDay } from "./period";
import type { ReportDefinition } from "./definition-model";
import type { RawCell, RawTable, ReportFilters } from "./report-model";
import { submissionsWithLatestRevision } from "~/submissions/submission-query.server";

/**
 * Reports declared as data (issue 18 item 3, ADR 0026 and 0027): over one
 * field of one form, a count, a distribution over the field's options or a
 * mean, grouped by service, comune, month, quarter, year or another field.
 * Built-in definitions live in `data/definitions.json`, the ones admins
 * publish in the database (`definition-store.server.ts`); both are checked
 * against `data/definitions.schema.json` by the one validator below. A key
 * may appear in several versions, the highest is shown. Every submitted
 * scheda is read in the form's newest published version through the declared
 * mappings (ADR 0012).
 */

// The file's schema validates one definition as an entry of its list: one schema, one validator, for the file and the database.
const validateFile = createAjv().compile(definitionsSchema as object);
const ENTRY = "/definitions/0";

/** The problems of one definition against the JSON Schema, in Italian, each naming the definition's property ("/title"). */
export function checkDefinitionShape(definition: unknown): FieldError[] {
  if (validateFile({ definitions: [definition] })) return [];
  return describeValidationErrors(validateFile.errors, definitionsSchema as JsonSchema).map((e) => ({
    path: e.path.startsWith(ENTRY) ? e.path.slice(ENTRY.length) : e.path,
    message: e.message,
  }));
}

let loaded: ReportDefinition[] | undefined;

/** The built-in definitions in force (the highest version of each key in the file), validated once. */
export function builtinReportDefinitions(): ReportDefinition[] {
  if (loaded) return loaded;
  if (!validateFile(definitionsData)) {
    const error = validateFile.errors![0]!;
    throw new Error(`app/reports/data/definitions.json non è valido in ${error.instancePath || "/"}: ${error.message}`);
  }
  const newest = new Map<string, ReportDefinition>();
  for (const d of (definitionsData as { definitions: ReportDefinition[] }).definitions) {
    if ((newest.get(d.key)?.version ?? 0) < d.version) newest.set(d.key, d);
  }
  loaded = [...newest.values()];
  return loaded;
}

/** The note under a table whose counts link to case lists (the admin's preview has no links, and drops it). */
export const LINKS_NOTE = "Il collegamento porta alle cartelle di queste schede.";

/** The group of a day for a grouping by time: a key that sorts in time, and its label. */
function timeGroup(day: string, by: "month" | "quarter" | "year"): [string, string] {
  const month = Number(day.slice(5, 7));
  if (by === "month") return [day.slice(0, 7), `${MONTH_NAMES[month - 1]} ${day.slice(0, 4)}`];
  const quarter = Math.floor((month - 1) / 3) + 1;
  if (by === "quarter") return [`${day.slice(0, 4)}-${quarter}`, `${quarter}º trimestre ${day.slice(0, 4)}`];
  return [day.slice(0, 4), day.slice(0, 4)];
}

/**
 * Leaves out, in the database, the schede the period cannot count (years of
 * them otherwise travel to be dropped here): by creation instant when the
 * creation day places them (a UTC day, as `toISOString` reads it); else the
 * schede of the newest version — read as they are, no mapping — whose date is
 * a plain valid day outside the period. Everything else (older versions, a
 * missing or malformed date, a day that might not exist such as 02-30) is still
 * decided below, so the notes about undated schede keep counting them.
 */
function placedNearPeriod(def: ReportDefinition, newestVersion: number, filters: ReportFilters) {
  const { from, to } = filters.period;
  return (eb: ExpressionBuilder<Database & { s: Database["submissions"]; v: Database["form_versions"]; r: Database["submission_revisions"] }, "s" | "v" | "r">) => {
    if (!def.date) return eb.and([eb("s.created_at", ">=", parseDayBound(from, "from")!), eb("s.created_at", "<", parseDayBound(to, "to")!)]);
    const day = sql<string>`(r.data #>> ${pointerTokens(def.date)}::text[]) collate "C"`;
    const plainDay = sql<boolean>`${day} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$'`;
    return eb.or([eb("v.version", "<>", newestVersion), sql<boolean>`${day} is null`, eb.not(plainDay), sql<boolean>`${day} between ${from} and ${to}`]);
  };
}

/** One definition's table for the period and filters, within the scope. */
export async function definitionTable(db: Kysely<Database>, scope: Scope, filters: ReportFilters, def: ReportDefinition, threshold: number): Promise<RawTable> {
  const versions = await listFormVersions(db, def.form);
  const newest = versions.at(-1);
  const base = { key: `def-${def.key}`, title: def.title, description: def.description, chart: def.measure !== "mean" };
  if (!newest) return { ...base, columns: ["Schede"], rows: [], notes: ["Il modulo di questo report non ha ancora una versione pubblicata."] };
  const optionsAt = (pointer: string) => {
    const field = schemaForDataPointer(newest.schema, pointer);
    return field ? choices(newest.schema, field) : [];
  };
  const options = optionsAt(def.field);
  let query = submissionsWithLatestRevision(db)
    .select(["s.case_id", "s.service_code", "s.comune_code", "s.created_at", "v.version", "r.data"])
    .where("f.slug", "=", def.form)
    .where("s.status", "=", "submitted")
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }));
  if (filters.service) query = query.where("s.service_code", "=", filters.service);
  if (filters.comune) query = query.where("s.comune_code", "=", filters.comune);
  query = query.where(placedNearPeriod(def, newest.version!, filters));
  const rows = await query.orderBy("s.id").execute();
  const chain = versions.map((v) => ({ version: v.version!, mapping: v.mapping }));
  const { services, comuni } = await listReferenceData(db);
  const groupField = def.groupBy.by === "field" ? def.groupBy.field : undefined;
  const groupOptions = groupField ? optionsAt(groupField) : [];

  // group key → { label, schede: [{ caseId, value }] }
  const groups = new Map<string, { label: string; items: { caseId: number | null; value: unknown }[] }>();
  let undated = 0;
  for (const row of rows) {
    const data = presentInVersion(row.data, row.version!, newest.version!, chain);
    const dated = def.date ? valueAtPointer(data, def.date) : row.created_at.toISOString().slice(0, 10);
    if (typeof dated !== "string" || !isDay(dated)) {
      undated++;
      continue;
    }
    if (dated < filters.period.from || dated > filters.period.to) continue;
    let key: string;
    let label: string;
    if (def.groupBy.by === "service") [key, label] = [row.service_code, services.find((s) => s.code === row.service_code)?.name ?? row.service_code];
    else if (def.groupBy.by === "comune") [key, label] = [row.comune_code ?? "", comuni.find((c) => c.code === row.comune_code)?.name ?? "Nessun comune"];
    else if (def.groupBy.by !== "field") [key, label] = timeGroup(dated, def.groupBy.by);
    else {
      const v = valueAtPointer(data, groupField!);
      key = v === undefined || v === null || v === "" ? "" : String(v);
      label = key ? (groupOptions.find((o) => String(o.value) === key)?.label ?? key) : "Non indicato";
    }
    const group = groups.get(key) ?? { label, items: [] };
    group.items.push({ caseId: row.case_id, value: valueAtPointer(data, def.field) });
    groups.set(key, group);
  }
  const byTime = def.groupBy.by === "month" || def.groupBy.by === "quarter" || def.groupBy.by === "year";
  const sorted = [...groups].sort(([a], [b]) => (byTime ? a.localeCompare(b) : 0)).map(([, g]) => g);
  const cell = (items: { caseId: number | null }[]): RawCell => ({
    kind: "items",
    count: items.length,
    caseIds: items.flatMap((i) => (i.caseId === null ? [] : [i.caseId])),
  });
  const notes = undated ? [`${undated === 1 ? "1 scheda non ha" : `${undated} schede non hanno`} una data valida nel campo che la colloca nel periodo: non ${undated === 1 ? "è contata" : "sono contate"}.`] : [];
  notes.push(sorted.length ? LINKS_NOTE : "Nessuna scheda inviata nel periodo.");
  if (def.measure === "distribution") {
    const known = new Set(options.map((o) => String(o.value)));
    const columns = [...options.map((o) => o.label), "Non indicato"];
    return {
      ...base,
      columns,
      rows: sorted.map((g) => ({
        label: g.label,
        cells: [
          ...options.map((o) => cell(g.items.filter((i) => i.value !== undefined && String(i.value) === String(o.value)))),
          cell(g.items.filter((i) => i.value === undefined || i.value === null || i.value === "" || !known.has(String(i.value)))),
        ],
      })),
      notes,
    };
  }
  if (def.measure === "count") {
    return { ...base, columns: ["Schede"], rows: sorted.map((g) => ({ label: g.label, cells: [cell(g.items.filter((i) => i.value !== undefined && i.value !== null && i.value !== ""))] })), notes };
  }
  return {
    ...base,
    columns: ["Schede con il dato", "Media"],
    rows: sorted.map((g) => {
      const numbers = g.items.filter((i): i is { caseId: number | null; value: number } => typeof i.value === "number");
      // The same rule as the delays: no statistic over fewer schede than the threshold.
      const enough = durationStats(
        numbers.map((n) => n.value),
        threshold
      );
      const mean = enough ? numbers.reduce((a, n) => a + n.value, 0) / numbers.length : null;
      return {
        label: g.label,
        cells: [cell(numbers), { kind: "stat" as const, text: mean === null ? "—" : mean.toLocaleString("it-IT", { maximumFractionDigits: 1 }) }],
      };
    }),
    notes: sorted.length && threshold > 1 ? [...notes, `Media mostrata solo con almeno ${threshold} schede.`] : notes,
  };
}
