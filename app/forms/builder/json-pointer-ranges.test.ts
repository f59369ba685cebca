import { describe, expect, it } from "vitest";
import { jsonPointerRanges } from "./json-pointer-ranges";

describe("jsonPointerRanges", () => {
  const text = '{\n  "a": {"b~c": [1, "x\\"y", {"d/e": null}]},\n  "f": true\n}';
  const ranges = jsonPointerRanges(text);
  const at = (pointer: string) => {
    const r = ranges.get(pointer)!;
    return text.slice(r.from, r.to);
  };

  it.each([
    ["", text],
    ["/a", '{"b~c": [1, "x\\"y", {"d/e": null}]}'],
    ["/a/b~0c/0", "1"],
    ["/a/b~0c/1", '"x\\"y"'],
    ["/a/b~0c/2/d~1e", "null"],
    ["/f", "true"],
  ])("%s", (pointer, expected) => {
    expect(at(pointer)).toBe(expected);
  });

  it("gives nothing for invalid JSON", () => {
    expect(jsonPointerRanges('{"a": ').size).toBe(0);
  });
});
