import { describe, expect, it } from "vitest";
import { JsonSyntaxError, locateJsonSyntaxError, parseJson } from "./parse-json";

describe("parseJson", () => {
  it("parses valid JSON, with or without a byte-order mark", () => {
    expect(parseJson('{"a": [1, true, null, "x\\u00e8"]}')).toEqual({ a: [1, true, null, "xè"] });
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ a: 1 });
  });

  it.each([
    ['{\n  "a": }', 2, 8, 'carattere inatteso "}"'],
    ['{\n  "a": 1,\n}', 3, 1, 'carattere inatteso "}"'],
    ["", 1, 1, "il testo finisce prima del previsto"],
    ['{"a": [1, 2', 1, 12, "il testo finisce prima del previsto"],
    ["{'a': 1}", 1, 2, `carattere inatteso "'"`],
    ['{"a": tru}', 1, 10, 'carattere inatteso "}"'],
    ['[1, 2]\nx', 2, 1, 'carattere inatteso "x"'],
    ['{"a": "\\x"}', 1, 9, 'carattere inatteso "x"'],
    ['{"a": 01}', 1, 8, 'carattere inatteso "1"'],
  ])("%j → line %i, column %i", (text, line, column, reason) => {
    let error: unknown;
    try {
      parseJson(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error).toMatchObject({ line, column, reason });
    expect((error as Error).message).toBe(`JSON non valido alla riga ${line}, colonna ${column}: ${reason}`);
  });

  it("locates errors in deeply nested text without overflowing the stack", () => {
    const text = "[".repeat(100_000);
    expect(locateJsonSyntaxError(text)).toBeLessThanOrEqual(text.length);
  });
});
