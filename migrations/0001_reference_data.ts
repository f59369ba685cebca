import { sql, type Kysely } from "kysely";

// Migrations are frozen in time: they take Kysely<any> and never import app code.

const comuni = [
  ["barlassina", "Barlassina"],
  ["giussano", "Giussano"],
  ["lentate-sul-seveso", "Lentate sul Seveso"],
  ["meda", "Meda"],
  ["seregno", "Seregno"],
  ["seveso", "Seveso"],
] as const;

const services = [
  ["tutela-minori", "Servizio Tutela Minori (équipe territoriale)", true],
  ["penale-minorile", "Servizio Penale Minorile", false],
  ["regolamentazione-rapporti", "Servizio per la regolamentazione dei rapporti", false],
  ["spazio-neutro", "Spazio Neutro", false],
  ["affidi", "Servizio Associato Affidi", false],
  ["consulenza-legale", "Consulenza Legale", false],
  ["coordinamento-etim", "Direzione e Coordinamento dei Servizi Associati ed ETIM", false],
  ["supervisione-formazione", "Supervisione e Formazione", false],
  ["amministrativo", "Servizi amministrativi", false],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("comuni")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[a-z0-9-]+$'`))
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("services")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[a-z0-9-]+$'`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("is_territorial", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.insertInto("comuni").values(comuni.map(([code, name]) => ({ code, name }))).execute();
  await db
    .insertInto("services")
    .values(services.map(([code, name, is_territorial]) => ({ code, name, is_territorial })))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only");
}
