import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("consent_requests")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // The link is /c/<token_id>.<secret>: token_id finds the row, the secret proves
    // possession. Only SHA-256(secret) is stored (ADR 0010).
    .addColumn("token_id", "text", (c) => c.notNull().unique())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    // The exact version whose text the family will read, chosen when the link is made.
    .addColumn("form_version_id", "integer", (c) => c.notNull().references("form_versions.id"))
    .addColumn("service_code", "text", (c) => c.notNull().references("services.code"))
    .addColumn("comune_code", "text", (c) => c.references("comuni.code"))
    .addColumn("case_id", "integer", (c) => c.references("cases.id"))
    .addColumn("recipient_name", "text", (c) => c.notNull())
    .addColumn("recipient_relationship", "text")
    .addColumn("recipient_email", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "integer", (c) => c.references("users.id"))
    // "Send again" revokes a link and makes a new one: the new one remembers which it replaced.
    .addColumn("replaces_id", "integer", (c) => c.references("consent_requests.id"))
    // The answer's evidence (DESIGN §5): the hash of the exact text shown, when,
    // from which address and browser. Written once, with the submission.
    .addColumn("answered_at", "timestamptz")
    .addColumn("answered_text_hash", "text")
    .addColumn("answered_ip", "text")
    .addColumn("answered_user_agent", "text")
    .addCheckConstraint("consent_requests_answered_check", sql`(answered_at is null) = (answered_text_hash is null)`)
    .addCheckConstraint("consent_requests_revoked_check", sql`(revoked_at is null) = (revoked_by is null)`)
    .execute();
  await db.schema.createIndex("consent_requests_scope").on("consent_requests").columns(["service_code", "comune_code"]).execute();
  await db.schema.createIndex("consent_requests_case").on("consent_requests").column("case_id").execute();

  // A family has no account: a submission (and each revision) made through a
  // consent link names that request instead of a user. Exactly one of the two.
  await sql`alter table submissions alter column created_by drop not null`.execute(db);
  await sql`alter table submissions add column consent_request_id integer unique references consent_requests (id)`.execute(db);
  await sql`alter table submissions add constraint submissions_author_check
    check (num_nonnulls(created_by, consent_request_id) = 1)`.execute(db);
  await sql`alter table submission_revisions alter column author_id drop not null`.execute(db);
  await sql`alter table submission_revisions add column consent_request_id integer references consent_requests (id)`.execute(db);
  await sql`alter table submission_revisions add constraint submission_revisions_author_check
    check (num_nonnulls(author_id, consent_request_id) = 1)`.execute(db);

  // Consent outcomes are statuses of the submission and of its revisions:
  // declined ("non acconsento" is an answer, not an error) and withdrawn
  // (a later revision; the signed one stays as it was).
  for (const table of ["submissions", "submission_revisions"]) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_status_check`)}`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_status_check`)}
      check (status in ('draft', 'submitted', 'declined', 'withdrawn'))`.execute(db);
  }

  // Declared exceptions to "both holders of parental responsibility consent"
  // (DOMAIN §3), per case: recorded by a worker, never edited (a new one is recorded).
  await db.schema
    .createTable("consent_exceptions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('parent-absent', 'court-order', 'sole-parent', 'psychologist-court-ordered')`)
    )
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("consent_exceptions_case").on("consent_exceptions").column("case_id").execute();

  // Requests per client address on the public family pages, in fixed windows
  // (the app is stateless: every process counts in the same row).
  await db.schema
    .createTable("request_rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
