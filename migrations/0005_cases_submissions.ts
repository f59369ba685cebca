import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("code", "text", (c) => c.notNull())
    // A pseudonym of the minor (never a name or a tax code): the link to the
    // person lives in the service's own records, not in this database.
    .addColumn("minor_ref", "text", (c) => c.notNull())
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    .addColumn("comune_code", "text", (c) => c.references("comuni.code"))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("closed_at", "timestamptz")
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addUniqueConstraint("cases_service_code_key", ["service_code", "code"])
    .execute();

  await db.schema
    .createTable("submissions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Pinned to the exact version it was made with (DESIGN §5), for its whole life.
    .addColumn("form_version_id", "integer", (c) => c.notNull().references("form_versions.id"))
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    .addColumn("comune_code", "text", (c) => c.references("comuni.code"))
    .addColumn("case_id", "integer", (c) => c.references("cases.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
    // The number of the latest row in submission_revisions; the optimistic-lock token.
    .addColumn("revision", "integer", (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("submissions_scope").on("submissions").columns(["service_code", "comune_code"]).execute();
  await db.schema.createIndex("submissions_form_version").on("submissions").column("form_version_id").execute();
  await db.schema.createIndex("submissions_case").on("submissions").column("case_id").execute();

  await db.schema
    .createTable("submission_revisions")
    .addColumn("submission_id", "integer", (c) => c.notNull().references("submissions.id"))
    .addColumn("revision", "integer", (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
    // jsonb: the data is read by pointer, never shown in key order (the schema gives the order).
    .addColumn("data", "jsonb", (c) => c.notNull().check(sql`jsonb_typeof(data) = 'object'`))
    // Why a submitted form was amended; required by the app for amendments.
    .addColumn("reason", "text")
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("submission_revisions_pkey", ["submission_id", "revision"])
    .execute();

  // Every save is a new revision and history is never rewritten (DESIGN §5):
  // enforced here, like audit_events, so no application bug or hand-written SQL can.
  await sql`
    create function submission_revisions_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'submission_revisions is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
  await sql`
    create trigger submission_revisions_no_update_delete
    before update or delete on submission_revisions
    for each row execute function submission_revisions_append_only()`.execute(db);
  await sql`
    create trigger submission_revisions_no_truncate
    before truncate on submission_revisions
    for each statement execute function submission_revisions_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
