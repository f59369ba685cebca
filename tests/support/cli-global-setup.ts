import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the CLI bundled once for this run (see run-cli.ts). */
    cliBundle: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const require = createRequire(path.join(root, "package.json"));

/**
 * Bundles `app/cli/main.ts` once per test run. A CLI process started through
 * tsx spends 2–6 s compiling and resolving the app's TypeScript before its
 * first line runs; the bundle starts in about half a second, which the CLI
 * tests (one process per case) pay hundreds of times. The packages stay
 * outside the bundle, loaded from node_modules as `npm run cli` loads them,
 * so the file lives under node_modules/.cache to resolve them; JSON files
 * imported from packages go in, as Node wants an import attribute for them.
 */
export default async function setup(project: TestProject) {
  const dir = path.join(root, "node_modules/.cache/schedario-tests");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `cli-${process.pid}-${randomBytes(4).toString("hex")}.mjs`);
  await build({
    entryPoints: [path.join(root, "app/cli/main.ts")],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    plugins: [
      {
        name: "packages-outside",
        setup(builder) {
          builder.onResolve({ filter: /^[^./~]/ }, (args) =>
            args.path.endsWith(".json") ? { path: require.resolve(args.path) } : { external: true },
          );
        },
      },
    ],
  });
  project.provide("cliBundle", file);
  return () => rm(file, { force: true });
}
