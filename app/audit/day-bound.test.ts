import { describe, expect, it } from "vitest";
import { parseDayBound } from "./day-bound";

describe("parseDayBound", () => {
  it.each([
    ["2026-11-01", "from", "2026-11-01T00:00:00.000Z"],
    ["2026-11-30", "to", "2026-12-01T00:00:00.000Z"],
    ["2026-12-31", "to", "2027-01-01T00:00:00.000Z"],
  ] as const)("%s as %s → %s", (text, bound, iso) => {
    expect(parseDayBound(text, bound)?.toISOString()).toBe(iso);
  });

  it.each([[""], ["2026-13-01"], ["30/11/2026"], ["2026-11-30T14:00:00Z"], ["ieri"]])("%j is not a day", (text) => {
    expect(parseDayBound(text, "from")).toBeUndefined();
  });
});
