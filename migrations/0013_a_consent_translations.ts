import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // Translations of a published consent form version (issue 15, ADR 0023): the
  // translated strings keyed by the JSON pointer of the Italian string they
  // translate (title, consent text, questions, options). Versioned per form
  // version and language; a draft is approved once by an admin and is never
  // changed after that (a correction is a new version). The Italian form
  // version itself is never touched.
  await db.schema
    .createTable("consent_translations")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("form_version_id", "integer", (c) => c.notNull().references("form_versions.id"))
    // A code of app/consent/data/languages.json (checked by the app: the set of languages is data).
    .addColumn("language", "text", (c) => c.notNull().check(sql`language ~ '^[a-z]{2,3}$' and language <> 'it'`))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    // Italian JSON pointer → translated string.
    .addColumn("strings", "jsonb", (c) => c.notNull())
    // SHA-256 (hex) of the translated consent text, as consent_requests.answered_text_hash is of the Italian one.
    .addColumn("text_hash", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'approved')`))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("approved_by", "integer", (c) => c.references("users.id"))
    .addColumn("approved_at", "timestamptz")
    .addCheckConstraint("consent_translations_strings_check", sql`jsonb_typeof(strings) = 'object'`)
    .addCheckConstraint(
      "consent_translations_approved_check",
      sql`(status = 'approved') = (approved_at is not null) and (approved_by is null or approved_at is not null)`
    )
    .addUniqueConstraint("consent_translations_version_unique", ["form_version_id", "language", "version"])
    .execute();

  // An approved translation is evidence (a family may have signed it): never updated or deleted.
  // A draft may only become approved, with its strings as they were.
  await sql`
    create function consent_translations_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status = 'approved' then
          raise exception 'consent translation % is approved and immutable', old.id using errcode = 'integrity_constraint_violation';
        end if;
        return old;
      end if;
      if old.status = 'approved'
        or new.strings::text is distinct from old.strings::text
        or new.text_hash is distinct from old.text_hash
        or new.language is distinct from old.language
        or new.version is distinct from old.version
        or new.form_version_id is distinct from old.form_version_id then
        raise exception 'consent translation % cannot be changed', old.id using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end;
    $$`.execute(db);
  await sql`
    create trigger consent_translations_immutable
    before update or delete on consent_translations
    for each row execute function consent_translations_immutable()`.execute(db);

  // The answer's language: which translation (and its text hash) the family read and
  // signed; answered_text_hash stays the Italian original's hash. Null translation:
  // answered in Italian.
  await sql`alter table consent_requests add column answered_language text`.execute(db);
  await sql`alter table consent_requests add column answered_translation_id integer references consent_translations (id)`.execute(db);
  await sql`alter table consent_requests add column answered_translation_hash text`.execute(db);
  await sql`update consent_requests set answered_language = 'it' where answered_at is not null`.execute(db);
  await sql`alter table consent_requests add constraint consent_requests_answered_language_check
    check ((answered_at is null) = (answered_language is null)
      and (answered_translation_id is null) = (answered_translation_hash is null)
      and (answered_translation_id is null or answered_language <> 'it'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
