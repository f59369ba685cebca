import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startServer } from "../../support/start-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * Builds the app once as in production — vitest sets NODE_ENV=test, which would
 * give Vite a development build (React's development bundle, the development
 * CSP) — then serves it on a free port with a fresh embedded database and
 * demo data (the server itself runs with NODE_ENV=test, so it seeds them).
 */
export default async function setup(project: TestProject) {
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);

  const dataDir = await mkdtemp(path.join(tmpdir(), "schedario-e2e-"));
  const server = await startServer({ PGLITE_DIR: path.join(dataDir, "pglite") });
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
    // A browser test sees a 500 only as a console line: what the server logged says why.
    if (server.errors()) console.error(`The server logged errors during the browser tests:\n${server.errors()}`);
    await rm(dataDir, { recursive: true, force: true });
  };
}
