import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("forms")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('intake', 'assessment', 'report', 'consent', 'other')`),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("form_services")
    .addColumn("form_id", "integer", (c) => c.notNull().references("forms.id").onDelete("cascade"))
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    .addPrimaryKeyConstraint("form_services_pkey", ["form_id", "service_code"])
    .execute();

  await db.schema
    .createTable("form_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("form_id", "integer", (c) => c.notNull().references("forms.id"))
    // Numbered at publish (1, 2, 3… per form); a draft has no number yet.
    .addColumn("version", "integer")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published', 'retired')`),
    )
    // json, not jsonb: jsonb reorders object keys, and rjsf shows fields in the
    // order of `properties`; the hash is computed over exactly this text too.
    .addColumn("schema", "json", (c) => c.notNull())
    .addColumn("ui_schema", "json", (c) => c.notNull().defaultTo(sql`'{}'::json`))
    .addColumn("content_hash", "text", (c) => c.notNull())
    // The browser's precompiled validator (ajv standalone code), generated at publish.
    .addColumn("standalone_code", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "integer", (c) => c.references("users.id"))
    .addColumn("retired_at", "timestamptz")
    .addUniqueConstraint("form_versions_form_version_key", ["form_id", "version"])
    .addCheckConstraint(
      "form_versions_numbered_when_published",
      sql`(status = 'draft') = (version is null)
        and (status = 'draft' or (published_at is not null and standalone_code is not null))
        and ((status = 'retired') = (retired_at is not null))`,
    )
    .execute();
  // The builder edits one draft per form at a time.
  await sql`create unique index form_versions_one_draft on form_versions (form_id) where status = 'draft'`.execute(db);

  // Submissions pin the exact version they were made with, so a published
  // version must never change: enforced here, where no application bug or
  // hand-written SQL can get around it. Retiring (status and retired_at) stays possible.
  await sql`
    create function form_versions_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'form version % is % and cannot be deleted', old.id, old.status
            using errcode = 'integrity_constraint_violation';
        end if;
        return old;
      end if;
      if old.status = 'draft' then
        return new;
      end if;
      if new.schema::text is distinct from old.schema::text
        or new.ui_schema::text is distinct from old.ui_schema::text
        or new.content_hash is distinct from old.content_hash
        or new.standalone_code is distinct from old.standalone_code
        or new.version is distinct from old.version
        or new.form_id is distinct from old.form_id
        or new.published_at is distinct from old.published_at
        or new.published_by is distinct from old.published_by then
        raise exception 'form version % is published and immutable', old.id
          using errcode = 'integrity_constraint_violation';
      end if;
      if new.status = 'draft' or (old.status = 'retired' and new.status <> 'retired') then
        raise exception 'form version % cannot go from % back to %', old.id, old.status, new.status
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end;
    $$`.execute(db);
  await sql`
    create trigger form_versions_published_immutable
    before update or delete on form_versions
    for each row execute function form_versions_immutable()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
