import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // Report definitions an admin publishes (issue 18 item 3, ADR 0027): the
  // same JSON as an entry of app/reports/data/definitions.json, checked by the
  // same JSON Schema in the app. Versioned like form versions: each publish of
  // a key is a new row, numbered 1, 2, 3… per key, never changed afterwards;
  // the highest version of a key is the one in force unless it is retired.
  await db.schema
    .createTable("report_definitions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("key", "text", (c) => c.notNull().check(sql`key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 64`))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("definition", "jsonb", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("retired_by", "integer", (c) => c.references("users.id"))
    .addColumn("retired_at", "timestamptz")
    // The key and version inside the JSON are the row's own: one truth, whichever is read.
    .addCheckConstraint(
      "report_definitions_definition_check",
      sql`jsonb_typeof(definition) = 'object' and definition->>'key' = key and (definition->>'version')::integer = version`
    )
    .addCheckConstraint("report_definitions_retired_check", sql`(retired_at is null) = (retired_by is null)`)
    .addUniqueConstraint("report_definitions_key_version_unique", ["key", "version"])
    .execute();

  // A published definition never changes (what a figure meant stays readable in
  // the audit trail's version number) and is never deleted; it may only be
  // retired, once.
  await sql`
    create function report_definitions_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'report definition % cannot be deleted', old.id using errcode = 'integrity_constraint_violation';
      end if;
      if old.retired_at is not null
        or new.definition::text is distinct from old.definition::text
        or new.key is distinct from old.key
        or new.version is distinct from old.version
        or new.published_by is distinct from old.published_by
        or new.published_at is distinct from old.published_at then
        raise exception 'report definition % is published and immutable', old.id using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end;
    $$`.execute(db);
  await sql`
    create trigger report_definitions_immutable
    before update or delete on report_definitions
    for each row execute function report_definitions_immutable()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
