import { format } from "node:util";
import { afterEach, beforeEach, vi } from "vitest";

// A console.error during a test is a bug we have not looked at yet (epic-stack):
// make it fail the test instead of scrolling by.
let errors: string[] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(format(...args));
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (errors.length) throw new Error(`console.error was called:\n${errors.join("\n")}`);
});
