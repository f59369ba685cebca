import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration tests run on PGlite always, and on PostgreSQL too when
// TEST_DATABASE_URL is set: one vitest project per database kind.
const databaseKinds = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  // The Remix vite plugin stays out of the test config (STACK.md pitfall 6).
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    setupFiles: ["tests/support/fail-on-console.ts"],
    // Vitest's default is one worker per core minus one: a single worker on these
    // 2-core machines, idle while the CLI tests wait for their child processes.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.{ts,tsx}", "tests/architecture/**/*.test.ts"] },
      },
      ...databaseKinds.map((kind) => ({
        extends: true as const,
        test: {
          name: kind,
          include: ["tests/integration/**/*.test.ts"],
          // These two spawn a CLI process per case (≈ 2–4 s each) to test argument handling and
          // output; the domain code they reach runs on PostgreSQL in the other integration tests,
          // and cli.test.ts still runs the CLI against PostgreSQL. Once is enough, on PGlite, to keep
          // .ci/run under 15 minutes.
          exclude: kind === "postgres" ? ["tests/integration/forms-cli.test.ts", "tests/integration/cli-auth.test.ts"] : [],
          // Many cases here spawn a CLI process or build a database; on a shared 2-core machine under
          // load (load average 9) some passed 30 s. Speed is measured in the benchmarks, not here.
          testTimeout: 90_000,
          globalSetup: ["tests/support/database-global-setup.ts", "tests/support/cli-global-setup.ts"],
          env: { TEST_DB_KIND: kind },
        },
      })),
      {
        extends: true,
        test: { name: "conformance", include: ["tests/conformance/**/*.test.ts"] },
      },
    ],
  },
});
