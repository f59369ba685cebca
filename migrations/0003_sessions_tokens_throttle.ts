import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

export async function up(db: Kysely<any>): Promise<void> {
  // Lucia-style sessions: the cookie holds "id.secret"; only SHA-256(secret) is stored,
  // so a leaked copy of this table cannot be replayed as cookies.
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

  // API tokens use the same "id.secret" shape and the same hashing as sessions.
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("secret_hash", "bytea", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("api_tokens_user_id").on("api_tokens").column("user_id").execute();

  // Failed-login counters live in the database so that every app process
  // behind a load balancer sees the same counts. key: "account:<e-mail>" or "address:<ip>".
  await db.schema
    .createTable("login_throttles")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("locked_until", "timestamptz")
    .execute();

  // When the password last changed: shown to the user, and lets an operator
  // see that a reset really happened.
  await db.schema.alterTable("users").addColumn("password_changed_at", "timestamptz").execute();

  await db.schema
    .createIndex("audit_events_actor")
    .on("audit_events")
    .columns(["actor_user_id", "occurred_at"])
    .execute();
  await db.schema.createIndex("audit_events_action").on("audit_events").columns(["action", "occurred_at"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
