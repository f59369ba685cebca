import { existsSync } from "node:fs";
import { formBundle, readFormSource, readJsonFile, FormSourceError } from "~/forms/versions/bundle.server";
import { diffFormSchemas } from "~/forms/mapping/diff";
import { importForm } from "~/forms/versions/import.server";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { lintFormDefinition, type LintProblem } from "~/forms/validation/lint.server";
import { FormRegistryError, getForm, getFormVersion, listForms } from "~/forms/versions/registry.server";
import { fillTitlesFromKeys } from "~/forms/schema/titles-from-keys";
import { formVersionSchemaId, validateFormData, ValidatorCache, type ValidatableVersion } from "~/forms/validation/validators.server";
import { CliError, type CliCommand, type CliContext } from "../command";

const FILE_HELP = "FILE is a bare JSON Schema file (slug = file name), a form folder (schema.json, ui.json, form.json)\nor a bundle file {\"slug\",\"title\",\"kind\",\"schema\",\"uiSchema\"}.";

export const formsCommands: CliCommand[] = [
  {
    name: ["forms", "lint"],
    help: `Usage: forms lint FILE\n\nChecks a form definition and prints each problem with its JSON pointer.\n${FILE_HELP}`,
    async run(ctx, { positionals }) {
      const file = onePositional(positionals, "FILE");
      const source = await readSource(file);
      await lintOrFail(ctx, source);
      ctx.stdout(`${file}: no problems`);
    },
  },
  {
    name: ["forms", "validate"],
    help:
      'Usage: forms validate FILE|SLUG[@VERSION] DATA.json\n\nValidates data against a form; prints {"valid":…,"errors":[{"path","message"}]}.\n' +
      `Exit code 1 when the data is not valid. SLUG alone means its latest published version.\n${FILE_HELP}`,
    async run(ctx, { positionals }) {
      if (positionals.length !== 2) throw new CliError("expected FILE|SLUG[@VERSION] and DATA.json");
      const [target, dataFile] = positionals as [string, string];
      const data = await readJsonFile(dataFile).catch(rethrowAsCliError);
      const fromFile = existsSync(target);
      const version = fromFile ? await versionFromFile(ctx, target) : await versionFromRegistry(ctx, target);
      // A file is not a registered version: compile it apart from the shared cache.
      const result = validateFormData(version, data, fromFile ? new ValidatorCache(1) : undefined);
      ctx.stdout(JSON.stringify(result));
      if (!result.valid) throw new CliError(`the data is not valid (${plural(result.errors.length, "error")})`);
    },
  },
  {
    name: ["forms", "import"],
    help:
      "Usage: forms import FILE [--publish] [--services a,b] [--titles-from-keys]\n\nImports a form as a draft (or a published version with --publish), after lint.\n" +
      "A new form is offered to every service unless --services says otherwise.\n" +
      "--titles-from-keys gives fields without a title one made from their key (and options their value), and prints each.\n" +
      FILE_HELP,
    options: { publish: { type: "boolean" }, services: { type: "string" }, "titles-from-keys": { type: "boolean" } },
    async run(ctx, { positionals, values }) {
      const read = await readSource(onePositional(positionals, "FILE"));
      const source = values["titles-from-keys"] === true ? withTitlesFromKeys(ctx, read) : read;
      await lintOrFail(ctx, source);
      const services = typeof values.services === "string" ? values.services.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
      const db = await ctx.db();
      const { outcome, version } = await db
        .transaction()
        .execute((trx) => importForm(trx, source, { publish: values.publish === true, services, actor: { kind: "cli" } }))
        .catch(rethrowAsCliError);
      const which = version.version === null ? "draft" : `version ${version.version}`;
      ctx.stdout(
        outcome === "unchanged" ? `${source.slug}: unchanged (${which} has the same content)` : `${source.slug}: ${outcome === "published" ? "published" : "saved"} ${which}`,
      );
    },
  },
  {
    name: ["forms", "export"],
    help: "Usage: forms export SLUG[@VERSION]\n\nPrints a form version as a bundle file (importable with forms import). Default: latest published.",
    async run(ctx, { positionals }) {
      const { slug, version: number } = parseSlugVersion(onePositional(positionals, "SLUG[@VERSION]"));
      const db = await ctx.db();
      const [form, version] = await Promise.all([getForm(db, slug), getFormVersion(db, slug, number)]).catch(rethrowAsCliError);
      ctx.stdout(JSON.stringify(formBundle(form, version), null, 2));
    },
  },
  {
    name: ["forms", "list"],
    help: "Usage: forms list\n\nLists every form: slug, kind, latest published version, draft, services.",
    async run(ctx) {
      const forms = await listForms(await ctx.db());
      if (!forms.length) return ctx.stdout("No forms yet.");
      for (const f of forms) {
        const version = f.latestVersion === null ? "-" : `v${f.latestVersion}`;
        ctx.stdout(`${f.slug.padEnd(24)} ${f.kind.padEnd(11)} ${version.padEnd(5)} ${f.hasDraft ? "draft" : "     "}  ${f.title}  [${f.services.join(", ")}]`);
      }
    },
  },
  {
    name: ["forms", "diff"],
    help: "Usage: forms diff SLUG V1 V2\n\nFields added (+), removed (-) and changed (~: type, options, required, bounds) from version V1 to V2.",
    async run(ctx, { positionals }) {
      if (positionals.length !== 3) throw new CliError("expected SLUG V1 V2");
      const [slug, v1, v2] = positionals as [string, string, string];
      const [n1, n2] = [versionNumber(v1), versionNumber(v2)];
      const db = await ctx.db();
      const [a, b] = await Promise.all([getFormVersion(db, slug, n1), getFormVersion(db, slug, n2)]).catch(rethrowAsCliError);
      const changes = diffFormSchemas(a.schema, b.schema);
      if (!changes.length) return ctx.stdout(`${slug}: no field changes from v${a.version} to v${b.version}`);
      const mark = { added: "+", removed: "-", changed: "~" } as const;
      for (const c of changes) ctx.stdout(`${mark[c.change]} ${c.path}  ${c.title}: ${c.details.join("; ")}`);
    },
  },
];

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliError(`expected exactly one ${what}`);
  return positionals[0]!;
}

async function readSource(file: string) {
  return readFormSource(file).catch(rethrowAsCliError);
}

/** Prints every problem ("schema#/pointer: message") and fails when there is one. */
async function lintOrFail(ctx: CliContext, definition: { schema: unknown; uiSchema: unknown; kind?: string }): Promise<void> {
  const problems = await lintFormDefinition(definition);
  for (const p of problems) ctx.stdout(formatProblem(p));
  if (problems.length) throw new CliError(`${plural(problems.length, "problem")} found`);
}

/** The source with missing titles filled from keys; prints each filled title ("schema#/pointer: titolo «…» dal nome del campo"). */
function withTitlesFromKeys<T extends { schema: unknown }>(ctx: CliContext, source: T): T {
  const { schema, filled } = fillTitlesFromKeys(source.schema);
  for (const { pointer, title } of filled) ctx.stdout(`schema#${pointer}: titolo «${title}» preso dal nome`);
  return { ...source, schema };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function formatProblem(problem: LintProblem): string {
  return `${problem.source === "schema" ? "schema" : "ui"}#${problem.path}: ${problem.message}`;
}

async function versionFromFile(ctx: CliContext, file: string): Promise<ValidatableVersion> {
  const source = await readSource(file);
  await lintOrFail(ctx, source);
  return { schemaId: formVersionSchemaId(source.slug, "draft"), schema: source.schema as JsonSchema };
}

async function versionFromRegistry(ctx: CliContext, target: string): Promise<ValidatableVersion> {
  const { slug, version } = parseSlugVersion(target);
  return getFormVersion(await ctx.db(), slug, version).catch(rethrowAsCliError);
}

function parseSlugVersion(value: string): { slug: string; version?: number } {
  const [slug, version] = value.split("@");
  return { slug: slug!, version: version === undefined ? undefined : versionNumber(version) };
}

function versionNumber(value: string): number {
  const n = Number(value.replace(/^v/, ""));
  if (!Number.isInteger(n) || n < 1) throw new CliError(`"${value}" is not a version number`);
  return n;
}

/** Registry and file errors are the operator's to fix: one line, no stack trace. */
function rethrowAsCliError(error: unknown): never {
  if (error instanceof FormRegistryError || error instanceof FormSourceError) throw new CliError(error.message);
  throw error;
}
