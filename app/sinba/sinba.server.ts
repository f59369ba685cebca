import type { Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import { parseDayBound } from "~/audit/day-bound";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database } from "~/db/schema";
import { dereference, isObject, pointerTokens, schemaForDataPointer, titleOf, type JsonSchema } from "~/forms/schema/json-schema";
import { presentInVersion } from "~/forms/mapping/mapping";
import { listFormVersions, type FormVersion } from "~/forms/versions/registry.server";
import { summaryQuery, withLatestData } from "~/submissions/submission-query.server";
import { SINBA_ITEMS, type SinbaItemName } from "./codes";
import { loadSinbaConfig, type SinbaConfig } from "./config.server";
import { extractSinbaRecord, type ExtractedRecord, type SinbaSource } from "./extract";
import { beneficiaryId } from "./pseudonym.server";
import { renderSinbaFlow, type SinbaFlowRecord } from "./xml";

/**
 * The SINBA flow of a period (ADR 0015): the cases in carico during the
 * period, in the caller's scope, each turned into one pseudonymous record
 * through the declared mapping; a case that misses a required item is left
 * out of the flow and listed by the pre-flight check with where to fill it.
 */

/** A request the person can correct (bad dates, unknown comune, nothing to send): one Italian sentence. */
export class SinbaInputError extends Error {
  override name = "SinbaInputError";
  /** The input to correct, when it is one. */
  readonly field?: "from" | "to" | "comune";
  constructor(message: string, field?: "from" | "to" | "comune") {
    super(message);
    this.field = field;
  }
}

export interface SinbaPeriod {
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  comune: string | null;
}

export interface SinbaCaller {
  scope: Scope;
  audit: AuditContext;
}

function checkedDay(value: string | null | undefined, field: "from" | "to"): string {
  const what = field === "from" ? "di inizio" : "di fine";
  const text = value?.trim() ?? "";
  if (!text) throw new SinbaInputError(`Indica la data ${what} (AAAA-MM-GG).`, field);
  const day = parseDayBound(text, "from");
  // parseDayBound accepts 2026-02-31 (Date rolls it over): the day must come back unchanged.
  if (!day || day.toISOString().slice(0, 10) !== text) throw new SinbaInputError(`La data ${what} «${text}» non è valida: scrivila come AAAA-MM-GG, ad esempio 2026-01-31.`, field);
  return text;
}

/** The period from its text fields; throws SinbaInputError with what to correct. */
export function parseSinbaPeriod(input: { from?: string | null; to?: string | null; comune?: string | null }): SinbaPeriod {
  const from = checkedDay(input.from, "from");
  const to = checkedDay(input.to, "to");
  if (from > to) throw new SinbaInputError("La data di inizio viene dopo quella di fine: scambiale.", "to");
  return { from, to, comune: input.comune?.trim() || null };
}

/** What a coordinator reads about one case the flow leaves out. */
export interface PreflightCase {
  id: number;
  code: string;
  serviceName: string;
  comuneName: string | null;
  /** Each missing item with where to fill it, in Italian. */
  missing: { label: string; where: string[] }[];
  /** Another case of the same child is in the flow (one record per child). */
  sameChildAs?: string;
}

export interface SinbaCheck {
  period: SinbaPeriod;
  /** Cases that go into the flow. */
  included: number;
  excluded: PreflightCase[];
  /** Things to know before sending: missing forms, codes to confirm, demo configuration. */
  notices: string[];
}

interface CaseRow {
  id: number;
  code: string;
  minorRef: string;
  serviceName: string;
  comuneName: string | null;
  closedAt: Date | null;
  openedAt: Date;
}

interface Prepared extends SinbaCheck {
  records: SinbaFlowRecord[];
  config: SinbaConfig;
}

/** Cases in scope that were open at some time in the period (opened before its end, not closed before its start). */
function casesInPeriod(db: Kysely<Database>, scope: Scope, period: SinbaPeriod) {
  let query = db
    .selectFrom("cases as c")
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .where("c.opened_at", "<", parseDayBound(period.to, "to")!)
    .where((eb) => eb.or([eb("c.closed_at", "is", null), eb("c.closed_at", ">=", parseDayBound(period.from, "from")!)]));
  if (period.comune) query = query.where("c.comune_code", "=", period.comune);
  return query;
}

/** The form versions the mapping reads, by slug; a slug missing from the registry has none. */
async function mappedForms(db: Kysely<Database>, slugs: string[]): Promise<Map<string, FormVersion[]>> {
  const entries = await Promise.all(slugs.map(async (slug) => [slug, await listFormVersions(db, slug)] as const));
  return new Map(entries.filter(([, versions]) => versions.length > 0));
}

/** slug → (case id → data of its newest submitted submission, in the form's newest shape). */
async function caseFormData(db: Kysely<Database>, scope: Scope, period: SinbaPeriod, forms: Map<string, FormVersion[]>) {
  const byCase = new Map<number, Map<string, Record<string, unknown>>>();
  if (!forms.size) return byCase;
  const rows = await withLatestData(summaryQuery(db, scope))
    .select("s.case_id")
    .where("s.case_id", "in", casesInPeriod(db, scope, period).select("c.id"))
    .where("s.status", "=", "submitted")
    .where("f.slug", "in", [...forms.keys()])
    .orderBy("s.updated_at")
    .orderBy("s.id")
    .execute();
  for (const row of rows) {
    const versions = forms.get(row.slug)!;
    const chain = versions.map((v) => ({ version: v.version!, mapping: v.mapping }));
    const data = presentInVersion(row.data, row.version!, versions.at(-1)!.version!, chain);
    const caseForms = byCase.get(row.case_id!) ?? new Map();
    caseForms.set(row.slug, data); // ordered by time: the newest wins
    byCase.set(row.case_id!, caseForms);
  }
  return byCase;
}

/** A pointer with `*` as the first element of each list: schemaForDataPointer finds the field's schema through it. */
function concretePointer(pointer: string): string {
  return pointer.replace(/\/\*(?=\/|$)/g, "/0");
}

/** "Minore › Data di nascita": the titles along a pointer in a schema, without list indexes. */
function fieldLabel(schema: JsonSchema, pointer: string): string {
  const tokens = pointerTokens(concretePointer(pointer));
  const titles: string[] = [];
  tokens.forEach((token, i) => {
    if (/^\d+$/.test(token)) return;
    const node = schemaForDataPointer(schema, `/${tokens.slice(0, i + 1).join("/")}`);
    titles.push((node && titleOf(schema, node)) ?? token);
  });
  return titles.join(" › ");
}

/** The option title a value has in a field, else the value. */
function optionLabel(schema: JsonSchema, pointer: string, value: unknown): string {
  const field = schemaForDataPointer(schema, concretePointer(pointer));
  const declared = field ? dereference(schema, field) : {};
  const branch = ((declared.oneOf ?? declared.anyOf) as unknown[] | undefined)?.find((b) => isObject(b) && b.const === value);
  return isObject(branch) && typeof branch.title === "string" ? branch.title : String(value);
}

/** Where a worker fills a missing item: one sentence per source of the mapping. */
function whereToFill(config: SinbaConfig, forms: Map<string, FormVersion[]>, caseForms: ReadonlyMap<string, unknown>, item: SinbaItemName, record: ExtractedRecord): string[] {
  const sentences = (config.mapping.items[item] ?? []).map((source: SinbaSource) => {
    const formName = config.mapping.forms[source.form] ?? source.form;
    const versions = forms.get(source.form);
    if (!versions) return `«${formName}»: il modulo non è ancora disponibile in Schedario`;
    const schema = versions.at(-1)!.schema;
    const field = fieldLabel(schema, source.field);
    if (!caseForms.has(source.form)) return `compila e invia il modulo «${formName}», campo «${field}»`;
    const uncoded = record.uncoded.find((u) => u.source === source);
    if (uncoded && source.transform === "fascia-eta") return `nel modulo «${formName}», «${field}» non è quella di un minore alla fine del periodo`;
    if (uncoded) return `nel modulo «${formName}», «${field}» vale «${optionLabel(schema, source.field, uncoded.value)}», che non ha un corrispondente SINBA`;
    return `nel modulo «${formName}» compila «${field}»`;
  });
  return [...new Set(sentences)];
}

function noticesOf(config: SinbaConfig, forms: Map<string, FormVersion[]>): string[] {
  const notices: string[] = [];
  for (const [slug, name] of Object.entries(config.mapping.forms)) {
    if (!forms.has(slug)) notices.push(`Il modulo «${name}» non è ancora disponibile: le voci SINBA che ne dipendono restano vuote (sono facoltative).`);
  }
  for (const [slug, versions] of forms) {
    const schema = versions.at(-1)!.schema;
    const stale = Object.values(config.mapping.items)
      .flat()
      .filter((source) => source.form === slug)
      .flatMap((source) => [source.field, ...(source.where ? [source.where.field] : [])])
      .filter((pointer) => !schemaForDataPointer(schema, concretePointer(pointer)));
    for (const pointer of new Set(stale)) {
      notices.push(`La corrispondenza con SINBA cita un campo che la versione più recente del modulo «${config.mapping.forms[slug]}» non ha più (${pointer}): l'amministratore di sistema deve aggiornarla (app/sinba/data/mapping.json).`);
    }
  }
  if (!config.mapping.benefitCodesConfirmed) notices.push("I codici delle prestazioni sono provvisori: l'amministratore di sistema deve confermarli con l'INPS prima del primo invio.");
  if (!config.ente.codiciCatastaliConfermati) notices.push("I codici catastali dei comuni sono da confermare sull'elenco dell'Agenzia delle Entrate: se ne occupa l'amministratore di sistema.");
  if (config.demoValues.length) {
    notices.push("Configurazione dimostrativa: la chiave degli pseudonimi, il codice dell'Ente o il codice fiscale dell'operatore non sono impostati. Il flusso serve solo per prova e non va inviato all'INPS.");
  }
  return notices;
}

/** `config` replaces the configuration read from the environment and `app/sinba/data/` (tests of other mappings). */
export interface SinbaOptions {
  config?: SinbaConfig;
}

async function prepareSinba(db: Kysely<Database>, scope: Scope, period: SinbaPeriod, options: SinbaOptions): Promise<Prepared> {
  const config = options.config ?? (await loadSinbaConfig());
  if (period.comune && !(await db.selectFrom("comuni").select("code").where("code", "=", period.comune).executeTakeFirst())) {
    throw new SinbaInputError(`Comune sconosciuto: «${period.comune}».`, "comune");
  }
  const forms = await mappedForms(db, Object.keys(config.mapping.forms));
  const [cases, dataByCase] = await Promise.all([
    casesInPeriod(db, scope, period)
      .innerJoin("services as sv", "sv.code", "c.service_code")
      .leftJoin("comuni as cm", "cm.code", "c.comune_code")
      .select(["c.id", "c.code", "c.minor_ref as minorRef", "sv.name as serviceName", "cm.name as comuneName", "c.closed_at as closedAt", "c.opened_at as openedAt"])
      .orderBy("c.opened_at", "desc")
      .orderBy("c.id", "desc")
      .execute() as Promise<CaseRow[]>,
    caseFormData(db, scope, period, forms),
  ]);
  const records: SinbaFlowRecord[] = [];
  const excluded: PreflightCase[] = [];
  const sentFor = new Map<string, string>(); // beneficiary → the case code sent for it
  for (const row of cases) {
    const caseForms = dataByCase.get(row.id) ?? new Map<string, Record<string, unknown>>();
    const closedDay = row.closedAt?.toISOString().slice(0, 10);
    const referenceDay = closedDay && closedDay < period.to ? closedDay : period.to;
    const record = extractSinbaRecord(config.mapping, caseForms, { referenceDay });
    const summary = { id: row.id, code: row.code, serviceName: row.serviceName, comuneName: row.comuneName };
    if (record.missing.length) {
      const missing = record.missing.map((item) => ({ label: SINBA_ITEMS[item].label, where: whereToFill(config, forms, caseForms, item, record) }));
      excluded.push({ ...summary, missing });
      continue;
    }
    const id = beneficiaryId(config.pseudonymKey, row.minorRef);
    // Cases come newest first: a child followed by two services is sent once, with the newest case.
    const sameChildAs = sentFor.get(id);
    if (sameChildAs) {
      excluded.push({ ...summary, missing: [], sameChildAs });
      continue;
    }
    sentFor.set(id, row.code);
    records.push({ beneficiaryId: id, attributes: record.attributes, benefits: record.lists.CodicePrestazione, household: record.lists.ComposizioneFamiglia });
  }
  return { period, included: records.length, excluded, notices: noticesOf(config, forms), records, config };
}

function auditDetails(result: SinbaCheck) {
  return {
    from: result.period.from,
    to: result.period.to,
    comune: result.period.comune,
    included: result.included,
    excluded: result.excluded.length,
  };
}

/** The pre-flight check: what the flow would carry and, case by case, what is missing. Audited (`sinba.checked`). */
export async function checkSinba(db: Kysely<Database>, caller: SinbaCaller, period: SinbaPeriod, options: SinbaOptions = {}): Promise<SinbaCheck> {
  const { records: _records, config: _config, ...check } = await prepareSinba(db, caller.scope, period, options);
  await recordAuditEvent(db, { ...caller.audit, action: "sinba.checked", comune: period.comune, details: auditDetails(check) });
  return check;
}

export interface SinbaExport extends SinbaCheck {
  xml: string;
  fileName: string;
}

/** The flow as XML, audited (`sinba.exported`); SinbaInputError when no case is complete. */
export async function exportSinba(db: Kysely<Database>, caller: SinbaCaller, period: SinbaPeriod, options: SinbaOptions = {}): Promise<SinbaExport> {
  const { records, config, ...check } = await prepareSinba(db, caller.scope, period, options);
  if (!records.length) {
    throw new SinbaInputError(
      check.excluded.length
        ? `Nessuna cartella del periodo ha tutti i dati richiesti (${check.excluded.length} incomplete): vedi il controllo preliminare.`
        : "Nessuna cartella in carico nel periodo: non c'è nulla da inviare.",
    );
  }
  const suffix = period.comune ? ` ${period.comune}` : "";
  const xml = renderSinbaFlow({
    name: `SINBA ${period.from} ${period.to}${suffix}`,
    ente: {
      code: config.enteCode,
      name: config.ente.denominazione,
      catastoCode: config.ente.codiciCatastali[config.ente.comuneSede]!,
      operatorTaxCode: config.operatorTaxCode,
    },
    records,
  });
  await recordAuditEvent(db, { ...caller.audit, action: "sinba.exported", comune: period.comune, details: auditDetails(check) });
  return { ...check, xml, fileName: `sinba-${period.from}-${period.to}${period.comune ? `-${period.comune}` : ""}.xml` };
}

/** Whether a scope reaches a comune at all (a comune outside it answers 404, never "no cases"). */
export function scopeReachesComune(scope: Scope, comune: string | null): boolean {
  return comune === null || scope.grants.some((g) => g.comune === null || g.comune === comune);
}

/** The page's query parameters (`dal`, `al`, `comune`) as a period; SinbaInputError when they do not make one. */
export function sinbaPeriodFromQuery(params: URLSearchParams): SinbaPeriod {
  return parseSinbaPeriod({ from: params.get("dal"), to: params.get("al"), comune: params.get("comune") });
}
