import { recordAuditEvent } from "~/audit/audit.server";
import { createApiToken } from "~/auth/tokens.server";
import { findUserForLogin } from "~/auth/users.server";
import { CliError, type CliCommand } from "../command";
import { cliAudit, requiredString } from "./options";

export const tokenCommands: CliCommand[] = [
  {
    name: ["token", "create"],
    help:
      "Usage: token create --email E [--name N]\n\n" +
      "Creates an API token for the user and prints it once: only its hash is stored, so it cannot be shown again.\n" +
      "Use it as `Authorization: Bearer <token>` on /api/v1.",
    options: { email: { type: "string" }, name: { type: "string" } },
    async run(ctx, { values }) {
      const email = requiredString(values, "email");
      const name = (values.name as string | undefined)?.trim() || "Creato da riga di comando";
      const db = await ctx.db();
      const user = await findUserForLogin(db, email);
      if (!user) throw new CliError(`no user with e-mail ${email}`);
      if (user.disabled_at) throw new CliError(`the user ${email} is disabled`);
      const token = await db.transaction().execute(async (trx) => {
        const created = await createApiToken(trx, user.id, name);
        await recordAuditEvent(trx, {
          ...cliAudit(),
          action: "token.created",
          target: { type: "user", id: user.id },
          details: { tokenId: created.apiToken.id, name: created.apiToken.name },
        });
        return created.token;
      });
      ctx.stdout(token);
    },
  },
];
