import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { scopeCovers, type Scope } from "~/auth/policy";
import { NotFoundError } from "~/lib/errors";
import { groupBy } from "~/lib/group-by";
import { scopeReachesComune } from "~/sinba/sinba.server";
import { inScope } from "~/auth/scoped-query.server";
import { todayInRome } from "~/cases/today";
import { buildTriangle, CHANGE_LABELS, type ChangeDirection } from "~/cases/triangle";
import { chooseTimePoints, labelsOf, TRIANGLE_FORM, timePointField } from "~/cases/triangle.server";
import { consentMatricesOfCases } from "~/consent/case-consent.server";
import { CELL_WORDS } from "~/consent/purpose-matrix";
import { parseDayBound } from "~/audit/day-bound";
import type { Database } from "~/db/schema";
import { presentInVersion } from "~/forms/mapping/mapping";
import { listVersionChain } from "~/forms/versions/registry.server";
import { declaredFields, readDeclaredField } from "./declared-fields.server";
import { daysText, durationStats, parseThreshold, shownCount } from "./figures";
import { daysBetween, parsePeriod, periodQuery } from "./period";
import { reportDefinitionsInForce } from "./definition-store.server";
import { definitionTable } from "./definitions.server";
import type { ComputedReport, RawCell, RawTable, ReportCaller, ReportCell, ReportFilters, ReportTable } from "./report-model";
import { submissionsWithLatestRevision } from "~/submissions/submission-query.server";

/**
 * The coordinators' report (issue 18 items 1–2, ADR 0026): per service ×
 * comune × period, what the cases, the P.I.P.P.I. assessments, the family
 * consents, the court deadlines and the schede say. Everything is read within
 * the caller's `report.read` scope (a Meda coordinator never counts Seregno).
 *
 * Computing keeps, for every count about cases, the ids of the cases it
 * counts: the page links each figure to the case list, which recomputes the
 * report and lists exactly those cases. The ids never leave the server.
 */

export type { ComputedReport, RawCell, RawTable, ReportCaller, ReportCell, ReportFilters, ReportTable } from "./report-model";

/** The smallest count shown as it is (`REPORT_MIN_COUNT`, default 5). */
export function reportThreshold(): number {
  return parseThreshold(process.env.REPORT_MIN_COUNT);
}

export interface CaseRow {
  id: number;
  service: string;
  comune: string | null;
  opened: string;
  closed: string | null;
}

/** Cases in scope (and the filters) open at some time in the period, with their opening and closing days in Italy. */
async function casesOfPeriod(db: Kysely<Database>, scope: Scope, filters: ReportFilters): Promise<CaseRow[]> {
  const { from, to } = filters.period;
  // Instants a day wider than the period can use an index; the day in Italy then decides, in the database (no date parsing per row here).
  const upper = new Date(parseDayBound(to, "to")!.getTime() + 86_400_000);
  const lower = new Date(parseDayBound(from, "from")!.getTime() - 86_400_000);
  const openedDay = sql<string>`(c.opened_at at time zone 'Europe/Rome')::date::text`;
  const closedDay = sql<string | null>`(c.closed_at at time zone 'Europe/Rome')::date::text`;
  let query = db
    .selectFrom("cases as c")
    .select(["c.id", "c.service_code as service", "c.comune_code as comune", openedDay.as("opened"), closedDay.as("closed")])
    .where("c.opened_at", "<", upper)
    .where((eb) => eb.or([eb("c.closed_at", "is", null), eb("c.closed_at", ">=", lower)]))
    .where(openedDay, "<=", to)
    .where((eb) => eb.or([eb("c.closed_at", "is", null), eb(closedDay, ">=", from)]))
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }));
  if (filters.service) query = query.where("c.service_code", "=", filters.service);
  if (filters.comune) query = query.where("c.comune_code", "=", filters.comune);
  return query.orderBy("c.id").execute();
}

const ids = (cases: readonly CaseRow[]) => cases.map((c) => c.id);
const casesCell = (caseIds: number[]): RawCell => ({ kind: "cases", caseIds });

/** What every section of the report reads: the filters and the cases open at some time in the period, read once. */
export interface ReportContext {
  db: Kysely<Database>;
  scope: Scope;
  filters: ReportFilters;
  today: string;
  threshold: number;
  active: CaseRow[];
  opened: CaseRow[];
  closed: CaseRow[];
  openAtEnd: CaseRow[];
}

/** Reads the cases of the period in the scope: what the built-in sections share. */
export async function reportContext(db: Kysely<Database>, scope: Scope, filters: ReportFilters, today = todayInRome(), threshold = reportThreshold()): Promise<ReportContext> {
  const { from, to } = filters.period;
  const active = await casesOfPeriod(db, scope, filters);
  return {
    db,
    scope,
    filters,
    today,
    threshold,
    active,
    opened: active.filter((c) => c.opened >= from),
    closed: active.filter((c) => c.closed !== null && c.closed <= to),
    openAtEnd: active.filter((c) => c.closed === null || c.closed > to),
  };
}

/** The built-in tables of the report, in the page's order (the benchmark times each one). */
export const REPORT_SECTIONS: { key: string; compute: (ctx: ReportContext) => Promise<RawTable> }[] = [
  { key: "cartelle", compute: async (ctx) => casesTable(ctx) },
  { key: "chiusure", compute: (ctx) => closuresTable(ctx) },
  { key: "tempi", compute: (ctx) => delaysTable(ctx.db, ctx.scope, ctx.opened, ctx.threshold) },
  { key: "esiti", compute: (ctx) => outcomesTable(ctx.db, ctx.scope, ctx.active) },
  { key: "consensi", compute: (ctx) => consentTable(ctx.db, ctx.scope, ctx.active) },
  { key: "scadenze", compute: (ctx) => deadlinesTable(ctx.db, ctx.scope, ctx.filters, ctx.today) },
  { key: "schede", compute: (ctx) => schedeTable(ctx.db, ctx.scope, ctx.filters) },
];

/**
 * Computes the report without recording anything: the page records
 * `report.read`, the CSV `report.exported`, the case list `case.listed`.
 */
export async function computeReport(
  db: Kysely<Database>,
  scope: Scope,
  filters: ReportFilters,
  today = todayInRome(),
  threshold = reportThreshold()
): Promise<ComputedReport> {
  const ctx = await reportContext(db, scope, filters, today, threshold);
  const tables: RawTable[] = [];
  for (const section of REPORT_SECTIONS) tables.push(await section.compute(ctx));
  for (const definition of await reportDefinitionsInForce(db)) tables.push(await definitionTable(db, scope, filters, definition, threshold));
  return { filters, tables };
}

function casesTable({ opened, closed, openAtEnd }: ReportContext): RawTable {
  return {
    key: "cartelle",
    title: "Cartelle aperte, chiuse e in carico",
    description: "Cartelle aperte nel periodo, chiuse nel periodo e ancora aperte l'ultimo giorno del periodo.",
    columns: ["Cartelle"],
    rows: [
      { label: "Aperte nel periodo", cells: [casesCell(ids(opened))] },
      { label: "Chiuse nel periodo", cells: [casesCell(ids(closed))] },
      { label: "Aperte alla fine del periodo", cells: [casesCell(ids(openAtEnd))] },
    ],
    notes: [],
    chart: true,
  };
}

/** Closures by reason, from the newest submitted closure scheda of each case. */
async function closuresTable({ db, scope, closed }: ReportContext): Promise<RawTable> {
  const fields = declaredFields();
  const reasons = await readDeclaredField(db, scope, ids(closed), fields.motivoChiusura);
  const byReason = new Map([...groupBy(closed, (c) => String(reasons.byCase.get(c.id)?.value ?? ""))].map(([k, cases]) => [k, ids(cases)]));
  return {
    key: "chiusure",
    title: "Chiusure per motivo",
    description: `Cartelle chiuse nel periodo, per «${fields.motivoChiusura.title}» della scheda di chiusura inviata più recente.`,
    columns: ["Cartelle"],
    rows: [
      ...reasons.options.map((o) => ({ label: o.label, cells: [casesCell(byReason.get(String(o.value)) ?? [])] })),
      ...[...byReason.keys()]
        .filter((k) => k !== "" && !reasons.options.some((o) => String(o.value) === k))
        .map((k) => ({ label: `Valore non più previsto dal modulo: ${k}`, cells: [casesCell(byReason.get(k)!)] })),
      { label: "Motivo non registrato (nessuna scheda di chiusura inviata)", cells: [casesCell(byReason.get("") ?? [])] },
    ],
    notes: reasons.options.length ? [] : [`Il modulo da cui si legge «${fields.motivoChiusura.title}» non ha ancora una versione pubblicata con questo campo: nessun motivo si può leggere.`],
    chart: true,
  };
}

async function delaysTable(db: Kysely<Database>, scope: Scope, opened: readonly CaseRow[], threshold: number): Promise<RawTable> {
  const fields = declaredFields();
  const [reported, takenOn, firstT0] = await Promise.all(
    [fields.dataSegnalazione, fields.dataPresaInCarico, fields.dataPrimoT0].map((f) => readDeclaredField(db, scope, ids(opened), f))
  );
  const notes: string[] = [];
  const rowOf = (label: string, end: typeof takenOn) => {
    const withData: number[] = [];
    const without: number[] = [];
    const days: number[] = [];
    let negative = 0;
    for (const c of opened) {
      const a = reported!.byCase.get(c.id)?.value;
      const b = end!.byCase.get(c.id)?.value;
      const d = typeof a === "string" && typeof b === "string" ? daysBetween(a, b) : null;
      if (d === null || d < 0) {
        without.push(c.id);
        if (d !== null) negative++;
        continue;
      }
      withData.push(c.id);
      days.push(d);
    }
    if (negative) notes.push(`${label}: ${negative === 1 ? "1 cartella ha" : `${negative} cartelle hanno`} la seconda data prima della segnalazione; non ${negative === 1 ? "è contata" : "sono contate"} tra quelle con i dati.`);
    const stats = durationStats(days, threshold);
    const stat = (v: number | undefined): RawCell => ({ kind: "stat", text: v === undefined ? "—" : daysText(v) });
    if (!stats && days.length) notes.push(`${label}: meno di ${threshold} cartelle con entrambe le date, statistiche non mostrate.`);
    return {
      label,
      cells: [casesCell(withData), casesCell(without), stat(stats?.median), stat(stats?.p25), stat(stats?.p75), stat(stats?.min), stat(stats?.max)],
    };
  };
  return {
    key: "tempi",
    title: "Tempi di risposta",
    description: `Per le cartelle aperte nel periodo: giorni dalla «${fields.dataSegnalazione.title}» alla «${fields.dataPresaInCarico.title}» e alla «${fields.dataPrimoT0.title}». Percentili col metodo del rango più vicino.`,
    columns: ["Cartelle con le due date", "Cartelle senza una delle date", "Mediana", "25º percentile", "75º percentile", "Minimo", "Massimo"],
    rows: [rowOf("Dalla segnalazione alla presa in carico", takenOn!), rowOf("Dalla segnalazione alla prima valutazione T0", firstT0!)],
    notes,
    chart: false,
  };
}

const DIRECTIONS: ChangeDirection[] = ["migliorato", "invariato", "peggiorato", "non-confrontabile"];

/**
 * P.I.P.P.I. outcomes: the children (cases) with a submitted «Il Mondo del
 * Bambino» at the first and at the last time point (T0 and T2), each
 * sub-dimension and side compared between the two, read as the case's
 * triangle reads them (the same scheda per time point, the same labels).
 */
async function outcomesTable(db: Kysely<Database>, scope: Scope, active: readonly CaseRow[]): Promise<RawTable> {
  const chain = await listVersionChain(db, TRIANGLE_FORM);
  const newest = chain.at(-1);
  const base = {
    key: "esiti",
    title: "Esiti P.I.P.P.I. tra T0 e T2",
    columns: DIRECTIONS.map((d) => CHANGE_LABELS[d][0]!.toUpperCase() + CHANGE_LABELS[d].slice(1)),
    chart: true,
  };
  const field = active.map((c) => timePointField(c.service)).find((f) => f) ?? timePointField("tutela-minori");
  if (!newest || !field || !active.length) {
    return { ...base, description: "Bambini con una valutazione «Il Mondo del Bambino» inviata sia a T0 sia a T2.", rows: [], notes: ["Nessuna cartella del periodo ha valutazioni da confrontare."] };
  }
  const labels = await labelsOf(db, newest, field);
  const first = labels.timePoints[0]?.value;
  const last = labels.timePoints.at(-1)?.value;
  const rows = await submissionsWithLatestRevision(db)
    .select(["s.id", "s.case_id", "s.status", "v.version", "r.data"])
    .where("f.slug", "=", TRIANGLE_FORM)
    .where("s.case_id", "in", ids(active))
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
    .execute();
  const byCase = groupBy(rows, (row) => row.case_id);
  // Key: side/sub-dimension (or side/"media") → direction → case ids.
  const counted = new Map<string, Map<ChangeDirection, number[]>>();
  const add = (key: string, direction: ChangeDirection, caseId: number) => {
    const m = counted.get(key) ?? new Map<ChangeDirection, number[]>();
    counted.set(key, m);
    const list = m.get(direction);
    if (list) list.push(caseId);
    else m.set(direction, [caseId]);
  };
  let children = 0;
  for (const [caseId, caseRows] of byCase) {
    const { chosen } = chooseTimePoints(caseRows, field);
    const atFirst = first ? chosen.get(first) : undefined;
    const atLast = last ? chosen.get(last) : undefined;
    if (!atFirst || !atLast || first === last) continue;
    children++;
    const triangle = buildTriangle(
      labels,
      [
        [first!, atFirst],
        [last!, atLast],
      ].map(([timePoint, row]) => ({ timePoint: timePoint as string, data: presentInVersion((row as typeof atFirst).data, (row as typeof atFirst).version!, newest.version!, chain) }))
    );
    for (const side of triangle.sides) {
      for (const sub of side.subDimensions) add(`${side.key}/${sub.key}`, sub.change.direction, caseId);
      add(`${side.key}/`, side.change.direction, caseId);
    }
  }
  const cellsOf = (key: string) => DIRECTIONS.map((d) => casesCell(counted.get(key)?.get(d) ?? []));
  return {
    ...base,
    description: `Bambini con una valutazione «Il Mondo del Bambino» inviata sia a ${first} sia a ${last}, in cartelle aperte in qualche giorno del periodo: per ogni sottodimensione, quanti sono migliorati, invariati o peggiorati da ${first} a ${last} (verso «${labels.scale.at(-1)?.label ?? ""}» è meglio). «Non confrontabile»: valutata in uno solo dei due tempi.`,
    rows: labels.sides.flatMap((side) => [
      ...side.subDimensions.map((sub) => ({ label: `${side.title} › ${sub.title}`, cells: cellsOf(`${side.key}/${sub.key}`) })),
      { label: `${side.title} › media del lato`, cells: cellsOf(`${side.key}/`) },
    ]),
    notes: [children === 1 ? "1 bambino con entrambe le valutazioni." : `${children} bambini con entrambe le valutazioni.`],
  };
}

const CONSENT_COLUMNS = ["Entrambi i titolari d'accordo", "Eccezione dichiarata", "Mancante o in attesa", "Rifiutato"] as const;

/**
 * Consent coverage per consent form and purpose, over the cases open in the
 * period, from each case's purpose matrix (the case's consent page): agreed
 * by every holder, complete thanks to a declared exception, still missing
 * (or pending, withdrawn), refused. A case of a service the form is offered
 * to, with no answer and no link for it, counts as missing.
 */
async function consentTable(db: Kysely<Database>, scope: Scope, active: readonly CaseRow[]): Promise<RawTable> {
  const matrices = await consentMatricesOfCases(db, scope, ids(active));
  const offered = active.length
    ? await db
        .selectFrom("forms as f")
        .innerJoin("form_services as fs", "fs.form_id", "f.id")
        .select(["f.slug", "f.title", "fs.service_code"])
        .where("f.kind", "=", "consent")
        .where((eb) => eb.exists(eb.selectFrom("form_versions as v").select("v.id").whereRef("v.form_id", "=", "f.id").where("v.status", "=", "published")))
        .execute()
    : [];
  // form → purpose name → { title, four lists of cases }
  const forms = new Map<string, { title: string; purposes: Map<string, { title: string; cases: number[][] }> }>();
  const formEntry = (slug: string, title: string) => {
    const entry = forms.get(slug) ?? { title, purposes: new Map() };
    forms.set(slug, entry);
    return entry;
  };
  for (const c of active) {
    for (const m of matrices.get(c.id) ?? []) {
      const entry = formEntry(m.form, m.formTitle);
      for (const p of m.purposes) {
        const purpose = entry.purposes.get(p.name) ?? { title: p.title, cases: [[], [], [], []] };
        entry.purposes.set(p.name, purpose);
        const column = p.outcome === "refused" ? 3 : p.outcome === "incomplete" ? 2 : p.cells.some((cell) => cell.state === "exception") ? 1 : 0;
        purpose.cases[column]!.push(c.id);
      }
    }
  }
  for (const c of active) {
    for (const o of offered.filter((o) => o.service_code === c.service)) {
      if ((matrices.get(c.id) ?? []).some((m) => m.form === o.slug)) continue;
      for (const purpose of formEntry(o.slug, o.title).purposes.values()) purpose.cases[2]!.push(c.id);
    }
  }
  const rows = [...forms.values()].flatMap((f) => [...f.purposes.values()].map((p) => ({ label: `${f.title} › ${p.title}`, cells: p.cases.map((list) => casesCell(list)) })));
  return {
    key: "consensi",
    title: "Copertura dei consensi delle famiglie",
    description: `Per ogni modulo di consenso e finalità, le cartelle aperte nel periodo secondo lo stato della finalità: come nella matrice dei consensi della cartella («${CELL_WORDS.agreed}», «${CELL_WORDS.exception}», «${CELL_WORDS.missing}», «${CELL_WORDS.refused}»).`,
    columns: [...CONSENT_COLUMNS],
    rows,
    notes: rows.length ? [] : ["Nessuna finalità di consenso da contare: nessun modulo di consenso ha ancora risposte o richieste nelle cartelle del periodo."],
    chart: true,
  };
}

/**
 * Court report deadlines due in the period, of cases in scope: met (a
 * relazione linked, made by the due day), late (linked, made after it), overdue
 * (nothing linked and the day has passed), pending (not due yet).
 */
async function deadlinesTable(db: Kysely<Database>, scope: Scope, filters: ReportFilters, today: string): Promise<RawTable> {
  let query = db
    .selectFrom("court_order_deadlines as d")
    .innerJoin("court_orders as o", "o.id", "d.court_order_id")
    .innerJoin("cases as c", "c.id", "o.case_id")
    .leftJoin("submissions as s", "s.id", "d.report_submission_id")
    // The day as text: the two drivers parse a date column differently.
    .select(["c.id as case_id", sql<string>`d.due_on::text`.as("due_on"), "s.created_at as report_at"])
    .where("d.due_on", ">=", filters.period.from)
    .where("d.due_on", "<=", filters.period.to)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }));
  if (filters.service) query = query.where("c.service_code", "=", filters.service);
  if (filters.comune) query = query.where("c.comune_code", "=", filters.comune);
  const rows = await query.execute();
  const groups: number[][] = [[], [], [], []];
  for (const r of rows) {
    const due = r.due_on;
    const made = r.report_at ? todayInRome(new Date(r.report_at)) : null;
    const column = made ? (made <= due ? 0 : 1) : due < today ? 2 : 3;
    groups[column]!.push(r.case_id);
  }
  const labels = ["Rispettate (relazione entro la scadenza)", "Relazione consegnata in ritardo", "Scadute senza relazione", "Non ancora scadute, senza relazione"];
  return {
    key: "scadenze",
    title: "Scadenze delle relazioni al tribunale",
    description: "Scadenze delle relazioni chieste dai provvedimenti, con la data di scadenza nel periodo, secondo la data della relazione collegata.",
    columns: ["Scadenze"],
    rows: labels.map((label, i) => ({ label, cells: [casesCell(groups[i]!)] })),
    notes: ["Il collegamento porta alle cartelle che hanno queste scadenze: una cartella può averne più d'una."],
    chart: true,
  };
}

/** Schede created in the period per form and status, as the list of schede counts them (days in UTC, like its filter). */
async function schedeTable(db: Kysely<Database>, scope: Scope, filters: ReportFilters): Promise<RawTable> {
  let query = db
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select((eb) => ["f.slug", "f.title", "s.status", eb.fn.countAll<string>().as("n")])
    .where("s.created_at", ">=", parseDayBound(filters.period.from, "from")!)
    .where("s.created_at", "<", parseDayBound(filters.period.to, "to")!)
    .where("s.status", "in", ["draft", "submitted"])
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .groupBy(["f.slug", "f.title", "s.status"]);
  if (filters.service) query = query.where("s.service_code", "=", filters.service);
  if (filters.comune) query = query.where("s.comune_code", "=", filters.comune);
  const rows = await query.orderBy("f.title").execute();
  const forms = new Map<string, { title: string; draft: number; submitted: number }>();
  for (const r of rows) {
    const entry = forms.get(r.slug) ?? { title: r.title, draft: 0, submitted: 0 };
    entry[r.status as "draft" | "submitted"] = Number(r.n);
    forms.set(r.slug, entry);
  }
  const base = {
    dal: filters.period.from,
    al: filters.period.to,
    ...(filters.service ? { servizio: filters.service } : {}),
    ...(filters.comune ? { comune: filters.comune } : {}),
  };
  return {
    key: "schede",
    title: "Schede per modulo e stato",
    description: "Schede create nel periodo, per modulo: bozze e schede inviate (i consensi delle famiglie sono nella loro tabella).",
    columns: ["Bozze", "Inviate"],
    rows: [...forms].map(([slug, f]) => ({
      label: f.title,
      cells: [
        { kind: "schede" as const, count: f.draft, query: { ...base, modulo: slug, stato: "draft" } },
        { kind: "schede" as const, count: f.submitted, query: { ...base, modulo: slug, stato: "submitted" } },
      ],
    })),
    notes: forms.size ? [] : ["Nessuna scheda creata nel periodo."],
    chart: true,
  };
}

/** The query parameters of the report page for these filters (without the table or figure). */
export function reportQuery(filters: ReportFilters): Record<string, string> {
  return { ...periodQuery(filters.period), ...(filters.service ? { servizio: filters.service } : {}), ...(filters.comune ? { comune: filters.comune } : {}) };
}

/** The key of a figure: table, row and column (stable for one report). */
export function figureKey(table: string, row: number, column: number): string {
  return `${table}.${row}.${column}`;
}

/** The ids of the cases a figure counts, or undefined when there is no such figure about cases. */
export function figureCaseIds(report: ComputedReport, key: string): number[] | undefined {
  const [table, row, column] = key.split(".");
  const cell = report.tables.find((t) => t.key === table)?.rows[Number(row)]?.cells[Number(column)];
  return cell?.kind === "cases" || cell?.kind === "items" ? cell.caseIds : undefined;
}

/** The title of a figure, in words ("Chiusure per motivo › Trasferimento › Cartelle"). */
export function figureTitle(report: ComputedReport, key: string): string | undefined {
  const [tableKey, row, column] = key.split(".");
  const table = report.tables.find((t) => t.key === tableKey);
  const r = table?.rows[Number(row)];
  if (!table || !r || !table.columns[Number(column)]) return undefined;
  return `${table.title} › ${r.label} › ${table.columns[Number(column)]}`;
}

/** The report as it may be shown: small counts suppressed, each count with the link to its list. */
export function presentReport(report: ComputedReport, threshold: number): ReportTable[] {
  const query = reportQuery(report.filters);
  return report.tables.map((t) => ({
    key: t.key,
    title: t.title,
    description: t.description,
    columns: t.columns,
    notes: t.notes,
    chart: t.chart,
    rows: t.rows.map((r, i) => ({
      label: r.label,
      cells: r.cells.map((cell, j): ReportCell => {
        if (cell.kind === "stat") return { text: cell.text, value: null };
        const count = cell.kind === "cases" ? cell.caseIds.length : cell.count;
        const shown = shownCount(count, threshold);
        if (count === 0) return shown;
        if (cell.kind === "schede") return { ...shown, href: `/schede?${new URLSearchParams(cell.query)}` };
        // Schede outside any case (a verbale of Spazio Neutro may have none) have no case list to open.
        if (!cell.caseIds.length) return shown;
        return { ...shown, href: `/casi?${new URLSearchParams({ stato: "tutte", ...query, voce: figureKey(t.key, i, j) })}` };
      }),
    })),
  }));
}

/** What the audit events of a report say: the period and the filters, never a figure. */
function auditDetails(filters: ReportFilters): Record<string, unknown> {
  return { from: filters.period.from, to: filters.period.to, service: filters.service ?? null, comune: filters.comune ?? null };
}

/** Computes the report for the page and records `report.read`. */
export async function readReport(db: Kysely<Database>, caller: ReportCaller, filters: ReportFilters): Promise<ReportTable[]> {
  const report = await computeReport(db, caller.scope, filters);
  await recordAuditEvent(db, { ...caller.audit, action: "report.read", service: filters.service ?? null, comune: filters.comune ?? null, details: auditDetails(filters) });
  return presentReport(report, reportThreshold());
}

/** One table of the report for the CSV download, with `report.exported`; undefined for an unknown table. */
export async function exportReportTable(db: Kysely<Database>, caller: ReportCaller, filters: ReportFilters, tableKey: string): Promise<ReportTable | undefined> {
  const report = await computeReport(db, caller.scope, filters);
  const table = presentReport(report, reportThreshold()).find((t) => t.key === tableKey);
  if (!table) return undefined;
  await recordAuditEvent(db, {
    ...caller.audit,
    action: "report.exported",
    service: filters.service ?? null,
    comune: filters.comune ?? null,
    details: { ...auditDetails(filters), table: tableKey },
  });
  return table;
}

/** Every table of the report for the PDF, with `report.downloaded`. */
export async function downloadReport(db: Kysely<Database>, caller: ReportCaller, filters: ReportFilters): Promise<ReportTable[]> {
  const report = await computeReport(db, caller.scope, filters);
  await recordAuditEvent(db, { ...caller.audit, action: "report.downloaded", service: filters.service ?? null, comune: filters.comune ?? null, details: auditDetails(filters) });
  return presentReport(report, reportThreshold());
}

/** The names of what the report covers, for its scope line: "Tutti i servizi" and "Tutti i comuni" when not filtered. */
export function reportScopeNames(
  choices: { services: readonly { code: string; name: string }[]; comuni: readonly { code: string; name: string }[] },
  filters: ReportFilters
): { period: string; service: string; comune: string } {
  return {
    period: filters.period.label,
    service: choices.services.find((s) => s.code === filters.service)?.name ?? "Tutti i servizi",
    comune: choices.comuni.find((c) => c.code === filters.comune)?.name ?? "Tutti i comuni",
  };
}

/**
 * The report's filters from a query string (`periodo`, `anno`, `mese`,
 * `trimestre`, `dal`, `al`, `servizio`, `comune`), or the problems by field.
 * A service or comune outside the caller's scope is a NotFoundError (404),
 * like any other scoped read.
 */
export function reportFiltersFromQuery(params: URLSearchParams, scope: Scope, today = todayInRome()): { filters?: ReportFilters; errors: Record<string, string> } {
  const { period, errors } = parsePeriod(Object.fromEntries(["periodo", "anno", "mese", "trimestre", "dal", "al"].map((k) => [k, params.get(k)])), today);
  const service = params.get("servizio")?.trim() || undefined;
  const comune = params.get("comune")?.trim() || undefined;
  if (service && !scopeCovers(scope, { service, comune })) throw new NotFoundError(`servizio ${service} fuori portata`);
  if (comune && !scopeReachesComune(scope, comune)) throw new NotFoundError(`comune ${comune} fuori portata`);
  return period ? { filters: { period, service, comune }, errors } : { errors };
}
