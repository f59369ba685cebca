import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // Which cases a list or an export showed (issue 17): one row per event × case,
  // so "who has seen this case" finds list views and exports by an index on the
  // case instead of searching every event's details. Part of the audit trail:
  // append-only like audit_events.
  await db.schema
    .createTable("audit_event_cases")
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    // No foreign key to audit_events: it would make TRUNCATE audit_events fail on the
    // reference before the append-only trigger could refuse it with its own message.
    .addColumn("event_id", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("audit_event_cases_pkey", ["case_id", "event_id"])
    .execute();
  await sql`
    create function audit_event_cases_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event_cases is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
  await sql`
    create trigger audit_event_cases_no_update_delete
    before update or delete on audit_event_cases
    for each row execute function audit_event_cases_append_only()`.execute(db);
  await sql`
    create trigger audit_event_cases_no_truncate
    before truncate on audit_event_cases
    for each statement execute function audit_event_cases_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
