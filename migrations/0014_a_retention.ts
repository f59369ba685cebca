import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

/**
 * Retention, legal hold and the deletion of a case (issue 17 item 4, ADR 0024).
 *
 * - retention_rules: how many years after closure a case of a service is kept,
 *   longer when it holds a form of a given kind; data, seeded below.
 * - legal_holds: a case under hold (an open court case) is never deleted.
 * - case_deletions: a coordinator's proposal, with its dry-run counts, and an
 *   admin's decision; the proposer can never decide.
 * - case_tombstones: what remains of a deleted case — its code, service,
 *   comune, closure and deletion dates, who proposed and confirmed, counts —
 *   so the audit events, which name cases by id, stay resolvable.
 * - The append-only triggers of submission_revisions, audit_events and
 *   audit_event_cases get their one exception: a DELETE (never an UPDATE or a
 *   TRUNCATE) inside a transaction that declared, with a transaction-local
 *   setting, the case it deletes or the cutoff of the audit pruning.
 */

// Initial rules: one per service (every service the reference data has), for every kind of
// form (form_kind null). They are a starting value, not a legal figure: the Ente's piano di
// conservazione (massimario di scarto) decides, and an admin changes the rows (ADR 0024).
const INITIAL_YEARS = 10;
const INITIAL_BASIS = "Valore iniziale: da confermare con il piano di conservazione dell'Ente";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("retention_rules")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    // Null: every case of the service. A kind: cases holding a form of that kind; the
    // longest applicable rule wins.
    .addColumn("form_kind", "text", (c) => c.check(sql`form_kind in ('intake', 'assessment', 'report', 'consent', 'other')`))
    .addColumn("years_after_closure", "integer", (c) => c.notNull().check(sql`years_after_closure between 1 and 100`))
    // Where the figure comes from, in words (shown to coordinators and admins).
    .addColumn("basis", "text", (c) => c.notNull().check(sql`length(basis) between 1 and 300`))
    .execute();
  await sql`create unique index retention_rules_unique on retention_rules (service_code, coalesce(form_kind, ''))`.execute(db);
  await sql`
    insert into retention_rules (service_code, form_kind, years_after_closure, basis)
    select code, null, ${INITIAL_YEARS}, ${INITIAL_BASIS} from services order by code`.execute(db);

  await db.schema
    .createTable("legal_holds")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`length(reason) between 1 and 500`))
    .addColumn("set_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("set_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("released_by", "integer", (c) => c.references("users.id"))
    .addColumn("released_at", "timestamptz")
    .addCheckConstraint("legal_holds_released_check", sql`(released_at is null) = (released_by is null)`)
    .execute();
  // At most one hold in force per case.
  await sql`create unique index legal_holds_active on legal_holds (case_id) where released_at is null`.execute(db);

  await db.schema
    .createTable("case_deletions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // No foreign key: the proposal outlives the case it deleted (with its tombstone).
    .addColumn("case_id", "integer", (c) => c.notNull())
    // The rule that made the case due, as it was when proposed.
    .addColumn("years_after_closure", "integer", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("proposed_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("proposed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The dry run at proposal: what would be removed, counted by kind (no content).
    .addColumn("dry_run", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('proposed', 'confirmed', 'rejected')`))
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("case_deletions_decided_check", sql`(status = 'proposed') = (decided_at is null) and (decided_at is null) = (decided_by is null)`)
    // Two people: whoever proposed can never confirm (nor reject) their own proposal.
    .addCheckConstraint("case_deletions_two_people", sql`decided_by is null or decided_by <> proposed_by`)
    .execute();
  await sql`create unique index case_deletions_pending on case_deletions (case_id) where status = 'proposed'`.execute(db);

  await db.schema
    .createTable("case_tombstones")
    // The deleted case's id: audit events and audit_event_cases keep naming it.
    .addColumn("case_id", "integer", (c) => c.primaryKey())
    // The file's code (the service's own file number), kept as an archive's deletion
    // register keeps what it discarded; never the pseudonym or any content.
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    .addColumn("comune_code", "text", (c) => c.references("comuni.code"))
    .addColumn("closed_at", "timestamptz", (c) => c.notNull())
    .addColumn("deleted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deletion_id", "integer", (c) => c.notNull().unique().references("case_deletions.id"))
    // What was removed, counted by kind.
    .addColumn("removed", "jsonb", (c) => c.notNull())
    .execute();

  // The case's id outlives its row (its tombstone has it): the audit trail keeps naming it.
  await sql`alter table audit_event_cases drop constraint audit_event_cases_case_id_fkey`.execute(db);

  // The one exception to the append-only rule (ADR 0024): a DELETE of the revisions of
  // the case a transaction declared with set_config('schedario.deleting_case', id, true).
  await sql`
    create or replace function submission_revisions_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and old.submission_id in (
        select id from submissions where case_id::text = current_setting('schedario.deleting_case', true)
      ) then
        return old;
      end if;
      raise exception 'submission_revisions is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);

  // Audit events: a DELETE of events older than the cutoff the transaction declared with
  // set_config('schedario.pruning_audit_before', timestamptz, true), and never of events
  // younger than 24 months, whatever the cutoff says.
  await sql`
    create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    declare
      cutoff text := current_setting('schedario.pruning_audit_before', true);
    begin
      if tg_op = 'DELETE' and coalesce(cutoff, '') <> ''
        and old.occurred_at < least(cutoff::timestamptz, now() - interval '24 months') then
        return old;
      end if;
      raise exception 'audit_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
  await sql`
    create or replace function audit_event_cases_append_only() returns trigger language plpgsql as $$
    declare
      cutoff text := current_setting('schedario.pruning_audit_before', true);
    begin
      if tg_op = 'DELETE' and coalesce(cutoff, '') <> '' and exists (
        select 1 from audit_events e
        where e.id = old.event_id and e.occurred_at < least(cutoff::timestamptz, now() - interval '24 months')
      ) then
        return old;
      end if;
      raise exception 'audit_event_cases is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
