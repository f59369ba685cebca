import { migrateToLatest } from "~/db/migrate.server";
import { seedDemo } from "~/demo/seed.server";
import { CliError, type CliCommand } from "../command";

export const dbCommands: CliCommand[] = [
  {
    name: ["db", "migrate"],
    help: "Usage: db migrate\n\nApplies every pending migration in one transaction (nothing changes if one fails).",
    async run(ctx) {
      const applied = await migrateToLatest(await ctx.db({ allowPendingMigrations: true }));
      ctx.stdout(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
    },
  },
  {
    name: ["db", "seed-demo"],
    help:
      "Usage: db seed-demo\n\nMigrates, then creates the demo data (idempotent: running it twice changes nothing).\n" +
      "Refused when NODE_ENV=production.",
    async run(ctx) {
      if (process.env.NODE_ENV === "production") {
        throw new CliError("demo data is never seeded in production (NODE_ENV=production)");
      }
      const db = await ctx.db({ allowPendingMigrations: true });
      await migrateToLatest(db);
      const report = await seedDemo(db);
      ctx.stdout(report.length ? report.join("\n") : "Demo data: nothing to seed.");
    },
  },
];
