import { InvalidInputError } from "~/lib/errors";
import { createPasswordReset } from "~/auth/password-reset.server";
import { createUser, findUserForLogin } from "~/auth/users.server";
import { ROLES } from "~/auth/policy";
import { CliError, type CliCommand } from "../command";
import { cliAudit, requiredString } from "./options";

export const userCommands: CliCommand[] = [
  {
    name: ["user", "create"],
    help:
      `Usage: user create --email E --password-stdin --role ${ROLES.join(
        "|"
      )} [--service S] [--comune C] [--name N]\n\n` +
      "Creates a user with a first membership. The password is read from standard input (never from the\n" +
      "command line, where it would stay in the shell history and the process list), e.g.\n" +
      "  printf '%s' \"$PASSWORD\" | npm run cli -- user create --email a@b.it --password-stdin --role admin\n" +
      "admin is Ambito-wide (no --service); the other roles need --service and may be limited to --comune.",
    options: {
      email: { type: "string" },
      "password-stdin": { type: "boolean" },
      role: { type: "string" },
      service: { type: "string" },
      comune: { type: "string" },
      name: { type: "string" },
    },
    async run(ctx, { values }) {
      const email = requiredString(values, "email");
      const role = requiredString(values, "role");
      if (!values["password-stdin"])
        throw new CliError("pass --password-stdin and write the password to standard input");
      // One trailing newline comes from `echo` or a here-string; anything else is part of the password.
      const password = (await ctx.stdin()).replace(/\r?\n$/, "");
      const db = await ctx.db();
      try {
        const id = await db.transaction().execute((trx) =>
          createUser(
            trx,
            {
              email,
              displayName: values.name as string | undefined,
              password,
              membership: {
                role,
                service: values.service as string | undefined,
                comune: values.comune as string | undefined,
              },
            },
            cliAudit()
          )
        );
        ctx.stdout(`Created user ${id} <${email}> as ${role}.`);
      } catch (error) {
        if (error instanceof InvalidInputError) throw new CliError(error.message);
        throw error;
      }
    },
  },
  {
    name: ["user", "reset-password"],
    help:
      "Usage: user reset-password --email E\n\n" +
      "Makes a one-time link where the user sets a new password, valid for 24 hours, and prints it (the full\n" +
      "URL, built from APP_ORIGIN) on standard output: hand it over in person or by phone, it is shown only once.\n" +
      "Any earlier open link of the user stops working. Setting the password ends every session and API token.",
    options: { email: { type: "string" } },
    async run(ctx, { values }) {
      const email = requiredString(values, "email");
      const db = await ctx.db();
      try {
        const { url } = await db.transaction().execute(async (trx) => {
          const user = await findUserForLogin(trx, email);
          if (!user) throw new CliError(`no user with e-mail ${email}`);
          return createPasswordReset(trx, user.id, "cli", cliAudit());
        });
        ctx.stdout(url);
      } catch (error) {
        if (error instanceof InvalidInputError) throw new CliError("the user is disabled: enable them first (Utenti page)");
        throw error;
      }
    },
  },
];
