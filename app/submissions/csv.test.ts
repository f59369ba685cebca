import { describe, expect, it } from "vitest";
import { csvCell, csvRow, csvTextCell } from "./csv";

describe("csvCell", () => {
  it.each([
    [undefined, ""],
    [null, ""],
    ["semplice", "semplice"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['il "mondo"', '"il ""mondo"""'],
    ["riga 1\nriga 2", '"riga 1\nriga 2"'],
    ["a\r\nb", '"a\r\nb"'],
    [42, "42"],
    [-3.5, "-3.5"],
    [true, "true"],
    [false, "false"],
    [["scuola", "famiglia"], "scuola; famiglia"],
    [[{ nome: "A" }], '"[{""nome"":""A""}]"'],
    [{ a: 1 }, '"{""a"":1}"'],
  ])("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ["=HYPERLINK(\"http://x\")", `"'=HYPERLINK(""http://x"")"`],
    ["+39 0362 1234", "'+39 0362 1234"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tnascosto", "'\tnascosto"],
    ["\r=1", `"'\r=1"`],
    [["=1", "b"], "'=1; b"],
  ])("neutralises the formula in %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("protects header text the same way", () => {
    expect(csvTextCell("=Titolo, con virgola")).toBe(`"'=Titolo, con virgola"`);
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", '"b,c"', ""])).toBe('a,"b,c",\r\n');
  });
});
