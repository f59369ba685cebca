import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // One-time password-reset links (ADR 0017). The link is /reimposta-password/<id>.<secret>:
  // the id finds the row, only SHA-256(secret) is stored, so reading this table gives
  // nobody a usable link.
  await db.schema
    .createTable("password_resets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // How the link was made: by an admin on the user's page, by the CLI, or asked for by e-mail.
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('admin', 'cli', 'email')`))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    // Set when the link is used or replaced by a newer one: it never works again.
    .addColumn("ended_at", "timestamptz")
    .execute();
  await db.schema.createIndex("password_resets_user_id").on("password_resets").column("user_id").execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
