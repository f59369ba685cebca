import { InputError } from "~/auth/input-error";
import { createUser } from "~/auth/users.server";
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
        if (error instanceof InputError) throw new CliError(Object.values(error.fields).join(" "));
        throw error;
      }
    },
  },
];
