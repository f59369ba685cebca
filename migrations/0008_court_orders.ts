import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

/**
 * Court orders (provvedimenti) of a case and the due dates of the reports
 * they ask for (issue 13). Case data: they follow the case's scope (through
 * case_id) and its retention.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("court_orders")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("authority", "text", (c) =>
      c.notNull().check(sql`authority in ('tribunale-minorenni', 'tribunale-ordinario', 'procura-minorenni', 'giudice-tutelare')`)
    )
    // The court's docket number (R.G.), as written on the decree.
    .addColumn("docket_number", "text", (c) => c.notNull().check(sql`length(docket_number) between 1 and 40`))
    .addColumn("issued_on", "date", (c) => c.notNull())
    .addColumn("order_type", "text", (c) => c.notNull().check(sql`length(order_type) between 1 and 40`))
    // What the service must do, as the decree says it.
    .addColumn("duties", "text", (c) => c.notNull().check(sql`length(duties) <= 4000`))
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("court_orders_case").on("court_orders").column("case_id").execute();

  await db.schema
    .createTable("court_order_deadlines")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("court_order_id", "integer", (c) => c.notNull().references("court_orders.id"))
    .addColumn("due_on", "date", (c) => c.notNull())
    // The relazione filed for this deadline, once it is.
    .addColumn("report_submission_id", "integer", (c) => c.references("submissions.id"))
    .addColumn("report_linked_at", "timestamptz")
    .execute();
  await db.schema.createIndex("court_order_deadlines_order").on("court_order_deadlines").column("court_order_id").execute();
  // Il mio lavoro asks for the open deadlines by date.
  await db.schema
    .createIndex("court_order_deadlines_open_due")
    .on("court_order_deadlines")
    .column("due_on")
    .where(sql.ref("report_submission_id"), "is", null)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
