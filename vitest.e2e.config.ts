import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser tests: one built app served by server.mjs on a free port with a
// fresh PGlite, driven by playwright-core through Debian's Chromium.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    // One server and one browser at a time keep the two cores from thrashing.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
