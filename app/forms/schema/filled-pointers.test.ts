import { describe, expect, it } from "vitest";
import { filledPointers } from "./filled-pointers";

describe("filledPointers", () => {
  it("lists filled values and the groups and lists that hold them, up to the root", () => {
    const data = { nome: "Luca", note: "", eta: 0, seguito: false, madre: { nome: null, telefono: " " }, padre: { nome: "Ugo" }, figli: [{ nome: "" }, { nome: "Ada" }], motivi: [] };
    expect([...filledPointers(data)].sort()).toEqual(["", "/eta", "/figli", "/figli/1", "/figli/1/nome", "/nome", "/padre", "/padre/nome", "/seguito"]);
  });

  it("escapes keys as JSON pointer tokens", () => {
    expect(filledPointers({ "a/b": { "c~d": 1 } })).toEqual(new Set(["", "/a~1b", "/a~1b/c~0d"]));
  });

  it("is empty for data with nothing filled", () => {
    expect(filledPointers({ a: {}, b: [], c: undefined }).size).toBe(0);
  });
});
