import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser tests: one built app served by server.mjs on a free port with a
// fresh PGlite, driven by playwright-core through Debian's Chromium.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    // Two files at a time, each with its own browser, against the one server: the browsers
    // and the server wait on each other often enough that two share the two cores well
    // (480 s instead of 595 s for the whole suite), keeping .ci/run under 20 minutes.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // React renders a navigation's page a moment after the URL changes: what a page says is
    // polled (expect.poll), never read once right after a click or a waitForURL.
    expect: { poll: { timeout: 5_000 } },
  },
});
