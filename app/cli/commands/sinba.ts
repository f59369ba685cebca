import { scopeFor } from "~/auth/policy";
import { SinbaConfigError } from "~/sinba/config.server";
import { exportSinba, parseSinbaPeriod, SinbaInputError } from "~/sinba/sinba.server";
import { CliError, type CliCommand } from "../command";
import { cliAudit } from "./options";

/** The operator at the terminal acts for the whole Ambito, like an admin (the export is audited). */
const ambitoScope = () => scopeFor([{ id: 0, role: "admin", service: null, comune: null }], "sinba.export");

export const sinbaCommands: CliCommand[] = [
  {
    name: ["sinba", "export"],
    help:
      "Usage: sinba export --from YYYY-MM-DD --to YYYY-MM-DD [--comune C]\n\n" +
      "Prints the SINBA flow to INPS (XML, schema v1.0.0) for the cases in carico between --from and --to\n" +
      "(both included), of one comune with --comune. Cases missing a required item are left out: the page\n" +
      "/sinba lists them with where to fill each item. Needs SINBA_PSEUDONYM_KEY, SINBA_ENTE_CODE and\n" +
      "SINBA_OPERATOR_TAX_CODE in production (README › Configuration). Recorded in the audit trail.",
    options: { from: { type: "string" }, to: { type: "string" }, comune: { type: "string" } },
    async run(ctx, { values }) {
      try {
        const period = parseSinbaPeriod({ from: values.from as string | undefined, to: values.to as string | undefined, comune: values.comune as string | undefined });
        const db = await ctx.db();
        const result = await db.transaction().execute((trx) => exportSinba(trx, { scope: ambitoScope(), audit: cliAudit() }, period));
        ctx.stdout(result.xml.trimEnd());
      } catch (error) {
        if (error instanceof SinbaInputError || error instanceof SinbaConfigError) throw new CliError(error.message);
        throw error;
      }
    },
  },
];
