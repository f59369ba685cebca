// What the coordinators' report costs on a large database (issue 18 item 5):
//   npm run bench:report
// A throw-away PostgreSQL database (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres; dropped at the end) and an
// embedded one (PGlite, in process), migrated, with the built-in forms and a
// second published version of the forms the report reads, seeded with SQL
// (INSERT … SELECT over generate_series, not through the app): cases over
// every service and comune opened across three years, about 20 schede each
// (segnalazione, Il Mondo del Bambino at T0/T1/T2, closure, verbali of Spazio
// Neutro, the rest spread over the other forms; one in ten a draft, one in five
// amended), court orders with report deadlines, family consent requests and
// answers, declared exceptions. Then, for the year in the middle, each built-in
// section of the report is computed through the app's own code (the functions
// the /rapporti loader calls) in a coordinator's scope and in an all-services
// scope, beside the same figures computed by hand-written SQL; both must give
// the same numbers. Prints p50/p95 of each and the ratio SQL/app (1.0 = the app
// costs no more than the SQL).
//   BENCH_SUBMISSIONS         submissions on PostgreSQL (default 1,000,000)
//   BENCH_PGLITE_SUBMISSIONS  submissions on PGlite (default 100,000; 0 skips it)
//   BENCH_RUNS                timed runs per section (default 10, after 2 warm-up runs)
//   BENCH_KEEP_DATABASE=1     keeps the PostgreSQL database (its name is printed) to EXPLAIN the queries by hand
//   BENCH_DATABASE_NAME       times an existing database kept so (migrated to the latest, not seeded again, not dropped)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { scopeFor, type Scope } from "~/auth/policy";
import { createUser } from "~/auth/users.server";
import { labelsOf, TRIANGLE_FORM } from "~/cases/triangle.server";
import { createDatabase, createDatabaseFromPGlite } from "~/db/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import type { Database } from "~/db/schema";
import { syncBuiltinForms } from "~/forms/versions/builtin.server";
import { createDraftVersion, listFormVersions, listVersionChain, publishFormVersion } from "~/forms/versions/registry.server";
import { definitionTable, builtinReportDefinitions } from "~/reports/definitions.server";
import { daysText } from "~/reports/figures";
import { MONTH_NAMES, parsePeriod } from "~/reports/period";
import { computeReport, REPORT_SECTIONS, reportContext, type RawTable, type ReportFilters } from "~/reports/reports.server";
import { databaseUrlWithName } from "../tests/support/database-url";
import { timeRuns } from "./bench-timing";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PG_SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS || 1_000_000);
const PGLITE_SUBMISSIONS = Number(process.env.BENCH_PGLITE_SUBMISSIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS || 10);
const WARM_UP = 2;
const PER_CASE = 20;
const YEAR = "2025";
const TODAY = "2026-12-05";
/** The forms the report reads get a second published version: schede are spread over both and read through the mapping chain. */
const READ_FORMS = ["scheda-segnalazione", "mondo-del-bambino", "chiusura-presa-in-carico", "verbale-spazio-neutro"];
const CONSENT_FORM = "consenso-intervento";
/** Sections that do not read the period's cases. */
const NO_CASES = ["scadenze", "schede"];

function example(form: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, "schemas", form, "example.json"), "utf8")) as Record<string, unknown>;
}
function optionValues(form: string, field: string): string[] {
  const schema = JSON.parse(readFileSync(path.join(root, "schemas", form, "schema.json"), "utf8")) as { properties: Record<string, { oneOf?: { const: string }[] }> };
  return schema.properties[field]!.oneOf!.map((o) => o.const);
}

/** Il Mondo del Bambino with every rating drawn from 1–6 (a few left out): what the outcomes compare. */
function assessmentVariants(count: number): Record<string, unknown>[] {
  const base = example(TRIANGLE_FORM);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: count }, () => {
    const copy = structuredClone(base);
    for (const side of Object.values(copy)) {
      if (!side || typeof side !== "object" || Array.isArray(side)) continue;
      for (const sub of Object.values(side as Record<string, Record<string, unknown>>)) {
        if (!sub || typeof sub !== "object" || !("valutazione" in sub)) continue;
        if (next() % 10 === 0) delete sub.valutazione;
        else sub.valutazione = 1 + (next() % 6);
      }
    }
    return copy;
  });
}

/** The database of the benchmark: reference data, forms, a user, then cases and everything the report reads. */
async function seed(db: Kysely<Database>, submissions: number) {
  const started = performance.now();
  await migrateToLatest(db);
  const services = (await db.selectFrom("services").select("code").orderBy("code").execute()).map((r) => r.code);
  if (await db.selectFrom("cases").select("id").limit(1).executeTakeFirst()) {
    console.log("  the database already holds cases: seeding skipped (new migrations applied)");
    return { services };
  }
  await db.transaction().execute((trx) => syncBuiltinForms(trx));
  for (const slug of READ_FORMS) {
    const [v1] = await listFormVersions(db, slug);
    await db.transaction().execute(async (trx) => {
      const draft = await createDraftVersion(trx, v1!.formId, { schema: v1!.schema, uiSchema: v1!.uiSchema });
      await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    });
  }
  const userId = await db.transaction().execute((trx) =>
    createUser(trx, { email: "bench@prova.it", password: "una password di prova", membership: { role: "coordinator", service: "tutela-minori" } }, { actor: { kind: "system" } }),
  );
  const comuni = (await db.selectFrom("comuni").select("code").orderBy("code").execute()).map((r) => r.code);
  const cases = Math.ceil(submissions / PER_CASE);

  // Cases: opened over 2024-01-01 … 2026-12-04, 45% closed (never after today).
  await sql`insert into cases (code, minor_ref, service_code, comune_code, opened_at, created_by)
    select 'B-' || g, 'M-' || g, (${services}::text[])[1 + g % ${services.length}], (${comuni}::text[])[1 + abs(hashtext('comune' || g)) % ${comuni.length}],
      timestamptz '2024-01-01 08:00+01' + (random() * 1068) * interval '1 day', ${userId}
    from generate_series(1, ${cases}) g`.execute(db);
  await sql`update cases set closed_at = least(opened_at + (30 + random() * 600) * interval '1 day', timestamptz '2026-12-04 18:00+01')
    where random() < 0.45 and opened_at < timestamptz '2026-11-01'`.execute(db);

  // Versions: the newest published version of every form; the read forms alternate between their two.
  const versions = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select(["f.slug", "f.kind", "v.id", "v.version"])
    .where("v.status", "=", "published")
    .orderBy("v.version")
    .execute();
  const versionsOf = (slug: string) => versions.filter((v) => v.slug === slug).map((v) => v.id);
  const others = [...new Set(versions.filter((v) => v.kind !== "consent" && !READ_FORMS.includes(v.slug) && v.slug !== "relazione-tribunale").map((v) => v.slug))];

  /** The k-th scheda of every case (or of the cases `where` picks) of a form, made some weeks after the case was opened. */
  const insertSchede = async (k: number, form: string, where = sql`true`) => {
    const ids = versionsOf(form);
    await sql`insert into submissions (form_version_id, service_code, comune_code, case_id, status, revision, created_by, created_at, updated_at)
      select (${ids}::int[])[1 + c.id % ${ids.length}], c.service_code, c.comune_code, c.id,
        case when random() < 0.1 then 'draft' else 'submitted' end, case when random() < 0.2 then 2 else 1 end, ${userId}, t.at, t.at
      from cases c cross join lateral (select least(c.opened_at + (${k * 15} + random() * 15) * interval '1 day', timestamptz '2026-12-04 18:00+01') as at) t
      where c.id <= ${cases} and ${where}`.execute(db);
  };
  await insertSchede(0, "scheda-segnalazione");
  await insertSchede(1, TRIANGLE_FORM);
  await insertSchede(2, TRIANGLE_FORM);
  await insertSchede(3, TRIANGLE_FORM);
  await insertSchede(4, "chiusura-presa-in-carico", sql`c.closed_at is not null`);
  await insertSchede(4, "sdq", sql`c.closed_at is null`);
  for (const k of [5, 6, 7, 8]) await insertSchede(k, "verbale-spazio-neutro");
  await insertSchede(9, "relazione-tribunale");
  await insertSchede(10, "relazione-tribunale");
  for (let k = 11; k < PER_CASE; k++) await insertSchede(k, others[k % others.length]!);

  // Revisions: every revision of every scheda, with data as each form's reading needs it.
  const motivi = optionValues("chiusura-presa-in-carico", "motivo");
  const esiti = optionValues("verbale-spazio-neutro", "esitoIncontro");
  const assessments = assessmentVariants(64);
  const revisions = async (form: string, data: ReturnType<typeof sql>) => {
    await sql`insert into submission_revisions (submission_id, revision, status, data, author_id, created_at)
      select s.id, n, case when n = s.revision then s.status else 'draft' end, ${data}, ${userId}, s.created_at
      from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
      join cases c on c.id = s.case_id cross join generate_series(1, s.revision) n
      where f.slug = ${form}`.execute(db);
  };
  const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
  const day = (expression: ReturnType<typeof sql>) => sql`to_char((${expression}) at time zone 'Europe/Rome', 'YYYY-MM-DD')`;
  await revisions(
    "scheda-segnalazione",
    sql`${json(example("scheda-segnalazione"))} || jsonb_build_object(
      'dataSegnalazione', ${day(sql`c.opened_at - random() * 40 * interval '1 day'`)},
      'esito', case when random() < 0.8
        then jsonb_build_object('decisione', 'presa-in-carico', 'data', ${day(sql`c.opened_at + (random() * 30 - 2) * interval '1 day'`)})
        else jsonb_build_object('decisione', 'archiviazione', 'motivazione', 'Nessun pregiudizio rilevato.') end)`,
  );
  // The time point follows the scheda's place in the case: T0, T1 or T2 (by creation order, like k above).
  await revisions(
    TRIANGLE_FORM,
    sql`(${json(assessments)}::jsonb -> ((s.id * 7 + n) % ${assessments.length})::int) || jsonb_build_object(
      'puntoRilevazione', (array['T0', 'T1', 'T2'])[greatest(1, least(3, floor(extract(epoch from s.created_at - c.opened_at) / 86400 / 15)::int))],
      'dataValutazione', ${day(sql`s.created_at`)})`,
  );
  await revisions("chiusura-presa-in-carico", sql`${json(example("chiusura-presa-in-carico"))} || jsonb_build_object('motivo', (${motivi}::text[])[1 + (s.id + n) % ${motivi.length}])`);
  await revisions(
    "verbale-spazio-neutro",
    sql`(${json(example("verbale-spazio-neutro"))} - 'durataMinuti') || jsonb_build_object('dataIncontro', ${day(sql`s.created_at`)}, 'esitoIncontro', (${esiti}::text[])[1 + s.id % ${esiti.length}])
      || case when s.id % 7 = 0 then '{}'::jsonb else jsonb_build_object('durataMinuti', 30 + s.id % 91) end`,
  );
  for (const form of new Set(["sdq", "relazione-tribunale", ...others])) await revisions(form, json(example(form)));

  // Court orders: one in three cases, two report deadlines each, 60% with a relazione of the case linked.
  await sql`insert into court_orders (case_id, authority, docket_number, issued_on, order_type, duties, created_by)
    select c.id, 'tribunale-minorenni', c.id || '/B', (c.opened_at + interval '20 days')::date, 'affidamento-servizio', 'Relazione sul progetto.', ${userId}
    from cases c where abs(hashtext(c.code)) % 3 = 0`.execute(db);
  await sql`insert into court_order_deadlines (court_order_id, due_on, report_submission_id, report_linked_at)
    select o.id, o.issued_on + m * 90, r.id, r.created_at
    from court_orders o cross join generate_series(1, 2) m
    left join lateral (select s.id, s.created_at from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
      where s.case_id = o.case_id and f.slug = 'relazione-tribunale' and s.status = 'submitted' and (o.id + m) % 5 < 3 order by s.id offset m - 1 limit 1) r on true`.execute(db);

  // Consent: in two cases out of three a link for each parent; 85% answered (agreeing or refusing each purpose), the rest pending.
  const consentVersion = versionsOf(CONSENT_FORM).at(-1)!;
  await sql`insert into consent_requests (token_id, secret_hash, form_version_id, service_code, comune_code, case_id, recipient_name, recipient_relationship,
      expires_at, created_by, created_at, answered_at, answered_text_hash, answered_language)
    select 'b' || c.id || h, '\\x00'::bytea, ${consentVersion}, c.service_code, c.comune_code, c.id, 'Genitore', h,
      c.opened_at + interval '40 days', ${userId}, c.opened_at + interval '10 days',
      case when (c.id + length(h)) % 7 <> 0 then c.opened_at + interval '12 days' end, case when (c.id + length(h)) % 7 <> 0 then 'hash' end,
      case when (c.id + length(h)) % 7 <> 0 then 'it' end
    from cases c cross join unnest(array['madre', 'padre']) h where abs(hashtext(c.code || 'consenso')) % 3 <> 0`.execute(db);
  await sql`insert into submissions (form_version_id, service_code, comune_code, case_id, status, revision, consent_request_id, created_at, updated_at)
    select r.form_version_id, r.service_code, r.comune_code, r.case_id, 'submitted', 1, r.id, r.answered_at, r.answered_at
    from consent_requests r where r.answered_at is not null`.execute(db);
  await sql`insert into submission_revisions (submission_id, revision, status, data, consent_request_id, created_at)
    select s.id, 1, 'submitted', ${json(example(CONSENT_FORM))} || jsonb_build_object('relazione', r.recipient_relationship,
      'consensoIntervento', case when s.id % 11 = 0 then 'non-acconsento' else 'acconsento' end,
      'consensoPsicologo', (array['acconsento', 'non-acconsento', 'disposto-autorita'])[1 + s.id % 3]), r.id, s.created_at
    from submissions s join consent_requests r on r.id = s.consent_request_id`.execute(db);
  await sql`insert into consent_exceptions (case_id, kind, note, recorded_by)
    select c.id, (array['parent-absent', 'court-order', 'sole-parent', 'psychologist-court-ordered'])[1 + c.id % 4], 'Dichiarata.', ${userId}
    from cases c where abs(hashtext(c.code || 'eccezione')) % 6 = 1`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ s: string; r: string; c: string }>`select (select count(*) from submissions) s, (select count(*) from submission_revisions) r, (select count(*) from cases) c`.execute(db);
  const row = counts.rows[0]!;
  console.log(`  seeded ${Number(row.c).toLocaleString("en")} cases, ${Number(row.s).toLocaleString("en")} submissions, ${Number(row.r).toLocaleString("en")} revisions in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { services };
}

/** The counts (and statistics) of a table as plain values, row by row: what the app and the SQL must agree on. */
function figures(table: RawTable): Record<string, (number | string)[]> {
  return Object.fromEntries(
    table.rows.map((r) => [r.label, r.cells.map((c) => (c.kind === "cases" ? c.caseIds.length : c.kind === "stat" ? c.text : c.count))]),
  );
}

/** The hand-written SQL of each section: the same figures, computed in the database, keyed like `figures`. */
function handWritten(db: Kysely<Database>, services: string[], filters: ReportFilters, labels: Labels) {
  const { from, to } = filters.period;
  const casesOfPeriod = sql`select id, service_code, comune_code, (opened_at at time zone 'Europe/Rome')::date as o, (closed_at at time zone 'Europe/Rome')::date as cl
    from cases where service_code = any(${services}::text[]) and opened_at < ${to}::date + 2 and (closed_at is null or closed_at >= ${from}::date - 1)`;
  const period = sql`select * from (${casesOfPeriod}) c0 where o <= ${to}::date and (cl is null or cl >= ${from}::date)`;
  /** Submitted schede of a form in the scope with their current data. */
  const schede = (form: string) => sql`select s.id, s.case_id, s.created_at, s.service_code, s.comune_code, s.status, r.data
    from submissions s join submission_revisions r on r.submission_id = s.id and r.revision = s.revision
    where s.form_version_id in (select v.id from form_versions v join forms f on f.id = v.form_id where f.slug = ${form}) and s.service_code = any(${services}::text[])`;
  const rows = async <R,>(query: ReturnType<typeof sql>) => (await sql<R>`${query}`.execute(db)).rows;
  const stats = (days: number[] | null) => {
    if (!days || days.length < 5) return ["—", "—", "—", "—", "—"];
    return [days[2]!, days[1]!, days[3]!, days[0]!, days[4]!].map(daysText);
  };
  return {
    cartelle: async () => {
      const [r] = await rows<{ a: number; b: number; c: number }>(sql`select count(*) filter (where o >= ${from}::date)::int a,
        count(*) filter (where cl <= ${to}::date)::int b, count(*) filter (where cl is null or cl > ${to}::date)::int c from (${period}) p`);
      return { "Aperte nel periodo": [r!.a], "Chiuse nel periodo": [r!.b], "Aperte alla fine del periodo": [r!.c] };
    },
    chiusure: async () => {
      const found = await rows<{ motivo: string | null; n: number }>(sql`select m.motivo, count(*)::int n from (${period}) p
        left join lateral (select data->>'motivo' motivo from (${schede("chiusura-presa-in-carico")}) s where s.case_id = p.id and s.status = 'submitted' and data ? 'motivo'
          order by s.created_at desc, s.id desc limit 1) m on true where p.cl <= ${to}::date group by m.motivo`);
      return Object.fromEntries([
        ...labels.motivi.map((o) => [o.label, [found.find((f) => f.motivo === o.value)?.n ?? 0]]),
        ["Motivo non registrato (nessuna scheda di chiusura inviata)", [found.find((f) => f.motivo === null)?.n ?? 0]],
      ]);
    },
    tempi: async () => {
      const [r] = await rows<Record<string, number | number[] | null>>(sql`with opened as (select id from (${period}) p where o >= ${from}::date),
        seg as (select s.case_id, min(data->>'dataSegnalazione') reported,
            min(data#>>'{esito,data}') filter (where data#>>'{esito,decisione}' = 'presa-in-carico') taken
          from (${schede("scheda-segnalazione")}) s where s.status = 'submitted' and s.case_id in (select id from opened) group by s.case_id),
        t0 as (select s.case_id, min(data->>'dataValutazione') first_t0 from (${schede(TRIANGLE_FORM)}) s
          where s.status = 'submitted' and data->>'puntoRilevazione' = 'T0' and s.case_id in (select id from opened) group by s.case_id),
        d as (select o.id, seg.taken::date - seg.reported::date a, t0.first_t0::date - seg.reported::date b from opened o left join seg on seg.case_id = o.id left join t0 on t0.case_id = o.id)
        select count(*) filter (where a >= 0)::int a_with, count(*) filter (where a is null or a < 0)::int a_without,
          count(*) filter (where b >= 0)::int b_with, count(*) filter (where b is null or b < 0)::int b_without,
          (select array[min(a), percentile_disc(0.25) within group (order by a), percentile_disc(0.5) within group (order by a), percentile_disc(0.75) within group (order by a), max(a)] from d where a >= 0) a_stats,
          (select array[min(b), percentile_disc(0.25) within group (order by b), percentile_disc(0.5) within group (order by b), percentile_disc(0.75) within group (order by b), max(b)] from d where b >= 0) b_stats
        from d`);
      return {
        "Dalla segnalazione alla presa in carico": [r!.a_with as number, r!.a_without as number, ...stats((r!.a_with as number) >= 5 ? (r!.a_stats as number[]) : null)],
        "Dalla segnalazione alla prima valutazione T0": [r!.b_with as number, r!.b_without as number, ...stats((r!.b_with as number) >= 5 ? (r!.b_stats as number[]) : null)],
      };
    },
    esiti: async () => {
      // Per case, the newest submitted scheda at T0 and at T2; per side and sub-dimension the ratings compared, and the sides' means.
      const found = await rows<{ side: string; sub: string; direction: string; n: number }>(sql`with active as materialized (select id from (${period}) p),
        chosen as (select distinct on (s.case_id, data->>'puntoRilevazione') s.case_id, data->>'puntoRilevazione' tp, data
          from (${schede(TRIANGLE_FORM)}) s join active a on a.id = s.case_id where s.status = 'submitted' and data->>'puntoRilevazione' in ('T0', 'T2')
          order by s.case_id, data->>'puntoRilevazione', s.created_at desc, s.id desc),
        pairs as (select case_id, (array_agg(data) filter (where tp = 'T0'))[1] t0, (array_agg(data) filter (where tp = 'T2'))[1] t2
          from chosen group by case_id having count(*) = 2),
        subs as (select p.case_id, k.side, k.sub, (p.t0->k.side->k.sub->>'valutazione')::numeric v0, (p.t2->k.side->k.sub->>'valutazione')::numeric v2
          from pairs p cross join unnest(${labels.sideKeys}::text[], ${labels.subKeys}::text[]) k(side, sub)),
        compared as (select side, sub, v0, v2, case_id from subs union all select side, '', avg(v0), avg(v2), case_id from subs group by case_id, side)
        select side, sub, case when v0 is null or v2 is null then 'non-confrontabile' when v2 > v0 then 'migliorato' when v2 < v0 then 'peggiorato' else 'invariato' end direction, count(*)::int n
        from compared group by 1, 2, 3`);
      const cells = (side: string, sub: string) => ["migliorato", "invariato", "peggiorato", "non-confrontabile"].map((d) => found.find((f) => f.side === side && f.sub === sub && f.direction === d)?.n ?? 0);
      return Object.fromEntries(
        labels.sides.flatMap((side) => [
          ...side.subDimensions.map((sub) => [`${side.title} › ${sub.title}`, cells(side.key, sub.key)]),
          [`${side.title} › media del lato`, cells(side.key, "")],
        ]),
      );
    },
    consensi: async () => {
      // The case consent matrix in SQL, for the shapes seeded here (link answers of madre and padre, no paper consents, no guardian).
      const found = await rows<{ purpose: string; col: number; n: number }>(sql`with active as (select id, service_code from (${period}) p),
        requests as (select r.* from consent_requests r where r.case_id in (select id from active) and r.service_code = any(${services}::text[])
          and r.form_version_id in (select v.id from form_versions v join forms f on f.id = v.form_id where f.slug = ${CONSENT_FORM})),
        entries as (select r.case_id, coalesce(a.data->>'relazione', r.recipient_relationship, 'altro') holder,
            case when s.status = 'withdrawn' then 'withdrawn' else 'answered' end state, r.answered_at at, a.data
          from requests r join submissions s on s.consent_request_id = r.id join submission_revisions a on a.submission_id = s.id and a.revision = 1
          where s.status in ('submitted', 'declined', 'withdrawn') and r.answered_at is not null
          union all
          select r.case_id, coalesce(r.recipient_relationship, 'altro'), 'pending', r.created_at, null from requests r
          where r.answered_at is null and r.revoked_at is null and r.expires_at > now() and not exists (select 1 from submissions s where s.consent_request_id = r.id)),
        in_force as (select distinct on (case_id, holder) case_id, holder, state, data from entries where state <> 'pending' order by case_id, holder, at desc),
        cells as (select w.case_id, p.purpose,
            case when f.state = 'withdrawn' then 'withdrawn'
              when f.data ? p.purpose then case f.data->>p.purpose when 'acconsento' then 'agreed' when 'non-acconsento' then 'refused' else 'not-required' end
              when exists (select 1 from consent_exceptions e where e.case_id = w.case_id and e.kind in ('parent-absent', 'court-order', 'sole-parent')) then 'exception'
              when exists (select 1 from entries e where e.case_id = w.case_id and e.holder = h.holder and e.state = 'pending') then 'pending' else 'missing' end state
          from (select distinct case_id from entries) w cross join unnest(${labels.purposes}::text[]) p(purpose) cross join unnest(array['madre', 'padre']) h(holder)
          left join in_force f on f.case_id = w.case_id and f.holder = h.holder),
        outcomes as (select case_id, purpose, case when bool_or(state = 'refused') then 3
            when bool_or(state in ('agreed', 'not-required')) and bool_and(state in ('agreed', 'not-required', 'exception')) then case when bool_or(state = 'exception') then 1 else 0 end
            else 2 end col from cells group by 1, 2
          union all
          select a.id, p.purpose, 2 from active a cross join unnest(${labels.purposes}::text[]) p(purpose)
          where not exists (select 1 from entries e where e.case_id = a.id)
            and a.service_code in (select fs.service_code from form_services fs join forms f on f.id = fs.form_id where f.slug = ${CONSENT_FORM}))
        select purpose, col, count(*)::int n from outcomes group by 1, 2`);
      return Object.fromEntries(labels.purposes.map((p, i) => [labels.consentRows[i] ?? p, [0, 1, 2, 3].map((col) => found.find((f) => f.purpose === p && f.col === col)?.n ?? 0)]));
    },
    scadenze: async () => {
      const [r] = await rows<{ a: number; b: number; c: number; d: number }>(sql`select count(*) filter (where made <= due)::int a, count(*) filter (where made > due)::int b,
          count(*) filter (where made is null and due < ${TODAY}::date)::int c, count(*) filter (where made is null and due >= ${TODAY}::date)::int d
        from (select d.due_on due, (s.created_at at time zone 'Europe/Rome')::date made from court_order_deadlines d join court_orders o on o.id = d.court_order_id
          join cases c on c.id = o.case_id left join submissions s on s.id = d.report_submission_id
          where d.due_on between ${from}::date and ${to}::date and c.service_code = any(${services}::text[])) x`);
      return {
        "Rispettate (relazione entro la scadenza)": [r!.a],
        "Relazione consegnata in ritardo": [r!.b],
        "Scadute senza relazione": [r!.c],
        "Non ancora scadute, senza relazione": [r!.d],
      };
    },
    schede: async () => {
      const found = await rows<{ title: string; d: number; s: number }>(sql`select f.title, count(*) filter (where s.status = 'draft')::int d, count(*) filter (where s.status = 'submitted')::int s
        from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
        where s.created_at >= ${from}::timestamp at time zone 'UTC' and s.created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
          and s.status in ('draft', 'submitted') and s.service_code = any(${services}::text[]) group by f.slug, f.title`);
      return Object.fromEntries(found.map((f) => [f.title, [f.d, f.s]]));
    },
    "def-esito-incontri-spazio-neutro": async () => {
      const found = await rows<{ month: string; esito: string | null; n: number }>(sql`select left(data->>'dataIncontro', 7) as month, data->>'esitoIncontro' as esito, count(*)::int n
        from (${schede("verbale-spazio-neutro")}) s where s.status = 'submitted' and data->>'dataIncontro' between ${from} and ${to} group by 1, 2`);
      const months = [...new Set(found.map((f) => f.month))].sort();
      return Object.fromEntries(
        months.map((m) => [
          labels.month(m),
          [...labels.esiti.map((e) => found.find((f) => f.month === m && f.esito === e)?.n ?? 0), found.filter((f) => f.month === m && !labels.esiti.includes(f.esito ?? "")).reduce((a, f) => a + f.n, 0)],
        ]),
      );
    },
    "def-durata-incontri-spazio-neutro": async () => {
      const found = await rows<{ name: string; n: number; mean: number | null }>(sql`select coalesce(cm.name, 'Nessun comune') name,
          count(*) filter (where jsonb_typeof(data->'durataMinuti') = 'number')::int n, avg((data->>'durataMinuti')::numeric)::float8 mean
        from (${schede("verbale-spazio-neutro")}) s left join comuni cm on cm.code = s.comune_code
        where s.status = 'submitted' and data->>'dataIncontro' between ${from} and ${to} group by 1`);
      return Object.fromEntries(found.map((f) => [f.name, [f.n, f.n >= 5 && f.mean !== null ? f.mean.toLocaleString("it-IT", { maximumFractionDigits: 1 }) : "—"]]));
    },
  } as Record<string, () => Promise<Record<string, (number | string)[]>>>;
}

interface Labels {
  motivi: { value: string; label: string }[];
  esiti: string[];
  sideKeys: string[];
  /** The purposes of the seeded consent form (the fields its answers fill), and the app's rows for them. */
  purposes: string[];
  consentRows: string[];
  subKeys: string[];
  sides: Awaited<ReturnType<typeof labelsOf>>["sides"];
  month: (yyyyMm: string) => string;
}

const time = (step: () => Promise<unknown>) => timeRuns(step, RUNS, WARM_UP);

async function benchOne(kind: string, db: Kysely<Database>, submissions: number) {
  console.log(`${kind}: seeding ${submissions.toLocaleString("en")} submissions…`);
  const { services } = await seed(db, submissions);
  const filters: ReportFilters = { period: parsePeriod({ periodo: "anno", anno: YEAR }, TODAY).period! };
  const newest = (await listVersionChain(db, TRIANGLE_FORM)).at(-1)!;
  const triangle = await labelsOf(db, newest, "puntoRilevazione");
  const probe = await reportContext(db, scopeFor([{ id: 0, role: "coordinator", service: "tutela-minori", comune: null }], "report.read"), filters, TODAY);
  const closures = await REPORT_SECTIONS.find((s) => s.key === "chiusure")!.compute(probe);
  const motivi = optionValues("chiusura-presa-in-carico", "motivo").map((value, i) => ({ value, label: closures.rows[i]!.label }));
  const labels: Labels = {
    motivi,
    esiti: optionValues("verbale-spazio-neutro", "esitoIncontro"),
    purposes: ["consensoIntervento", "consensoPsicologo"],
    consentRows: (await REPORT_SECTIONS.find((s) => s.key === "consensi")!.compute(probe)).rows.map((r) => r.label),
    sideKeys: triangle.sides.flatMap((s) => s.subDimensions.map(() => s.key)),
    subKeys: triangle.sides.flatMap((s) => s.subDimensions.map((d) => d.key)),
    sides: triangle.sides,
    month: (m) => `${MONTH_NAMES[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`,
  };
  const scopes: { name: string; scope: Scope; services: string[] }[] = [
    { name: "coordinator (Tutela Minori)", scope: probe.scope, services: ["tutela-minori"] },
    { name: "all services", scope: scopeFor(services.map((service, id) => ({ id, role: "coordinator" as const, service, comune: null })), "report.read"), services },
  ];
  const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
  for (const s of scopes) {
    const hand = handWritten(db, s.services, filters, labels);
    const ctx = await reportContext(db, s.scope, filters, TODAY);
    console.log(`${kind} · ${s.name} · ${filters.period.label}: ${ctx.active.length.toLocaleString("en")} cases open in the period`);
    const sections = [
      // A section that counts the period's cases reads them too (as its SQL does); deadlines and schede do not need them.
      ...REPORT_SECTIONS.map((section) => ({
        key: section.key,
        app: async () => section.compute(NO_CASES.includes(section.key) ? ctx : await reportContext(db, s.scope, filters, TODAY)),
      })),
      ...builtinReportDefinitions().map((d) => ({ key: `def-${d.key}`, app: () => definitionTable(db, s.scope, filters, d, ctx.threshold) })),
    ];
    for (const section of sections) {
      const appFigures = figures(await section.app());
      const sqlStep = hand[section.key];
      const app = await time(section.app);
      if (!sqlStep) {
        console.log(`  ${section.key.padEnd(36)} app p50 ${ms(app.p50)} p95 ${ms(app.p95)} · no hand-written SQL`);
        continue;
      }
      const sqlFigures = await sqlStep();
      const same = JSON.stringify(Object.entries(appFigures).sort()) === JSON.stringify(Object.entries(sqlFigures).sort());
      if (!same) {
        console.log(`  ${section.key}: the app and the SQL disagree\n    app ${JSON.stringify(appFigures)}\n    SQL ${JSON.stringify(sqlFigures)}`);
        process.exitCode = 1;
      }
      const handTime = await time(sqlStep);
      console.log(
        `  ${section.key.padEnd(36)} app p50 ${ms(app.p50)} p95 ${ms(app.p95)} · SQL p50 ${ms(handTime.p50)} p95 ${ms(handTime.p95)} · SQL/app ${(handTime.p50 / app.p50).toFixed(2)}× at p50, ${(handTime.p95 / app.p95).toFixed(2)}× at p95${same ? " · same figures" : " · DIFFERENT FIGURES"}`,
      );
    }
    const whole = await time(() => computeReport(db, s.scope, filters, TODAY));
    const wholeSql = await time(async () => {
      for (const step of Object.values(hand)) await step();
    });
    console.log(`  ${"whole report".padEnd(36)} app p50 ${ms(whole.p50)} p95 ${ms(whole.p95)} · SQL p50 ${ms(wholeSql.p50)} p95 ${ms(wholeSql.p95)} · SQL/app ${(wholeSql.p50 / whole.p50).toFixed(2)}× at p50, ${(wholeSql.p95 / whole.p95).toFixed(2)}× at p95`);
  }
}

console.log(`bench:report — ${RUNS} timed runs per section after ${WARM_UP} warm-up runs; load: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
if (PGLITE_SUBMISSIONS > 0) {
  const pglite = createDatabaseFromPGlite(new PGlite());
  try {
    await benchOne("PGlite", pglite, PGLITE_SUBMISSIONS);
  } finally {
    await pglite.destroy();
  }
}
if (PG_SUBMISSIONS > 0) {
  const reused = process.env.BENCH_DATABASE_NAME;
  const name = reused || `schedario_bench_report_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reused) await admin.query(`create database ${name}`);
  const postgres = createDatabase({ kind: "postgres", url: databaseUrlWithName(adminUrl, name) });
  try {
    await benchOne("PostgreSQL", postgres, PG_SUBMISSIONS);
  } finally {
    await postgres.destroy();
    if (reused || process.env.BENCH_KEEP_DATABASE === "1") console.log(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.log(`load after: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
