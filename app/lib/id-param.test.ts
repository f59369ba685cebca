import { describe, expect, it } from "vitest";
import { parseIdParam } from "./id-param";

describe("parseIdParam", () => {
  it.each([
    ["1", 1],
    ["2147483647", 2147483647],
    ["2147483648", undefined],
    ["0", undefined],
    ["01", undefined],
    ["-1", undefined],
    ["1e3", undefined],
    ["abc", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j → %j", (value, id) => {
    expect(parseIdParam(value)).toBe(id);
  });
});
