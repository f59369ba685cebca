import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

/**
 * Declared migrations (ADR 0012): a version may carry the mapping that
 * presents data of the version before it in its own shape (renamed or moved
 * fields, recoded option values). It is declared while the version is a
 * draft and becomes part of what is published, so the immutability trigger
 * of 0004 is replaced by one that also freezes `mapping`. Stored data is
 * never rewritten: the mapping is applied when data is read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // {"fromVersion": n, "rules": [{"from": "/a", "to": "/b", "recode"?: [{"from": x, "to": y}]}]}, or null.
  // json like schema and ui_schema: the admin's order of rules is kept as written.
  await db.schema.alterTable("form_versions").addColumn("mapping", "json").execute();
  // The publish page's impact check walks the drafts of each earlier version
  // in id order, batch by batch: without this every batch re-sorts all of them.
  await sql`create index submissions_drafts_by_version on submissions (form_version_id, id) where status = 'draft'`.execute(db);

  // 0004's function again, plus `mapping`: a migration never imports another, so the body is repeated on purpose.
  await sql`
    create or replace function form_versions_immutable() returns trigger language plpgsql as $$
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
        or new.mapping::text is distinct from old.mapping::text
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
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
