import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // A consent signed on paper and recorded by a worker (issue 15): who signed, as
  // what, when, the answer to each purpose of the consent form version they signed,
  // and which worker witnessed it. Never edited: a later paper consent supersedes it.
  await db.schema
    .createTable("paper_consents")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("form_version_id", "integer", (c) => c.notNull().references("form_versions.id"))
    .addColumn("signer_name", "text", (c) => c.notNull())
    .addColumn("relationship", "text", (c) => c.notNull())
    .addColumn("signed_on", "date", (c) => c.notNull())
    // Purpose (question name) → the value of the chosen option ("acconsento", "non-acconsento", …).
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .addColumn("witnessed_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recorded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("paper_consents_answers_check", sql`jsonb_typeof(answers) = 'object'`)
    .execute();
  await db.schema.createIndex("paper_consents_case").on("paper_consents").column("case_id").execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
