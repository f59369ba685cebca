import { sql, type Kysely } from "kysely";
import { ROLE_LABELS, type Role } from "~/auth/policy";
import { retentionRuleScope } from "~/cases/retention-kinds";
import { EXCEPTION_KINDS } from "~/consent/consent-status";
import type { Database } from "~/db/schema";
import { csvCell, csvRow, csvTextCell } from "~/submissions/csv";
import { AUDIT_ACTION_GROUPS, auditActionLabel, isAuditAction } from "./audit-labels";
import type { AuditFilters, AuditRecord } from "./audit.server";
import { parseDayBound } from "./day-bound";

/**
 * Audit events as people read them (issue 17): who by name, what in Italian,
 * the case code and the form's title and version instead of ids, the
 * service and comune by name, the details that matter in a sentence each.
 * One batch of look-ups per page of events, whatever its length.
 */
export interface ReadableAuditEvent {
  id: number;
  occurredAt: string;
  label: string;
  actor: string;
  actorEmail: string | null;
  /** What the event was about ("Cartella TM-SER-2026-001", "Scheda «…», versione 2 · cartella …"), or null. */
  object: string | null;
  /** Service and comune by name ("Tutela minori · Seregno"), or null. */
  place: string | null;
  details: string[];
  /** The client address, "" when the event did not come from the network. */
  address: string;
  /** How many cases a list or an export showed (audit_event_cases); 0 for other events. */
  shownCases: number;
}

/**
 * How the cases a list or an export showed are named: by their codes (the
 * admin's log, the coordinator's page), or only counted, in what is handed to
 * a family, who must not learn the codes of other children's cases.
 */
export type ShownCasesAs = "codes" | "count";

const ACTOR_KINDS: Record<string, string> = {
  family: "Famiglia (link di consenso)",
  cli: "Riga di comando sul server",
  system: "Schedario (automatico)",
  anonymous: "Persona non autenticata",
};

export async function describeAuditEvents(
  db: Kysely<Database>,
  events: AuditRecord[],
  options: { shownCases?: ShownCasesAs } = {},
): Promise<ReadableAuditEvent[]> {
  const idsOf = (type: string) => [...new Set(events.filter((e) => e.target?.type === type).map((e) => Number(e.target!.id)))].filter(Number.isSafeInteger);
  const userIds = [...new Set([...events.map((e) => e.actor.userId).filter((id): id is number => id !== null), ...idsOf("user")])];
  // submission.exported names its form by slug, other events by id.
  const formTargets = events.filter((e) => e.target?.type === "form").map((e) => e.target!.id);
  const formIds = idsOf("form");
  const formSlugs = formTargets.filter((id) => !/^\d+$/.test(id));
  const eventIds = events.map((e) => e.id);
  const [users, cases, submissions, consents, forms, versions, places, shown] = await Promise.all([
    userIds.length ? db.selectFrom("users").select(["id", "display_name", "email"]).where("id", "in", userIds).execute() : [],
    // A deleted case is named by its tombstone (ADR 0024), so its events stay readable.
    idsOf("case").length
      ? db
          .selectFrom("cases")
          .select(["id", "code", sql<boolean>`false`.as("deleted")])
          .where("id", "in", idsOf("case"))
          .unionAll(db.selectFrom("case_tombstones").select(["case_id as id", "code", sql<boolean>`true`.as("deleted")]).where("case_id", "in", idsOf("case")))
          .execute()
      : [],
    formAndCaseOf(db, "submissions", idsOf("submission")),
    formAndCaseOf(db, "consent_requests", idsOf("consent_request")),
    formIds.length || formSlugs.length
      ? db
          .selectFrom("forms")
          .select(["id", "slug", "title"])
          .where((eb) => eb.or([...(formIds.length ? [eb("id", "in", formIds)] : []), ...(formSlugs.length ? [eb("slug", "in", formSlugs)] : [])]))
          .execute()
      : [],
    idsOf("form_version").length
      ? db
          .selectFrom("form_versions as v")
          .innerJoin("forms as f", "f.id", "v.form_id")
          .select(["v.id", "f.title", "v.version"])
          .where("v.id", "in", idsOf("form_version"))
          .execute()
      : [],
    db
      .selectFrom("services")
      .select(["code", "name"])
      .unionAll(db.selectFrom("comuni").select(["code", "name"]))
      .execute(),
    eventIds.length
      ? db
          .selectFrom("audit_event_cases as a")
          .leftJoin("cases as c", "c.id", "a.case_id")
          .leftJoin("case_tombstones as tb", "tb.case_id", "a.case_id")
          .select(["a.event_id", sql<string>`coalesce(c.code, tb.code)`.as("code")])
          .where("a.event_id", "in", eventIds)
          .orderBy("code")
          .execute()
      : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const placeName = new Map(places.map((p) => [p.code, p.name]));
  const withVersion = (title: string, version: number | null) => (version === null ? `«${title}», bozza` : `«${title}», versione ${version}`);
  const inCase = (code: string | null) => (code ? ` · cartella ${code}` : "");
  const objects = new Map<string, string>([
    ...users.map((u) => [`user:${u.id}`, `Utente ${u.display_name} (${u.email})`] as const),
    ...cases.map((c) => [`case:${c.id}`, c.deleted ? `Cartella ${c.code} (eliminata)` : `Cartella ${c.code}`] as const),
    ...submissions.map((s) => [`submission:${s.id}`, `Scheda ${withVersion(s.title, s.version)}${inCase(s.code)}`] as const),
    ...consents.map((r) => [`consent_request:${r.id}`, `Consenso ${withVersion(r.title, r.version)}${inCase(r.code)}`] as const),
    ...forms.flatMap((f) => [[`form:${f.id}`, `Modulo «${f.title}»`] as const, [`form:${f.slug}`, `Modulo «${f.title}»`] as const]),
    ...versions.map((v) => [`form_version:${v.id}`, `Modulo ${withVersion(v.title, v.version)}`] as const),
  ]);

  return events.map((e) => {
    const codes = shown.filter((r) => r.event_id === e.id).map((r) => r.code);
    const actor = e.actor.userId !== null ? userById.get(e.actor.userId) : undefined;
    const place = [e.service, e.comune].filter((c): c is string => !!c).map((c) => placeName.get(c) ?? c);
    return {
      id: e.id,
      occurredAt: e.occurredAt,
      label: auditActionLabel(e.action),
      actor: actor ? actor.display_name : (ACTOR_KINDS[e.actor.kind] ?? "Persona non autenticata"),
      actorEmail: actor?.email ?? null,
      object: e.target ? (objects.get(`${e.target.type}:${e.target.id}`) ?? "Elemento non più presente") : null,
      place: place.length ? place.join(" · ") : null,
      details: [...describeDetails(e.details), ...(options.shownCases === "count" ? shownCount(codes.length) : shownCodes(codes))],
      address: e.ip ? (isLoopback(e.ip) ? "questo server" : e.ip) : "",
      shownCases: codes.length,
    };
  });
}

/** The cases a list or an export showed, counted: said of the one case whose report it is. */
function shownCount(count: number): string[] {
  if (!count) return [];
  if (count === 1) return ["Unica cartella mostrata"];
  if (count === 2) return ["Mostrata insieme a un'altra cartella (il suo codice non è riportato)"];
  return [`Mostrata insieme ad altre ${count - 1} cartelle (i loro codici non sono riportati)`];
}

/** The cases a list or an export showed: the first few codes and how many more. */
function shownCodes(codes: string[]): string[] {
  if (!codes.length) return [];
  const first = codes.slice(0, 10).join(", ");
  return [codes.length > 10 ? `Cartelle mostrate: ${first} e altre ${codes.length - 10}` : `Cartelle mostrate: ${first}`];
}

/** The form title, version and case code of submissions or consent requests (both pin a form version and may name a case). */
async function formAndCaseOf(db: Kysely<Database>, table: "submissions" | "consent_requests", ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom(`${table} as t` as "submissions as t")
    .innerJoin("form_versions as v", "v.id", "t.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("cases as c", "c.id", "t.case_id")
    .select(["t.id", "f.title", "v.version", "c.code"])
    .where("t.id", "in", ids)
    .execute();
}

const LOGIN_FAILURES: Record<string, string> = {
  "unknown-email": "nessun utente con questo indirizzo",
  "wrong-password": "password sbagliata",
  disabled: "utente disattivato",
  "no-password": "utente senza password",
};
const RESET_CHANNELS: Record<string, string> = {
  admin: "dall'amministratore, nella pagina dell'utente",
  cli: "dalla riga di comando sul server",
  email: "chiesto dall'utente e mandato per e-mail",
};
const VIEWS: Record<string, string> = {
  page: "Pagina aperta",
  "receipt-pdf": "Ricevuta scaricata in PDF",
  submission: "Scheda aperta",
  history: "Storico delle modifiche aperto",
};
const RESET_OUTCOMES: Record<string, string> = { "unknown-email": "nessun utente con questo indirizzo", disabled: "utente disattivato" };

/** The details a person needs, one sentence each; the rest stays in the CSV's technical column. */
function describeDetails(details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const number = (v: unknown) => (typeof v === "number" ? v : undefined);
  if (text(details.email)) lines.push(`Indirizzo indicato: ${details.email}`);
  if (text(details.reason)) lines.push(`Motivo: ${LOGIN_FAILURES[details.reason as string] ?? "altro"}`);
  if (text(details.outcome)) lines.push(`Esito: ${RESET_OUTCOMES[details.outcome as string] ?? "nessun link creato"}`);
  if (text(details.channel)) lines.push(`Creato ${RESET_CHANNELS[details.channel as string] ?? ""}`.trim());
  if (text(details.expiresAt)) lines.push(`Valido fino al ${formatItalian(details.expiresAt as string)}`);
  if (number(details.revokedTokens) !== undefined) lines.push(`Token API revocati: ${details.revokedTokens}`);
  if (text(details.role) && (details.role as string) in ROLE_LABELS) lines.push(`Ruolo: ${ROLE_LABELS[details.role as Role]}`);
  if (number(details.count) !== undefined) lines.push(`Elementi: ${details.count}`);
  if (text(details.format)) lines.push(`Formato: ${(details.format as string).toUpperCase()}`);
  if (text(details.name)) lines.push(`Nome: ${details.name}`);
  if (text(details.kind) && (details.kind as string) in EXCEPTION_KINDS) lines.push(EXCEPTION_KINDS[details.kind as keyof typeof EXCEPTION_KINDS]);
  if (number(details.revision) !== undefined) lines.push(`Revisione ${details.revision}`);
  if (details.amendment === true) lines.push("Rettifica di una scheda già inviata");
  if (text(details.view)) lines.push(VIEWS[details.view as string] ?? "");
  if ("formKind" in details) lines.push(`Vale per: ${retentionRuleScope(details.formKind)}`);
  if (number(details.years) !== undefined)
    lines.push(`Anni dopo la chiusura: ${number(details.yearsBefore) !== undefined ? `${details.yearsBefore} → ` : ""}${details.years}`);
  if (text(details.report)) lines.push(`Report «${details.report}»${number(details.reportVersion) !== undefined ? `, versione ${details.reportVersion}` : ""}`);
  return lines.filter(Boolean);
}

const dateTime = new Intl.DateTimeFormat("it-IT", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Rome" });
/** Sortable local time for spreadsheets: 2026-12-04 19:08:12 (Europe/Rome). */
const csvDateTime = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Rome" });
function formatItalian(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.") || ip === "::ffff:127.0.0.1";
}

/** People for the log's filter: everyone who has an account, by name. */
export async function listAuditPeople(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
  const rows = await db.selectFrom("users").select(["id", "display_name", "email"]).orderBy("display_name").execute();
  return rows.map((u) => ({ id: u.id, name: `${u.display_name} (${u.email})` }));
}

/** The ids of the cases with this code (unique per service, so one per service at most), deleted ones included. */
export async function findCaseIdsByCode(db: Kysely<Database>, code: string): Promise<number[]> {
  const wanted = code.trim().toUpperCase();
  const rows = await db
    .selectFrom("cases")
    .select("id")
    .where(sql`upper(code)`, "=", wanted)
    .unionAll(db.selectFrom("case_tombstones").select("case_id as id").where(sql`upper(code)`, "=", wanted))
    .execute();
  return rows.map((r) => r.id);
}

/** The log's filters as the page's form sends them (Italian parameter names), kept for refilling the form. */
export interface AuditLogQuery {
  persona: string;
  cartella: string;
  tipo: string;
  dal: string;
  al: string;
}

/**
 * Turns the page's query into audit filters: `persona` a user id, `cartella`
 * a case code (every case with that code: one per service at most), `tipo` a
 * group of actions (its first word) or one action, `dal`/`al` days (the
 * whole of `al` included). Unusable values leave that filter open, except an
 * unknown case code, which matches nothing (`unknownCase`).
 */
export async function parseAuditLogQuery(
  db: Kysely<Database>,
  params: URLSearchParams,
): Promise<{ query: AuditLogQuery; filters: AuditFilters; unknownCase: boolean }> {
  const query = Object.fromEntries(
    (["persona", "cartella", "tipo", "dal", "al"] as const).map((k) => [k, params.get(k)?.trim() ?? ""]),
  ) as unknown as AuditLogQuery;
  const userId = Number(query.persona);
  const caseIds = query.cartella ? await findCaseIdsByCode(db, query.cartella) : undefined;
  const filters: AuditFilters = {
    userId: Number.isSafeInteger(userId) && userId > 0 ? userId : undefined,
    caseIds,
    action: query.tipo in AUDIT_ACTION_GROUPS ? `${query.tipo}.` : isAuditAction(query.tipo) ? query.tipo : undefined,
    from: parseDayBound(query.dal, "from"),
    to: parseDayBound(query.al, "to"),
  };
  return { query, filters, unknownCase: caseIds?.length === 0 };
}

const CSV_COLUMNS = ["Quando", "Chi", "E-mail", "Azione", "Oggetto", "Servizio e comune", "Dettagli", "Indirizzo di rete", "Dati tecnici"];

/** The CSV header row. */
export const AUDIT_CSV_HEADER = csvRow(CSV_COLUMNS.map(csvTextCell));

/**
 * The CSV row of one event; the last column keeps the raw record (action
 * code, target, details as JSON) for whoever must check an event against the
 * database.
 */
export function auditCsvRow(e: ReadableAuditEvent, r: AuditRecord): string {
  const technical = { action: r.action, target: r.target, details: r.details, userAgent: r.userAgent };
  return csvRow([
    csvTextCell(csvDateTime.format(new Date(e.occurredAt))),
    csvTextCell(e.actor),
    csvCell(e.actorEmail),
    csvTextCell(e.label),
    csvCell(e.object),
    csvCell(e.place),
    csvTextCell(e.details.join("; ")),
    csvCell(r.ip),
    csvTextCell(JSON.stringify(technical)),
  ]);
}
