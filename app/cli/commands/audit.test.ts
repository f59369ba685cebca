import { describe, expect, it } from "vitest";
import { parseExportBound } from "./audit";

describe("parseExportBound", () => {
  it.each([
    ["2026-11-01", "from", "2026-11-01T00:00:00.000Z"],
    ["2026-11-30", "to", "2026-12-01T00:00:00.000Z"],
    ["2026-11-30T14:00:00Z", "to", "2026-11-30T14:00:00.000Z"],
    ["2026-11-30T14:00:00+01:00", "from", "2026-11-30T13:00:00.000Z"],
  ] as const)("%s as --%s → %s", (value, name, iso) => {
    expect(parseExportBound(value, name)?.toISOString()).toBe(iso);
  });

  it.each([["yesterday"], ["30/11/2026"], ["2026-13-01"], [""], ["1700000000"]])("rejects %j", (value) => {
    expect(() => parseExportBound(value, "from")).toThrow(/--from must be an ISO date/);
  });

  it("leaves an absent bound open", () => {
    expect(parseExportBound(undefined, "to")).toBeUndefined();
  });
});
