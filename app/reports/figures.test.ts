import { describe, expect, it } from "vitest";
import { daysText, durationStats, parseThreshold, percentile, shownCount } from "./figures";

describe("small-count suppression", () => {
  it("shows 1 to threshold − 1 as «< threshold», 0 and the threshold up as they are", () => {
    expect([0, 1, 4, 5, 12345].map((n) => shownCount(n, 5))).toEqual([
      { text: "0", value: 0 },
      { text: "< 5", value: null },
      { text: "< 5", value: null },
      { text: "5", value: 5 },
      { text: "12.345", value: 12345 },
    ]);
    expect(shownCount(1, 1)).toEqual({ text: "1", value: 1 });
  });

  it("reads the threshold from configuration, 5 by default, and refuses nonsense", () => {
    expect(parseThreshold(undefined)).toBe(5);
    expect(parseThreshold(" 10 ")).toBe(10);
    expect(() => parseThreshold("0")).toThrow(/REPORT_MIN_COUNT/);
    expect(() => parseThreshold("cinque")).toThrow(/REPORT_MIN_COUNT/);
  });
});

describe("duration statistics", () => {
  it("uses nearest-rank percentiles, values that occurred", () => {
    expect(percentile([1, 2, 4, 6, 8, 10], 50)).toBe(4);
    expect(percentile([1, 2, 4, 6, 8, 10], 25)).toBe(2);
    expect(percentile([1, 2, 4, 6, 8, 10], 75)).toBe(8);
    expect(percentile([7], 25)).toBe(7);
  });

  it("gives nothing below the threshold, quartiles from it up", () => {
    expect(durationStats([3, 1, 2, 5], 5)).toBeNull();
    expect(durationStats([], 1)).toBeNull();
    expect(durationStats([10, 2, 8, 4, 6], 5)).toEqual({ n: 5, min: 2, p25: 4, median: 6, p75: 8, max: 10 });
  });

  it("says days in Italian", () => {
    expect(daysText(1)).toBe("1 giorno");
    expect(daysText(12)).toBe("12 giorni");
  });
});
